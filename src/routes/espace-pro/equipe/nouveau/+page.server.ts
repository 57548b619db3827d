import { departementByCode } from '$lib/departements/data';
import { getDb } from '$lib/server/db/client';
import { requireStaff } from '$lib/server/auth/guard';
import { guardedAction } from '$lib/server/forms';
import {
	addMember,
	assignableDepartements,
	assignableRoles,
	linkOptionsFromEnv,
	newMemberEcho,
	newMemberForm
} from '$lib/server/staff/team';
import { setCreatedLink } from '../flash';
import type { Actions, PageServerLoad } from './$types';

const ROLES = ['responsable', 'administrateur'] as const;

export const load: PageServerLoad = (event) => {
	const staff = requireStaff(event, { roles: ROLES });
	return {
		roles: assignableRoles(staff),
		departements: assignableDepartements(staff).map((code) => ({
			code,
			name: departementByCode(code)?.name ?? code
		}))
	};
};

export const actions: Actions = {
	default: guardedAction((event) => ({ event, staff: requireStaff(event, { roles: ROLES }) }), {
		...newMemberForm,
		run: async (data, { event, staff }) => {
			const outcome = await addMember(getDb(), staff, data, linkOptionsFromEnv());
			if (outcome.ok)
				setCreatedLink(event.cookies, outcome.value.token, event.url.protocol === 'https:');
			return outcome;
		},
		extra: ({ values, lists }) => ({ values: newMemberEcho(values, lists) }),
		redirect: () => '/espace-pro/equipe'
	})
};
