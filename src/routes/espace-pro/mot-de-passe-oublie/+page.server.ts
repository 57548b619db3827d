import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/client';
import { fieldErrors, formValues } from '$lib/server/forms';
import { requestPasswordReset } from '$lib/server/auth/reset';
import { linkOptionsFromEnv } from '$lib/server/staff/team';
import type { Actions, PageServerLoad } from './$types';

const forgotSchema = z.object({
	email: z
		.string()
		.trim()
		.toLowerCase()
		.min(1, 'equipe:forgot.errors.required')
		.max(254, 'equipe:forgot.errors.invalid')
		.pipe(z.email('equipe:forgot.errors.invalid'))
});

export const load: PageServerLoad = (event) => {
	event.setHeaders({ 'cache-control': 'no-store' });
	return { sent: event.url.searchParams.get('envoye') === '1' };
};

export const actions: Actions = {
	/** Always the same answer, whether or not the account exists (see auth/reset.ts). */
	default: async (event) => {
		const values = formValues(await event.request.formData(), ['email'], 1000);
		const parsed = forgotSchema.safeParse(values);
		if (!parsed.success) {
			return fail(400, {
				email: (values.email ?? '').slice(0, 254),
				errors: fieldErrors(parsed.error, 'equipe:forgot.errors.invalid')
			});
		}
		requestPasswordReset(getDb(), parsed.data.email, {
			...linkOptionsFromEnv(),
			locale: event.locals.locale
		});
		redirect(303, '/espace-pro/mot-de-passe-oublie?envoye=1');
	}
};
