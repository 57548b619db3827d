import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { journalPage } from '$lib/server/staff/journal-page';
import type { PageServerLoad } from './$types';

/**
 * The audit log, for responsables (their départements and their staff) and administrateurs
 * (everything); an agent gets 403. Viewing it is itself audited.
 */
export const load: PageServerLoad = (event) =>
	journalPage(
		getDb(),
		requireStaff(event, { roles: ['responsable', 'administrateur'] }),
		event.url.searchParams
	);
