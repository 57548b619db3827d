import { error } from '@sveltejs/kit';
import { departementByCode } from '$lib/departements/data';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { MIN_MONTH, readStats, statsQueryString } from '$lib/server/staff/stats';
import { levelKeys, monthIn, outcomeKeys, sourceKeys } from '$lib/stats/compute';
import type { PageServerLoad } from './$types';

/** Server-rendered only: a GET form, SVG and tables need no JavaScript. */
export const csr = false;

/**
 * Statistics of the staff member's départements (all roles). A département outside the scope is
 * a 404, whatever the URL says. Counts only: nothing about a person is loaded or shown.
 */
export const load: PageServerLoad = async (event) => {
	const ctx = requireStaff(event);
	const now = new Date();
	const read = await readStats(getDb(), ctx, event.url.searchParams, 'stats_view', now);
	if (!read) error(404, 'Not found');
	const { filters, stats } = read;
	const currentYear = Number(monthIn(now, 'Europe/Paris').slice(0, 4));
	const firstYear = Number(MIN_MONTH.slice(0, 4));
	return {
		departements: ctx.departements.map((code) => ({
			code,
			name: departementByCode(code)?.name ?? code
		})),
		filters,
		years: Array.from({ length: currentYear - firstYear + 1 }, (_, i) => currentYear - i),
		bounds: { min: MIN_MONTH, max: monthIn(now, 'Europe/Paris') },
		keys: { source: sourceKeys, level: levelKeys, outcome: outcomeKeys },
		stats,
		exportHref: `/espace-pro/statistiques/export.csv?${statsQueryString(filters)}`
	};
};
