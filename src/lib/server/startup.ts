import { getDb } from '$lib/server/db/client';
import { env } from '$lib/server/env';
import { logger } from '$lib/server/log';
import { seedDemoData } from '$lib/server/db/seed';

/** Validates the configuration, opens and migrates the database, seeds demo data if asked. */
export function startup(): void {
	const config = env();
	const db = getDb();
	if (config.DEMO_DATA) {
		const seeded = seedDemoData(db, { onlyIfEmpty: true });
		if (seeded) logger.info('demo data seeded');
	}
	logger.info('portal ready', { demoData: config.DEMO_DATA, nodeEnv: config.NODE_ENV });
}
