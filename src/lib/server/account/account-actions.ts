/**
 * The action frames of the account page (`/espace-pro/compte`): password change, TOTP set-up
 * and removal (ADR 030). The route passes its guards (`requireStaff` and the account; for the
 * set-up, an account without TOTP), which run first in every action.
 */
import type { Cookies } from '@sveltejs/kit';
import type { StaffUser } from '$lib/server/db/schema';
import { setSessionTokenCookie } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db/client';
import { guardedAction } from '$lib/server/forms';
import { changePassword, passwordChangeForm } from './password-change';
import * as totp from './totp-setup';

/** What the route's guards hand over: the account, the client address, the session cookie. */
export interface AccountTarget {
	user: StaffUser;
	ip: string;
	cookies: Cookies;
	secure: boolean;
}

export function accountActions<E extends { request: Request }>(
	account: (event: E) => AccountTarget | Promise<AccountTarget>,
	withoutTotp: (event: E) => AccountTarget | Promise<AccountTarget>
) {
	return {
		/** New password: checks the current one (throttled), then ends every session and opens a new one. */
		password: guardedAction(account, {
			...passwordChangeForm,
			run: async (data, { user, ip, cookies, secure }) => {
				const outcome = await changePassword(getDb(), user, { ...data, ip });
				if (outcome.ok)
					setSessionTokenCookie(cookies, outcome.value.token, outcome.value.expiresAt, secure);
				return outcome;
			},
			redirect: () => '/espace-pro/compte?motdepasse=1'
		}),

		totpEnable: guardedAction(withoutTotp, {
			...totp.totpSetupForm('totp'),
			run: (data, { user, ip }) => totp.enableTotp(getDb(), user, { ...data, ip }),
			extra: ({ values, context }) => ({
				setup: totp.totpSetupView(context.user.email, values.secret)
			}),
			redirect: () => '/espace-pro/compte?totp-active=1'
		}),

		/** Agents and responsables only; asks for a current code. */
		totpDisable: guardedAction(account, {
			...totp.totpDisableForm,
			run: (data, { user, ip }) => totp.disableTotp(getDb(), user, { ...data, ip }),
			redirect: () => '/espace-pro/compte?totp-desactive=1'
		})
	};
}
