import { redirect, type RequestEvent } from '@sveltejs/kit';
import { totpSetupView } from '$lib/server/account/totp-setup';
import { safeRetour } from '$lib/server/auth/guard';
import { secondStepFor } from '$lib/server/auth/login';
import * as flow from '$lib/server/auth/login-flow';
import * as cookie from '$lib/server/auth/session';
import { getDb } from '$lib/server/db/client';
import { formAction, guardedAction } from '$lib/server/forms';
import type { Result } from '$lib/server/result';
import type { Actions, PageServerLoad } from './$types';

const secureOf = (event: RequestEvent) => event.url.protocol === 'https:';
const pendingOf = (event: RequestEvent) =>
	flow.pendingLogin(getDb(), event.cookies.get(cookie.SESSION_COOKIE));

export const load: PageServerLoad = (event) => {
	event.setHeaders({ 'cache-control': 'no-store' });
	const retour = safeRetour(event.url.searchParams.get('retour'));
	if (event.locals.staff) redirect(303, retour);
	const pending = pendingOf(event);
	const step = pending ? secondStepFor(pending.user) : 'password';
	const setup = step === 'totp_setup' && pending ? totpSetupView(pending.user.email) : null;
	return { retour, step, setup, notice: flow.loginNotice(event.url.searchParams) };
};

/** Sets the cookie of the session a step opened. */
const opened =
	(event: RequestEvent) =>
	<T extends flow.OpenedSession>(outcome: Result<T>) => {
		const { cookies } = event;
		if (outcome.ok)
			cookie.setSessionTokenCookie(
				cookies,
				outcome.value.token,
				outcome.value.expiresAt,
				secureOf(event)
			);
		return outcome;
	};
/** A second step's guard: the cookie's pending login for that step (else `before` restarts). */
const pendingWith = (withTotp: boolean) => (event: RequestEvent) => ({
	open: opened(event),
	ip: event.getClientAddress(),
	pending: flow.pendingStep(getDb(), event.cookies.get(cookie.SESSION_COOKIE), withTotp)
});

export const actions: Actions = {
	login: (event) =>
		formAction(event, {
			...flow.loginForm,
			run: async (data) =>
				opened(event)(await flow.passwordStep(getDb(), { ...data, ip: event.getClientAddress() })),
			extra: ({ values, refusal }) => ({
				email: (values.email ?? '').slice(0, 254),
				...flow.throttledMinutes(refusal)
			}),
			redirect: (value, { values }) =>
				value.next === 'none' ? flow.retourOf(values) : flow.loginAgain(values)
		}),
	code: guardedAction(pendingWith(true), {
		...flow.loginCodeForm,
		...flow.secondStepFrame,
		run: (data, { open, ip, pending }) => open(flow.codeStep(getDb(), pending!, { ...data, ip })),
		extra: ({ refusal }) => flow.throttledMinutes(refusal)
	}),
	/** An administrateur without TOTP sets it up now (mandatory), as on the account page. */
	setup: guardedAction(pendingWith(false), {
		...flow.loginSetupForm,
		...flow.secondStepFrame,
		run: (data, { open, ip, pending }) => open(flow.setupStep(getDb(), pending!, { ...data, ip })),
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
