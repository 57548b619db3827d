import type { RequestEvent } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { guardedAction } from '$lib/server/forms';
import { departementChoicesFor } from '$lib/server/evenements/staff-pages';
import { createEvenement, evenementForm, managerRoles } from '$lib/server/evenements/staff';
import type { Actions, PageServerLoad } from './$types';

const manager = (event: Pick<RequestEvent, 'locals' | 'url'>) =>
	requireStaff(event, { roles: managerRoles });

export const load: PageServerLoad = (event) => ({
	choices: departementChoicesFor(manager(event))
});

export const actions: Actions = {
	default: guardedAction((event: RequestEvent) => manager(event), {
		...evenementForm,
		extra: ({ lists }) => ({ departements: lists.departements }),
		run: (form, staff) => createEvenement(getDb(), staff, form, new Date()),
		redirect: (id) => `/espace-pro/evenements/${id}?fait=cree`
	})
};
