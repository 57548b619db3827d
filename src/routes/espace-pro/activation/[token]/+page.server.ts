import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/client';
import { fieldErrors, formValues } from '$lib/server/forms';
import { completeSetup, findSetupLink } from '$lib/server/auth/accounts';
import { audit } from '$lib/server/auth/guard';
import { PASSWORD_MAX_LENGTH } from '$lib/server/auth/password';
import type { Actions, PageServerLoad } from './$types';

const activationSchema = z
	.object({
		password: z
			.string()
			.min(1, 'staff:password.required')
			.max(PASSWORD_MAX_LENGTH * 4, 'staff:password.tooLong'),
		confirmation: z.string()
	})
	.refine((v) => v.password === v.confirmation, {
		path: ['confirmation'],
		message: 'staff:password.mismatch'
	});

export const load: PageServerLoad = (event) => {
	event.setHeaders({ 'cache-control': 'no-store' });
	const link = findSetupLink(getDb(), event.params.token);
	return {
		valid: link !== undefined,
		email: link?.user.email ?? null,
		purpose: link?.purpose ?? null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const db = getDb();
		const parsed = activationSchema.safeParse(
			formValues(await event.request.formData(), ['password', 'confirmation'], 4096)
		);
		if (!parsed.success)
			return fail(400, { errors: fieldErrors(parsed.error, 'staff:password.required') });
		const outcome = await completeSetup(db, event.params.token, parsed.data.password);
		if (!outcome.ok) {
			return fail(400, { errors: { password: outcome.error } });
		}
		audit(db, {
			userId: outcome.userId,
			action: 'password_set',
			details: { via: 'setup_link', purpose: outcome.purpose }
		});
		redirect(
			303,
			outcome.purpose === 'activation'
				? '/espace-pro/connexion?active=1'
				: '/espace-pro/connexion?reinitialise=1'
		);
	}
};
