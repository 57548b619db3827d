import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/client';
import { fieldErrors, formValues } from '$lib/server/forms';
import { getStaffUser, setPassword, setTotpSecret } from '$lib/server/auth/accounts';
import { audit, requireStaff } from '$lib/server/auth/guard';
import { attemptTotp } from '$lib/server/auth/login';
import { PASSWORD_MAX_LENGTH, hashPassword, passwordPolicyError, verifyPassword } from '$lib/server/auth/password';
import {
	createSession,
	deleteSessionTokenCookie,
	generateSessionToken,
	invalidateUserSessions,
	sessionCookieExpiry,
	setSessionTokenCookie
} from '$lib/server/auth/session';
import { recordFailure, recordSuccess, throttleWaitSeconds } from '$lib/server/auth/throttle';
import { generateTotpSecret, isTotpSecret, totpKeyUri } from '$lib/server/auth/totp';
import type { Actions, PageServerLoad } from './$types';

const passwordSchema = z
	.object({
		current: z.string().min(1, 'staff:account.errors.current').max(4096, 'staff:account.errors.current'),
		password: z.string().min(1, 'staff:password.required').max(PASSWORD_MAX_LENGTH * 4, 'staff:password.tooLong'),
		confirmation: z.string()
	})
	.refine((v) => v.password === v.confirmation, { path: ['confirmation'], message: 'staff:password.mismatch' });
const code = z
	.string()
	.transform((value) => value.replace(/\s/g, ''))
	.pipe(z.string().regex(/^\d{6}$/, 'staff:totp.errors.format'));
const totpEnableSchema = z.object({ secret: z.string().refine(isTotpSecret, 'staff:totp.errors.format'), code });
const totpDisableSchema = z.object({ code });

const totpErrorKey = (reason: 'invalid' | 'reused' | 'throttled') =>
	reason === 'throttled' ? 'staff:account.errors.throttled' : reason === 'reused' ? 'staff:totp.errors.reused' : 'staff:totp.errors.invalid';

const BANNERS = ['motdepasse', 'totp-active', 'totp-desactive'] as const;

/** The account behind the request (requireStaff first: redirects or 403s). */
function accountOf(event: RequestEvent) {
	const staff = requireStaff(event);
	const db = getDb();
	const user = getStaffUser(db, staff.user.id);
	if (!user) redirect(303, '/espace-pro/connexion');
	return { staff, db, user };
}

export const load: PageServerLoad = (event) => {
	const { staff, user } = accountOf(event);
	event.setHeaders({ 'cache-control': 'no-store' });
	const secret = user.totpSecret ? null : generateTotpSecret();
	return {
		name: staff.user.name,
		email: staff.user.email,
		role: staff.user.role,
		departements: staff.user.role === 'administrateur' ? [] : staff.departements,
		totpEnabled: user.totpSecret !== null,
		canDisableTotp: user.totpSecret !== null && user.role !== 'administrateur',
		setup: secret ? { secret, uri: totpKeyUri(secret, user.email) } : null,
		banner: BANNERS.find((name) => event.url.searchParams.get(name) === '1') ?? null
	};
};

export const actions: Actions = {
	/** New password: checks the current one (throttled), then ends every session and opens a new one. */
	password: async (event) => {
		const { db, user } = accountOf(event);
		const parsed = passwordSchema.safeParse(formValues(await event.request.formData(), ['current', 'password', 'confirmation'], 4096));
		if (!parsed.success) return fail(400, { password: { errors: fieldErrors(parsed.error, 'staff:password.required') } });
		const subject = { email: user.email, ip: event.getClientAddress() };
		const wait = throttleWaitSeconds(db, subject);
		if (wait > 0) return fail(429, { password: { errors: { current: 'staff:account.errors.throttled' } } });
		if (!user.passwordHash || !(await verifyPassword(user.passwordHash, parsed.data.current))) {
			recordFailure(db, subject);
			audit(db, { userId: user.id, action: 'password_change_failure', details: { reason: 'current_password' } });
			return fail(400, { password: { errors: { current: 'staff:account.errors.current' } } });
		}
		recordSuccess(db, subject);
		const policy = passwordPolicyError(parsed.data.password, user);
		if (policy) return fail(400, { password: { errors: { password: policy } } });
		const passwordHash = await hashPassword(parsed.data.password);
		const token = generateSessionToken();
		const session = db.transaction((tx) => {
			setPassword(tx, user.id, passwordHash);
			invalidateUserSessions(tx, user.id);
			return createSession(tx, token, user.id, { twoFactorVerified: true });
		});
		setSessionTokenCookie(event.cookies, token, sessionCookieExpiry(session), event.url.protocol === 'https:');
		audit(db, { userId: user.id, action: 'password_changed' });
		redirect(303, '/espace-pro/compte?motdepasse=1');
	},

	/** "Se déconnecter partout": every session of the account ends, this one included. */
	logoutAll: async (event) => {
		const { db, user } = accountOf(event);
		invalidateUserSessions(db, user.id);
		deleteSessionTokenCookie(event.cookies, event.url.protocol === 'https:');
		audit(db, { userId: user.id, action: 'logout_all' });
		redirect(303, '/espace-pro/connexion?deconnecte=1');
	},

	totpEnable: async (event) => {
		const { db, user } = accountOf(event);
		if (user.totpSecret) redirect(303, '/espace-pro/compte');
		const values = formValues(await event.request.formData(), ['secret', 'code'], 100);
		const secret = values.secret && isTotpSecret(values.secret) ? values.secret : generateTotpSecret();
		const setup = { secret, uri: totpKeyUri(secret, user.email) };
		const parsed = totpEnableSchema.safeParse(values);
		if (!parsed.success) return fail(400, { totp: { setup, errors: fieldErrors(parsed.error, 'staff:totp.errors.format') } });
		const outcome = attemptTotp(db, { user, ...parsed.data, ip: event.getClientAddress(), enable: true });
		if (!outcome.ok) return fail(outcome.reason === 'throttled' ? 429 : 400, { totp: { setup, errors: { code: totpErrorKey(outcome.reason) } } });
		audit(db, { userId: user.id, action: 'totp_enabled' });
		redirect(303, '/espace-pro/compte?totp-active=1');
	},

	/** Agents and responsables only; asks for a current code. */
	totpDisable: async (event) => {
		const { db, user } = accountOf(event);
		if (!user.totpSecret || user.role === 'administrateur') return fail(403, { disable: { errors: { code: 'staff:totp.errors.required' } } });
		const parsed = totpDisableSchema.safeParse(formValues(await event.request.formData(), ['code'], 100));
		if (!parsed.success) return fail(400, { disable: { errors: fieldErrors(parsed.error, 'staff:totp.errors.format') } });
		const outcome = attemptTotp(db, { user, secret: user.totpSecret, code: parsed.data.code, ip: event.getClientAddress() });
		if (!outcome.ok) return fail(outcome.reason === 'throttled' ? 429 : 400, { disable: { errors: { code: totpErrorKey(outcome.reason) } } });
		setTotpSecret(db, user.id, null);
		audit(db, { userId: user.id, action: 'totp_disabled' });
		redirect(303, '/espace-pro/compte?totp-desactive=1');
	}
};
