import { getDb } from '$lib/server/db/client';
import { formAction } from '$lib/server/forms';
import { findSetupLink } from '$lib/server/auth/accounts';
import { activationForm, setPasswordFromLink } from '$lib/server/auth/setup-link-forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const link = await findSetupLink(getDb(), event.params.token);
	return {
		valid: link !== undefined,
		email: link?.user.email ?? null,
		purpose: link?.purpose ?? null
	};
};

export const actions: Actions = {
	default: (event) =>
		formAction(event, {
			...activationForm,
			run: (data) => setPasswordFromLink(getDb(), event.params.token, data.password),
			redirect: (purpose) =>
				purpose === 'activation'
					? '/espace-pro/connexion?active=1'
					: '/espace-pro/connexion?reinitialise=1'
		})
};
