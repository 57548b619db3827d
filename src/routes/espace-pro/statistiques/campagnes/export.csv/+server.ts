import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { campagneStatsCsv, readCampagneStats } from '$lib/server/campagnes/stats';
import type { RequestHandler } from './$types';

/** The campaign statistics as CSV (same scope as the page): formula-safe, never cached, audited. */
export const GET: RequestHandler = async (event) => {
	const stats = await readCampagneStats(getDb(), requireStaff(event), 'stats_export', new Date());
	return new Response(campagneStatsCsv(stats, event.locals.t, event.locals.locale), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="statistiques-campagnes.csv"',
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
