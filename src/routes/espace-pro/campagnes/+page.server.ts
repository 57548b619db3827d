import { getDb } from '$lib/server/db/client';
import { requireStaff } from '$lib/server/auth/guard';
import { canEditCampagnes, listCampagnes } from '$lib/server/campagnes/campagnes';
import type { PageServerLoad } from './$types';

/** The campaigns of the staff member's départements (ADR 044); agents read, responsables create. */
export const load: PageServerLoad = async (event) => {
	const staff = requireStaff(event);
	return {
		campagnes: (await listCampagnes(getDb(), staff)).map((c) => ({
			id: c.id,
			code: c.code,
			name: c.name,
			startsOn: c.startsOn,
			endsOn: c.endsOn,
			departements: c.departements.map((d) => d.code)
		})),
		canCreate: canEditCampagnes(staff)
	};
};
