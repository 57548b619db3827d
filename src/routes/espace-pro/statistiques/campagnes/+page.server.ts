import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { readCampagneStats } from '$lib/server/campagnes/stats';
import type { PageServerLoad } from './$types';

/** Server-rendered only: SVG and tables need no JavaScript. */
export const csr = false;

/** Per campaign of the staff member's départements (all roles): counts only (ADR 044). */
export const load: PageServerLoad = async (event) => ({
	stats: await readCampagneStats(getDb(), requireStaff(event), 'stats_view', new Date())
});
