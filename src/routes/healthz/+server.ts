import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/client';
import type { RequestHandler } from './$types';

/** For a load balancer: the database answers and its migrations are applied. */
export const GET: RequestHandler = () => {
	try {
		const row = getDb().$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
		return json({ status: 'ok', migrations: row.n }, { headers: { 'Cache-Control': 'no-store' } });
	} catch {
		return json({ status: 'unavailable' }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
	}
};
