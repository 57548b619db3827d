import { redirect, type RequestEvent } from '@sveltejs/kit';
import { totpSetupView } from '$lib/server/account/totp-setup';
import { safeRetour } from '$lib/server/auth/guard';
import { secondStepFor } from '$lib/server/auth/login';
import { loginActions } from '$lib/server/auth/login-actions';
import * as flow from '$lib/server/auth/login-flow';
import * as cookie from '$lib/server/auth/session';
import { getDb } from '$lib/server/db/client';
import type { Actions, PageServerLoad } from './$types';

const pendingOf = (event: RequestEvent) =>
	flow.pendingLogin(getDb(), event.cookies.get(cookie.SESSION_COOKIE));

export const load: PageServerLoad = async (event) => {
	const retour = safeRetour(event.url.searchParams.get('retour'));
	if (event.locals.staff) redirect(303, retour);
	const pending = await pendingOf(event);
	const step = pending ? secondStepFor(pending.user) : 'password';
	const setup = step === 'totp_setup' && pending ? totpSetupView(pending.user.email) : null;
	return { retour, step, setup, notice: flow.loginNotice(event.url.searchParams) };
};

export const actions: Actions = {
	...loginActions,
	cancel: async (event) => {
		await flow.cancelLogin(getDb(), await pendingOf(event));
		cookie.deleteSessionTokenCookie(event.cookies, event.url.protocol === 'https:');
		redirect(303, '/espace-pro/connexion');
	}
};
