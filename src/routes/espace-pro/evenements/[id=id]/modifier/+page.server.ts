import { error, type RequestEvent } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { guardedAction } from '$lib/server/forms';
import { messagesConfigFromEnv } from '$lib/server/evenements/messages';
import { departementChoicesFor, formValuesOf } from '$lib/server/evenements/staff-pages';
import { evenementForm, managerRoles, updateEvenement } from '$lib/server/evenements/staff';
import type { Actions, PageServerLoad } from './$types';

const manager = (event: RequestEvent) => ({
	staff: requireStaff(event, { roles: managerRoles }),
	id: Number(event.params.id)
});

export const load: PageServerLoad = async (event) => {
	const staff = requireStaff(event, { roles: managerRoles });
	const id = Number(event.params.id);
	const current = await formValuesOf(getDb(), staff, id);
	if (!current) error(404, 'Not found');
	return { ...current, id, choices: departementChoicesFor(staff) };
};

export const actions: Actions = {
	default: guardedAction(manager, {
		...evenementForm,
		extra: ({ lists }) => ({ departements: lists.departements }),
		run: (form, { staff, id }) =>
			updateEvenement(getDb(), messagesConfigFromEnv(), staff, id, form, new Date()),
		redirect: (id) => `/espace-pro/evenements/${id}?fait=modifie`
	})
};
