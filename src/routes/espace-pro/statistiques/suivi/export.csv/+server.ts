import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { csvResponse } from '$lib/server/csv-response';
import { getDb } from '$lib/server/db/client';
import { calibrationCsv, cohortCsv, readSuiviStats } from '$lib/server/suivi/stats';
import type { RequestHandler } from './$types';

/** The cohort (default) or the calibration (`?tableau=calibrage`) as CSV: same scope, audited. */
export const GET: RequestHandler = async (event) => {
	const ctx = requireStaff(event);
	const params = event.url.searchParams;
	const read = await readSuiviStats(getDb(), ctx, params, 'suivi_stats_export', new Date());
	if (!read) error(404, 'Not found');
	const calibration = params.get('tableau') === 'calibrage';
	const csv = (calibration ? calibrationCsv : cohortCsv)(read, event.locals.t, event.locals.locale);
	const name = calibration ? 'suivi-calibrage.csv' : `suivi-situations-${read.query.par}.csv`;
	return csvResponse(csv, name);
};
