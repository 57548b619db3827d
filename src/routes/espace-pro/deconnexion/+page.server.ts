import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/client';
import { audit } from '$lib/server/auth/guard';
import {
	SESSION_COOKIE,
	deleteSessionTokenCookie,
	invalidateSession,
	validateSessionToken
} from '$lib/server/auth/session';
import type { Actions, PageServerLoad } from './$types';

/** GET only shows the button: logging out is a POST (no mutating GET). */
export const load: PageServerLoad = (event) => {
	return { loggedIn: event.locals.staff !== null };
};

export const actions: Actions = {
	default: async (event) => {
		const db = getDb();
		const { session } = await validateSessionToken(db, event.cookies.get(SESSION_COOKIE));
		if (session) {
			await invalidateSession(db, session.id);
			await audit(db, { userId: session.userId, action: 'logout' });
		}
		deleteSessionTokenCookie(event.cookies, event.url.protocol === 'https:');
		redirect(303, '/espace-pro/connexion?deconnecte=1');
	}
};
