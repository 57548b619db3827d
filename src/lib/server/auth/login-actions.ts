/**
 * The action frames of the login page (`/espace-pro/connexion`): the password step, then the
 * TOTP code or the mandatory TOTP set-up (ADR 030). Each step's context is read from the
 * request: the address (throttling), `open` (sets the cookie of the session a step opened)
 * and, for a second step, the cookie's pending login for it (else `before` restarts).
 */
import type { RequestEvent } from '@sveltejs/kit';
import { totpSetupView } from '$lib/server/account/totp-setup';
import { getDb } from '$lib/server/db/client';
import { guardedAction } from '$lib/server/forms';
import type { Result } from '$lib/server/result';
import * as flow from './login-flow';
import * as cookie from './session';

type LoginEvent = Pick<RequestEvent, 'request' | 'cookies' | 'url' | 'getClientAddress'>;

const step = (withTotp?: boolean) => async (event: LoginEvent) => ({
	ip: event.getClientAddress(),
	pending:
		withTotp === undefined
			? undefined
			: await flow.pendingStep(getDb(), event.cookies.get(cookie.SESSION_COOKIE), withTotp),
	open: <T extends flow.OpenedSession>(outcome: Result<T>) => {
		if (outcome.ok) {
			const { token, expiresAt } = outcome.value;
			const secure = event.url.protocol === 'https:';
			cookie.setSessionTokenCookie(event.cookies, token, expiresAt, secure);
		}
		return outcome;
	}
});

export const loginActions = {
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
		run: async (data, { ip, open, pending }) =>
			open(await flow.codeStep(getDb(), pending!, { ...data, ip }))
	}),
	/** An administrateur without TOTP sets it up now (mandatory), as on the account page. */
	setup: guardedAction(step(false), {
		...flow.loginSetupForm,
		...flow.secondStepFrame,
		run: async (data, { ip, open, pending }) =>
			open(await flow.setupStep(getDb(), pending!, { ...data, ip })),
		extra: ({ values, context: { pending }, refusal }) => ({
			setup: totpSetupView(pending?.user.email ?? '', values.secret),
			...flow.throttledMinutes(refusal)
		})
	})
};
