import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/client';
import { outboxBacklog } from '$lib/server/mail/outbox';
import type { RequestHandler } from './$types';

/** For a load balancer: the database answers, its migrations are applied; the outbox backlog. */
export const GET: RequestHandler = () => {
	try {
		const db = getDb();
		const row = db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
		return json({ status: 'ok', migrations: row.n, outbox: outboxBacklog(db) }, { headers: { 'Cache-Control': 'no-store' } });
	} catch {
		return json({ status: 'unavailable' }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
	}
};
