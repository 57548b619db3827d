import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { LOCALE_COOKIE, locales } from '$lib/i18n/config';
import { sameOriginPath } from '$lib/server/safe-redirect';
import type { Actions } from './$types';

/**
 * The language, and where to go back: a path of this portal after normalisation (ADR 028),
 * `/` when the form has none. Anything else (another site, control characters) is a 400, never
 * an open redirect and never a 500.
 */
const languageSchema = z.object({
	lang: z.enum(locales),
	redirectTo: z
		.string()
		.optional()
		.transform((value, context) => {
			if (value === undefined || value === '') return '/';
			const path = sameOriginPath(value);
			if (path === null) {
				context.addIssue({ code: 'custom', message: 'language.invalidRedirect' });
				return z.NEVER;
			}
			return path;
		})
});

export const actions: Actions = {
	default: async ({ request, cookies, url }) => {
		const parsed = languageSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) {
			const badLanguage = parsed.error.issues.some((issue) => issue.path[0] === 'lang');
			return fail(400, { error: badLanguage ? 'language.invalid' : 'language.invalidRedirect' });
		}
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
