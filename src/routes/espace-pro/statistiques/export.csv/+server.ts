import { error } from '@sveltejs/kit';
import { audit, requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { loadStats, parseStatsQuery, statsCsv } from '$lib/server/staff/stats';
import type { RequestHandler } from './$types';

/**
 * The statistics as CSV (same scope, same filters, same 404 as the page): `;` separator and a
 * UTF-8 BOM for French spreadsheet software, formula-safe cells, never cached, audited.
 */
export const GET: RequestHandler = (event) => {
	const ctx = requireStaff(event);
	const now = new Date();
	const parsed = parseStatsQuery(event.url.searchParams, ctx.departements, now);
	if (!parsed.ok) error(404, 'Not found');
	const { filters } = parsed;
	const db = getDb();
	const csv = statsCsv(
		loadStats(db, ctx.departements, filters, now),
		event.locals.t,
		event.locals.locale
	);
	audit(
		db,
		{
			userId: ctx.user.id,
			action: 'stats_export',
			departementCode: filters.departement ?? undefined,
			details: {
				from: filters.from,
				to: filters.to,
				departements: filters.departement ? 1 : ctx.departements.length
			}
		},
		now
	);
	const name = `statistiques-${filters.departement ?? 'departements'}-${filters.from}-${filters.to}.csv`;
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
