import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { inboxPage } from '$lib/server/staff/inbox-page';
import type { PageServerLoad } from './$types';

/** The inbox: demandes of the staff member's départements only (scope applied in SQL). */
export const load: PageServerLoad = (event) =>
	inboxPage(getDb(), requireStaff(event), event.url.searchParams);
