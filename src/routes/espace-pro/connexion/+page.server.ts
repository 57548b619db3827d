import { redirect, type RequestEvent } from '@sveltejs/kit';
import { totpSetupView } from '$lib/server/account/totp-setup';
import { safeRetour } from '$lib/server/auth/guard';
import { secondStepFor } from '$lib/server/auth/login';
import * as flow from '$lib/server/auth/login-flow';
import * as cookie from '$lib/server/auth/session';
import { getDb } from '$lib/server/db/client';
import { guardedAction } from '$lib/server/forms';
import type { Result } from '$lib/server/result';
import type { Actions, PageServerLoad } from './$types';

const secureOf = (event: RequestEvent) => event.url.protocol === 'https:';
const pendingOf = (event: RequestEvent) =>
	flow.pendingLogin(getDb(), event.cookies.get(cookie.SESSION_COOKIE));

export const load: PageServerLoad = (event) => {
	const retour = safeRetour(event.url.searchParams.get('retour'));
	if (event.locals.staff) redirect(303, retour);
	const pending = pendingOf(event);
	const step = pending ? secondStepFor(pending.user) : 'password';
	const setup = step === 'totp_setup' && pending ? totpSetupView(pending.user.email) : null;
	return { retour, step, setup, notice: flow.loginNotice(event.url.searchParams) };
};

/**
 * Each step's context: the address (throttling), `open` (sets the cookie of the session a step
 * opened) and, for a second step, the cookie's pending login for it (else `before` restarts).
 */
const step = (withTotp?: boolean) => (event: RequestEvent) => ({
	ip: event.getClientAddress(),
	pending:
		withTotp === undefined
			? undefined
			: flow.pendingStep(getDb(), event.cookies.get(cookie.SESSION_COOKIE), withTotp),
	open: <T extends flow.OpenedSession>(outcome: Result<T>) => {
		if (outcome.ok) {
			const { token, expiresAt } = outcome.value;
			cookie.setSessionTokenCookie(event.cookies, token, expiresAt, secureOf(event));
		}
		return outcome;
	}
});

export const actions: Actions = {
	login: guardedAction(step(), {
		...flow.loginForm,
		run: async (data, { ip, open }) => open(await flow.passwordStep(getDb(), { ...data, ip })),
		extra: ({ values, refusal }) => ({
			email: values.email?.slice(0, 254) ?? '',
			...flow.throttledMinutes(refusal)
		}),
		redirect: (value, { values }) =>
			value.next === 'none' ? flow.retourOf(values) : flow.loginAgain(values)
	}),
	code: guardedAction(step(true), {
		...flow.loginCodeForm,
		...flow.secondStepFrame,
		run: (data, { ip, open, pending }) => open(flow.codeStep(getDb(), pending!, { ...data, ip }))
	}),
	/** An administrateur without TOTP sets it up now (mandatory), as on the account page. */
	setup: guardedAction(step(false), {
		...flow.loginSetupForm,
		...flow.secondStepFrame,
		run: (data, { ip, open, pending }) => open(flow.setupStep(getDb(), pending!, { ...data, ip })),
		extra: ({ values, context: { pending }, refusal }) => ({
			setup: totpSetupView(pending?.user.email ?? '', values.secret),
			...flow.throttledMinutes(refusal)
		})
	}),
	cancel: async (event) => {
		flow.cancelLogin(getDb(), pendingOf(event));
		cookie.deleteSessionTokenCookie(event.cookies, secureOf(event));
		redirect(303, '/espace-pro/connexion');
	}
};
