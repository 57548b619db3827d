import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { evenementStatsCsv, readEvenementStats } from '$lib/server/evenements/stats';
import type { RequestHandler } from './$types';

/** The évènements' statistics as CSV (same scope as the page), never cached, audited. */
export const GET: RequestHandler = async (event) => {
	const staff = requireStaff(event);
	const read = await readEvenementStats(
		getDb(),
		staff,
		event.url.searchParams,
		'stats_export',
		new Date()
	);
	if (!read) error(404, 'Not found');
	return new Response(evenementStatsCsv(read.stats, event.locals.t, event.locals.locale), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="evenements-${read.departement ?? 'departements'}.csv"`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
