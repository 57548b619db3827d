import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { listPage } from '$lib/server/evenements/staff-pages';
import type { PageServerLoad } from './$types';

/** The évènements of the staff member's départements (everyone reads; managers act). */
export const load: PageServerLoad = (event) => {
	const staff = requireStaff(event);
	return listPage(getDb(), staff, event.locals.locale);
};
