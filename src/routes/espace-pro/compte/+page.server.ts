import { redirect, type RequestEvent } from '@sveltejs/kit';
import { accountView, logoutEverywhere } from '$lib/server/account/account';
import { accountActions } from '$lib/server/account/account-actions';
import { getStaffUser } from '$lib/server/auth/accounts';
import { requireStaff } from '$lib/server/auth/guard';
import { deleteSessionTokenCookie } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db/client';
import type { Actions, PageServerLoad } from './$types';

const BANNERS = ['motdepasse', 'totp-active', 'totp-desactive'] as const;

/** The account behind the request (requireStaff first: redirects or 403s). */
async function accountOf(event: RequestEvent) {
	const staff = requireStaff(event);
	const user = await getStaffUser(getDb(), staff.user.id);
	if (!user) redirect(303, '/espace-pro/connexion');
	const secure = event.url.protocol === 'https:';
	return { staff, user, ip: event.getClientAddress(), cookies: event.cookies, secure };
}

export const load: PageServerLoad = async (event) => {
	const { staff, user } = await accountOf(event);
	return {
		...accountView(staff, user),
		banner: BANNERS.find((name) => event.url.searchParams.get(name) === '1') ?? null
	};
};

/** TOTP set-up: only while the account has none. */
async function withoutTotp(event: RequestEvent) {
	const account = await accountOf(event);
	if (account.user.totpSecret) redirect(303, '/espace-pro/compte');
	return account;
}

export const actions: Actions = {
	...accountActions(accountOf, withoutTotp),

	/** "Se déconnecter partout": every session of the account ends, this one included. */
	logoutAll: async (event) => {
		const { user, secure } = await accountOf(event);
		await logoutEverywhere(getDb(), user.id);
		deleteSessionTokenCookie(event.cookies, secure);
		redirect(303, '/espace-pro/connexion?deconnecte=1');
	}
};
