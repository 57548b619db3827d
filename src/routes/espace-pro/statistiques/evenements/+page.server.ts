import { error } from '@sveltejs/kit';
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
	// A département outside the staff member's scope: 404, as the other statistics pages.
	if (!read) error(404, 'Not found');
	return { ...read, departements: staff.departements };
};
