import { campagneEditorRoles } from '$lib/vocabulary';
import { getDb } from '$lib/server/db/client';
import { requireStaff } from '$lib/server/auth/guard';
import { guardedAction } from '$lib/server/forms';
import { createCampagne } from '$lib/server/campagnes/campagnes';
import { campagneEcho, campagneForm, choosableDepartements } from '$lib/server/campagnes/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => ({
	departements: choosableDepartements(requireStaff(event, { roles: campagneEditorRoles }))
});

export const actions: Actions = {
	default: guardedAction((event) => requireStaff(event, { roles: campagneEditorRoles }), {
		...campagneForm,
		run: (data, staff) => createCampagne(getDb(), staff, data, new Date()),
		extra: ({ values, lists }) => ({ values: campagneEcho(values, lists) }),
		redirect: (id) => `/espace-pro/campagnes/${id}?fait=cree`
	})
};
