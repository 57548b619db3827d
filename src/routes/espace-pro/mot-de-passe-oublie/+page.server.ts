import { getDb } from '$lib/server/db/client';
import { formAction } from '$lib/server/forms';
import { forgotPasswordForm } from '$lib/server/auth/setup-link-forms';
import { requestPasswordReset } from '$lib/server/auth/reset';
import { ok } from '$lib/server/result';
import { linkOptionsFromEnv } from '$lib/server/staff/team';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	return { sent: event.url.searchParams.get('envoye') === '1' };
};

export const actions: Actions = {
	/** Always the same answer, whether or not the account exists (see auth/reset.ts). */
	default: (event) =>
		formAction(event, {
			...forgotPasswordForm,
			run: async (data) => {
				const options = { ...linkOptionsFromEnv(), locale: event.locals.locale };
				await requestPasswordReset(getDb(), data.email, options);
				return ok();
			},
			extra: ({ values }) => ({ email: (values.email ?? '').slice(0, 254) }),
			redirect: () => '/espace-pro/mot-de-passe-oublie?envoye=1'
		})
};
