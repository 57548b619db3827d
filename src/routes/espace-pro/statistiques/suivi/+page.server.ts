import { error } from '@sveltejs/kit';
import { departementByCode } from '$lib/departements/data';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { readSuiviStats } from '$lib/server/suivi/stats';
import type { PageServerLoad } from './$types';

/** Server-rendered only: a GET form and tables need no JavaScript. */
export const csr = false;

/**
 * "Situations 6 mois après" and the calibration table (ADR 045), for the staff member's
 * départements (all roles). Counts only; a département outside the scope is a 404.
 */
export const load: PageServerLoad = async (event) => {
	const ctx = requireStaff(event);
	const read = await readSuiviStats(
		getDb(),
		ctx,
		event.url.searchParams,
		'suivi_stats_view',
		new Date()
	);
	if (!read) error(404, 'Not found');
	const query = new URLSearchParams({ par: read.query.par });
	if (read.query.departement) query.set('departement', read.query.departement);
	if (read.query.version) query.set('version', read.query.version);
	return {
		...read,
		departements: ctx.departements.map((code) => ({
			code,
			name: departementByCode(code)?.name ?? code
		})),
		exportHref: `/espace-pro/statistiques/suivi/export.csv?${query}`
	};
};
