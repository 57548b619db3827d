import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/client';
import { fieldErrors, formValues } from '$lib/server/forms';
import { getStaffUser } from '$lib/server/auth/accounts';
import { audit, safeRetour } from '$lib/server/auth/guard';
import { attemptPasswordLogin, attemptTotp, secondStepFor } from '$lib/server/auth/login';
import {
	SESSION_COOKIE,
	createSession,
	deleteSessionTokenCookie,
	generateSessionToken,
	invalidateSession,
	sessionCookieExpiry,
	setSessionTokenCookie,
	validateSessionToken
} from '$lib/server/auth/session';
import { enableTotp, totpCode, totpSetupForm, totpSetupView } from '$lib/server/account/totp-setup';
import type { Actions, PageServerLoad } from './$types';

const NO_STORE = { 'cache-control': 'no-store' };

const loginSchema = z.object({
	email: z
		.string()
		.trim()
		.toLowerCase()
		.min(1, 'staff:login.errors.emailRequired')
		.max(254, 'staff:login.errors.invalid'),
	password: z
		.string()
		.min(1, 'staff:login.errors.passwordRequired')
		.max(1024, 'staff:login.errors.invalid')
});
const codeSchema = z.object({ code: totpCode });

const secureOf = (event: RequestEvent) => event.url.protocol === 'https:';

/** The session of the cookie when its second factor is still pending (or undefined). */
function pendingOf(event: RequestEvent) {
	const db = getDb();
	const result = validateSessionToken(db, event.cookies.get(SESSION_COOKIE));
	if (!result.session || result.session.twoFactorVerified) return undefined;
	const user = getStaffUser(db, result.user.id);
	return user ? { db, session: result.session, user } : undefined;
}

/** Ends the pending session and starts a fully verified one (a new token: no fixation). */
function finishLogin(
	event: RequestEvent,
	db: ReturnType<typeof getDb>,
	pendingId: string,
	userId: number
): void {
	invalidateSession(db, pendingId);
	const token = generateSessionToken();
	const session = createSession(db, token, userId, { twoFactorVerified: true });
	setSessionTokenCookie(event.cookies, token, sessionCookieExpiry(session), secureOf(event));
}

export const load: PageServerLoad = (event) => {
	event.setHeaders(NO_STORE);
	const retour = safeRetour(event.url.searchParams.get('retour'));
	if (event.locals.staff) redirect(303, retour);
	const pending = pendingOf(event);
	const step = pending ? secondStepFor(pending.user) : 'password';
	return {
		retour,
		step,
		setup: step === 'totp_setup' && pending ? totpSetupView(pending.user.email) : null,
		notice:
			event.url.searchParams.get('expiree') === '1'
				? 'expired'
				: event.url.searchParams.get('deconnecte') === '1'
					? 'loggedOut'
					: event.url.searchParams.get('active') === '1'
						? 'activated'
						: event.url.searchParams.get('reinitialise') === '1'
							? 'reset'
							: null
	};
};

export const actions: Actions = {
	/** Step 1: e-mail and password. */
	login: async (event) => {
		const data = await event.request.formData();
		const retour = safeRetour(data.get('retour'));
		const values = formValues(data, ['email', 'password'], 4096);
		const parsed = loginSchema.safeParse(values);
		const email = (values.email ?? '').slice(0, 254);
		if (!parsed.success)
			return fail(400, { email, errors: fieldErrors(parsed.error, 'staff:login.errors.invalid') });
		const db = getDb();
		const outcome = await attemptPasswordLogin(db, {
			...parsed.data,
			ip: event.getClientAddress()
		});
		if (!outcome.ok) {
			if (outcome.reason === 'throttled') {
				return fail(429, {
					email,
					throttled: Math.ceil(outcome.seconds / 60),
					errors: {} as Record<string, string>
				});
			}
			return fail(400, { email, errors: { email: 'staff:login.errors.invalid' } });
		}
		const token = generateSessionToken();
		const session = createSession(db, token, outcome.user.id, {
			twoFactorVerified: outcome.next === 'none'
		});
		setSessionTokenCookie(event.cookies, token, sessionCookieExpiry(session), secureOf(event));
		redirect(
			303,
			outcome.next === 'none'
				? retour
				: `/espace-pro/connexion?retour=${encodeURIComponent(retour)}`
		);
	},

	/** Step 2: the TOTP code of an account that has one. */
	code: async (event) => {
		const data = await event.request.formData();
		const retour = safeRetour(data.get('retour'));
		const pending = pendingOf(event);
		if (!pending || !pending.user.totpSecret)
			redirect(303, `/espace-pro/connexion?retour=${encodeURIComponent(retour)}`);
		const parsed = codeSchema.safeParse(formValues(data, ['code'], 100));
		if (!parsed.success)
			return fail(400, { errors: fieldErrors(parsed.error, 'staff:totp.errors.format') });
		const outcome = attemptTotp(pending.db, {
			user: pending.user,
			secret: pending.user.totpSecret,
			code: parsed.data.code,
			ip: event.getClientAddress()
		});
		if (!outcome.ok) {
			if (outcome.reason === 'throttled')
				return fail(429, {
					throttled: Math.ceil(outcome.seconds / 60),
					errors: {} as Record<string, string>
				});
			return fail(400, {
				errors: {
					code:
						outcome.reason === 'reused' ? 'staff:totp.errors.reused' : 'staff:totp.errors.invalid'
				}
			});
		}
		audit(pending.db, {
			userId: pending.user.id,
			action: 'login_success',
			details: { secondFactor: true }
		});
		finishLogin(event, pending.db, pending.session.id, pending.user.id);
		redirect(303, retour);
	},

	/** Step 2 for an administrator without TOTP: set it up now (mandatory); the same use case as on the account page. */
	setup: async (event) => {
		const data = await event.request.formData();
		const retour = safeRetour(data.get('retour'));
		const pending = pendingOf(event);
		if (!pending || pending.user.totpSecret)
			redirect(303, `/espace-pro/connexion?retour=${encodeURIComponent(retour)}`);
		const form = totpSetupForm('setup');
		const values = formValues(data, form.fields, form.maxLength);
		const setup = totpSetupView(pending.user.email, values.secret);
		const parsed = form.schema.safeParse(values);
		if (!parsed.success)
			return fail(400, { setup, errors: fieldErrors(parsed.error, form.invalidKey) });
		const outcome = enableTotp(pending.db, pending.user, {
			...parsed.data,
			ip: event.getClientAddress()
		});
		if (!outcome.ok) {
			if (outcome.status === 429)
				return fail(429, {
					setup,
					throttled: Math.ceil((outcome.seconds ?? 60) / 60),
					errors: {} as Record<string, string>
				});
			return fail(400, { setup, errors: { code: form.message(outcome) } });
		}
		audit(pending.db, {
			userId: pending.user.id,
			action: 'login_success',
			details: { secondFactor: true }
		});
		finishLogin(event, pending.db, pending.session.id, pending.user.id);
		redirect(303, retour);
	},

	/** Leaves a pending second step (back to the password step). */
	cancel: async (event) => {
		const pending = pendingOf(event);
		if (pending) invalidateSession(pending.db, pending.session.id);
		deleteSessionTokenCookie(event.cookies, secureOf(event));
		redirect(303, '/espace-pro/connexion');
	}
};
