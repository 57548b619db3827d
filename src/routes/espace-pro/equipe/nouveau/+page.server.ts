import { fail, redirect } from '@sveltejs/kit';
import { departementByCode } from '$lib/departements/data';
import { getDb } from '$lib/server/db/client';
import { requireStaff } from '$lib/server/auth/guard';
import {
	assignableDepartements,
	assignableRoles,
	createMember,
	linkOptionsFromEnv
} from '$lib/server/staff/team';
import { setCreatedLink } from '../flash';
import type { Actions, PageServerLoad } from './$types';

const ROLES = ['responsable', 'administrateur'] as const;

export const load: PageServerLoad = (event) => {
	const staff = requireStaff(event, { roles: ROLES });
	event.setHeaders({ 'cache-control': 'no-store' });
	return {
		roles: assignableRoles(staff),
		departements: assignableDepartements(staff).map((code) => ({
			code,
			name: departementByCode(code)?.name ?? code
		}))
	};
};

const text = (value: FormDataEntryValue | null, max: number) =>
	typeof value === 'string' ? value.slice(0, max) : '';

export const actions: Actions = {
	default: async (event) => {
		const staff = requireStaff(event, { roles: ROLES });
		const data = await event.request.formData();
		const values = {
			name: text(data.get('name'), 1000),
			email: text(data.get('email'), 1000),
			role: text(data.get('role'), 50),
			departements: data
				.getAll('departements')
				.slice(0, 200)
				.filter((v): v is string => typeof v === 'string')
				.map((v) => v.slice(0, 10))
		};
		const outcome = createMember(getDb(), staff, values, linkOptionsFromEnv());
		if (!outcome.ok) {
			return fail(400, {
				values: {
					name: values.name.slice(0, 200),
					email: values.email.slice(0, 254),
					role: values.role,
					departements: values.departements
				},
				errors: outcome.errors
			});
		}
		setCreatedLink(event.cookies, outcome.token, event.url.protocol === 'https:');
		redirect(303, '/espace-pro/equipe');
	}
};
