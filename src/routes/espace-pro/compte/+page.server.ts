import { redirect, type RequestEvent } from '@sveltejs/kit';
import { accountView, logoutEverywhere } from '$lib/server/account/account';
import { changePassword, passwordChangeForm } from '$lib/server/account/password-change';
import * as totp from '$lib/server/account/totp-setup';
import { getStaffUser } from '$lib/server/auth/accounts';
import { requireStaff } from '$lib/server/auth/guard';
import { deleteSessionTokenCookie, setSessionTokenCookie } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db/client';
import { guardedAction } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const BANNERS = ['motdepasse', 'totp-active', 'totp-desactive'] as const;

/** The account behind the request (requireStaff first: redirects or 403s). */
function accountOf(event: RequestEvent) {
	const staff = requireStaff(event);
	const user = getStaffUser(getDb(), staff.user.id);
	if (!user) redirect(303, '/espace-pro/connexion');
	return {
		staff,
		user,
		event,
		ip: event.getClientAddress(),
		secure: event.url.protocol === 'https:'
	};
}

export const load: PageServerLoad = (event) => {
	const { staff, user } = accountOf(event);
	return {
		...accountView(staff, user),
		banner: BANNERS.find((name) => event.url.searchParams.get(name) === '1') ?? null
	};
};

/** TOTP set-up: only while the account has none. */
function withoutTotp(event: RequestEvent) {
	const account = accountOf(event);
	if (account.user.totpSecret) redirect(303, '/espace-pro/compte');
	return account;
}

export const actions: Actions = {
	/** New password: checks the current one (throttled), then ends every session and opens a new one. */
	password: guardedAction(accountOf, {
		...passwordChangeForm,
		run: async (data, { user, ip, event, secure }) => {
			const outcome = await changePassword(getDb(), user, { ...data, ip });
			if (outcome.ok)
				setSessionTokenCookie(event.cookies, outcome.value.token, outcome.value.expiresAt, secure);
			return outcome;
		},
		redirect: () => '/espace-pro/compte?motdepasse=1'
	}),

	/** "Se déconnecter partout": every session of the account ends, this one included. */
	logoutAll: async (event) => {
		const { user, secure } = accountOf(event);
		logoutEverywhere(getDb(), user.id);
		deleteSessionTokenCookie(event.cookies, secure);
		redirect(303, '/espace-pro/connexion?deconnecte=1');
	},

	totpEnable: guardedAction(withoutTotp, {
		...totp.totpSetupForm('totp'),
		run: (data, { user, ip }) => totp.enableTotp(getDb(), user, { ...data, ip }),
		extra: ({ values, context }) => ({
			setup: totp.totpSetupView(context.user.email, values.secret)
		}),
		redirect: () => '/espace-pro/compte?totp-active=1'
	}),

	/** Agents and responsables only; asks for a current code. */
	totpDisable: guardedAction(accountOf, {
		...totp.totpDisableForm,
		run: (data, { user, ip }) => totp.disableTotp(getDb(), user, { ...data, ip }),
		redirect: () => '/espace-pro/compte?totp-desactive=1'
	})
};
