import type { Cookies } from '@sveltejs/kit';

/**
 * The setup link of an account just created, shown once on the team page after the redirect
 * (like the CLI prints it): carried in a short-lived HttpOnly cookie scoped to the team pages,
 * deleted as soon as it is read. The database only ever holds the token's hash.
 */
export const LINK_COOKIE = 'pdp_equipe_lien';
const PATH = '/espace-pro/equipe';

export function setCreatedLink(cookies: Cookies, token: string, secure: boolean): void {
	cookies.set(LINK_COOKIE, token, {
		path: PATH,
		httpOnly: true,
		sameSite: 'strict',
		secure,
		maxAge: 10 * 60
	});
}

export function takeCreatedLink(cookies: Cookies, secure: boolean): string | undefined {
	const token = cookies.get(LINK_COOKIE);
	if (token !== undefined)
		cookies.set(LINK_COOKIE, '', {
			path: PATH,
			httpOnly: true,
			sameSite: 'strict',
			secure,
			maxAge: 0
		});
	return token;
}
