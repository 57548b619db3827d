import { getDb } from '$lib/server/db/client';
import { env } from '$lib/server/env';
import { logger } from '$lib/server/log';
import { seedDemoData } from '$lib/server/db/seed';
import { draftStore } from '$lib/server/questionnaire/context';

const HOUR_MS = 60 * 60 * 1000;

/** Deletes expired questionnaire drafts now and every hour (idempotent). */
function scheduleHousekeeping(): void {
	const purge = () => {
		const purged = draftStore().purgeExpired();
		if (purged > 0) logger.info('expired questionnaire drafts deleted', { count: purged });
	};
	purge();
	setInterval(purge, HOUR_MS).unref();
}

/** Validates the configuration, opens and migrates the database, seeds demo data if asked. */
export function startup(): void {
	const config = env();
	const db = getDb();
	if (config.DEMO_DATA) {
		const seeded = seedDemoData(db, { onlyIfEmpty: true });
		if (seeded) logger.info('demo data seeded');
	}
	scheduleHousekeeping();
	logger.info('portal ready', { demoData: config.DEMO_DATA, nodeEnv: config.NODE_ENV });
}
