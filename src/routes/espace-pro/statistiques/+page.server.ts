import { error } from '@sveltejs/kit';
import { departementByCode } from '$lib/departements/data';
import { audit, requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { MIN_MONTH, loadStats, parseStatsQuery, statsQueryString } from '$lib/server/staff/stats';
import { levelKeys, monthIn, outcomeKeys, sourceKeys } from '$lib/stats/compute';
import type { PageServerLoad } from './$types';

/** Server-rendered only: a GET form, SVG and tables need no JavaScript. */
export const csr = false;

/**
 * Statistics of the staff member's départements (all roles). A département outside the scope is
 * a 404, whatever the URL says. Counts only: nothing about a person is loaded or shown.
 */
export const load: PageServerLoad = (event) => {
	const ctx = requireStaff(event);
	const now = new Date();
	const parsed = parseStatsQuery(event.url.searchParams, ctx.departements, now);
	if (!parsed.ok) error(404, 'Not found');
	const { filters } = parsed;
	const db = getDb();
	const stats = loadStats(db, ctx.departements, filters, now);
	audit(
		db,
		{
			userId: ctx.user.id,
			action: 'stats_view',
			departementCode: filters.departement ?? undefined,
			details: {
				from: filters.from,
				to: filters.to,
				departements: filters.departement ? 1 : ctx.departements.length
			}
		},
		now
	);
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
