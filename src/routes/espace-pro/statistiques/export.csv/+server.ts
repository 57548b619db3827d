import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { csvResponse } from '$lib/server/csv-response';
import { getDb } from '$lib/server/db/client';
import { readStats, statsCsv } from '$lib/server/staff/stats';
import type { RequestHandler } from './$types';

/**
 * The statistics as CSV (same scope, same filters, same 404 as the page): `;` separator and a
 * UTF-8 BOM for French spreadsheet software, formula-safe cells, never cached, audited.
 */
export const GET: RequestHandler = async (event) => {
	const ctx = requireStaff(event);
	const now = new Date();
	const read = await readStats(getDb(), ctx, event.url.searchParams, 'stats_export', now);
	if (!read) error(404, 'Not found');
	const { filters } = read;
	const csv = statsCsv(read.stats, event.locals.t, event.locals.locale);
	const name = `statistiques-${filters.departement ?? 'departements'}-${filters.from}-${filters.to}.csv`;
	return csvResponse(csv, name);
};
