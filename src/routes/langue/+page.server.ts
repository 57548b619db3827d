import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { LOCALE_COOKIE, locales } from '$lib/i18n/config';
import type { Actions } from './$types';

/** Only same-site absolute paths: never an open redirect. */
const languageSchema = z.object({
	lang: z.enum(locales),
	redirectTo: z
		.string()
		.max(2000)
		.regex(/^\/(?![/\\])/)
		.catch('/')
});

export const actions: Actions = {
	default: async ({ request, cookies, url }) => {
		const parsed = languageSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { error: 'language.invalid' });
		cookies.set(LOCALE_COOKIE, parsed.data.lang, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: 365 * 24 * 60 * 60
		});
		redirect(303, parsed.data.redirectTo);
	}
};
