import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/client';
import { migrationCount } from '$lib/server/db/index';
import { env } from '$lib/server/env';
import { createHealthCheck, type HealthReport } from '$lib/server/health';
import { logger } from '$lib/server/log';
import { outboxBacklog } from '$lib/server/mail/outbox';
import type { RequestHandler } from './$types';

/** One check per process, its result kept a few seconds (src/lib/server/health.ts). */
let check: (() => Promise<HealthReport>) | undefined;
let lastState: string | undefined;

/**
 * For a load balancer: the database answers, its migrations are applied, it **accepts a write**
 * and its disk has room (a cheap probe, at most one write every 5 s, ADR 028); the outbox
 * backlog. 503 with the state when the database cannot take a booking.
 */
export const GET: RequestHandler = async () => {
	const headers = { 'Cache-Control': 'no-store' };
	try {
		check ??= createHealthCheck({ db: getDb, file: env().DATABASE_URL });
		const health = await check();
		// One log line when the state changes, not one per probe.
		if (health.database !== lastState) {
			if (health.ok) logger.info('health check ok', { database: health.database });
			else
				logger.error('health check failed', {
					database: health.database,
					code: health.errorCode ?? 'none'
				});
			lastState = health.database;
		}
		const db = getDb();
		const body = {
			status: health.ok ? 'ok' : 'unavailable',
			database: health.database,
			diskFreeBytes: health.diskFreeBytes,
			migrations: await migrationCount(db),
			outbox: await outboxBacklog(db)
		};
		return json(body, { status: health.ok ? 200 : 503, headers });
	} catch {
		return json({ status: 'unavailable', database: 'unavailable' }, { status: 503, headers });
	}
};
