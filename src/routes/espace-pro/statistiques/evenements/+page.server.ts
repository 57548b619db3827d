import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { readEvenementStats } from '$lib/server/evenements/stats';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const staff = requireStaff(event);
	const read = await readEvenementStats(
		getDb(),
		staff,
		event.url.searchParams,
		'stats_view',
		new Date()
	);
	return { ...read, departements: staff.departements };
};
