import { describe, expect, it } from 'vitest';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import { testDb } from '../../../../tests/helpers/db';
import { t0, at, PASSPHRASE } from '../../../../tests/fixtures/auth';
import { auditLog, staffSessions, staffUsers } from '$lib/server/db/schema';
import { createStaffUser, setPassword, setTotpSecret } from './accounts';
import { DEMO_ADMIN_TOTP_SECRET } from './demo';
import {
	cancelLogin,
	codeStep,
	loginAgain,
	loginNotice,
	passwordStep,
	pendingLogin,
	pendingStep,
	setupStep,
	throttledMinutes
} from './login-flow';
import { hashPassword } from './password';
import { sessionCookieExpiry, validateSessionToken } from './session';
import { totpStepAt } from './totp';

const IP = '203.0.113.1';
const key = decodeBase32IgnorePadding(DEMO_ADMIN_TOTP_SECRET);
const codeAt = (now: Date, offset = 0) => generateHOTP(key, BigInt(totpStepAt(now) + offset), 6);

async function account(role: 'agent' | 'administrateur', totp = false) {
	const db = testDb();
	const userId = await createStaffUser(
		db,
		{ email: 'compte@example.fr', name: 'Compte', role, departements: ['69'] },
		t0
	);
	await setPassword(db, userId, await hashPassword(PASSPHRASE));
	if (totp) await setTotpSecret(db, userId, DEMO_ADMIN_TOTP_SECRET);
	return { db, userId };
}
const login = (db: Awaited<ReturnType<typeof account>>['db'], password = PASSPHRASE, now = t0) =>
	passwordStep(db, { email: 'Compte@example.fr', password, ip: IP }, now);
/** The right password for a new account: the step asked next, and the session's token and cookie expiry. */
async function passwordAccepted(
	role: 'agent' | 'administrateur',
	next: 'none' | 'totp' | 'totp_setup',
	totp = false
) {
	const { db, userId } = await account(role, totp);
	const outcome = await login(db);
	expect(outcome).toMatchObject({ ok: true, value: { next } });
	if (!outcome.ok) throw new Error('the password was refused');
	return { db, userId, ...outcome.value };
}
const audits = async (db: Awaited<ReturnType<typeof account>>['db']) =>
	(await db.select().from(auditLog)).map((row) => [row.action, row.details]);

describe('login flow: password step', () => {
	it('opens a verified session for an account without a second step, with the cookie expiry of that session', async () => {
		const { db, userId, token, expiresAt } = await passwordAccepted('agent', 'none');
		const { session } = await validateSessionToken(db, token, t0);
		expect(session).toMatchObject({ userId, twoFactorVerified: true });
		expect(expiresAt).toEqual(sessionCookieExpiry(session!));
		expect(await pendingLogin(db, token, t0)).toBeUndefined();
	});

	it('refuses a wrong password on the e-mail field without opening a session, then throttles (429, minutes to wait)', async () => {
		const { db } = await account('agent');
		expect(await login(db, 'mauvaise phrase de passe')).toEqual({
			ok: false,
			reason: 'staff:login.errors.invalid',
			status: 400,
			field: 'email'
		});
		for (let i = 1; i < 5; i++) await login(db, `mauvaise ${i}`, at(i));
		const blocked = await login(db, PASSPHRASE, at(10));
		expect(blocked).toMatchObject({ ok: false, reason: 'throttled', status: 429 });
		expect(blocked.ok === false && blocked.seconds).toBeGreaterThan(0);
		expect(throttledMinutes(blocked.ok ? undefined : blocked)).toEqual({
			throttled: expect.any(Number)
		});
		expect(await db.select().from(staffSessions)).toEqual([]);
	});
});

describe('login flow: TOTP code step', () => {
	it('opens a pending session, then a right code ends it and opens a new verified one (audited), once only', async () => {
		const { db, userId, token } = await passwordAccepted('administrateur', 'totp', true);
		const pending = await pendingStep(db, token, true, t0);
		expect(pending?.user.id).toBe(userId);
		expect(await pendingStep(db, token, false, t0)).toBeUndefined();

		expect(await codeStep(db, pending!, { code: codeAt(t0, 5), ip: IP }, t0)).toEqual({
			ok: false,
			reason: 'staff:totp.errors.invalid',
			status: 400,
			field: 'code'
		});
		const done = await codeStep(db, pending!, { code: codeAt(t0), ip: IP }, t0);
		expect(done.ok).toBe(true);
		if (!done.ok) return;
		expect(done.value.token).not.toBe(token);
		expect((await validateSessionToken(db, token, t0)).session).toBeNull();
		expect((await validateSessionToken(db, done.value.token, t0)).session).toMatchObject({
			userId,
			twoFactorVerified: true
		});
		expect(await audits(db)).toContainEqual(['login_success', { secondFactor: true }]);

		const again = await login(db, PASSPHRASE, at(1000));
		const pendingAgain = again.ok ? await pendingLogin(db, again.value.token, at(1000)) : undefined;
		expect(await codeStep(db, pendingAgain!, { code: codeAt(t0), ip: IP }, at(1000))).toMatchObject(
			{
				ok: false,
				reason: 'staff:totp.errors.reused',
				field: 'code'
			}
		);
	});

	it('cancelling ends the pending session', async () => {
		const { db, token } = await passwordAccepted('administrateur', 'totp', true);
		await cancelLogin(db, await pendingLogin(db, token, t0));
		expect(await pendingLogin(db, token, t0)).toBeUndefined();
		expect(await db.select().from(staffSessions)).toEqual([]);
	});
});

describe('login flow: first TOTP set-up of an administrateur', () => {
	it('stores the secret with a right code, audits it and the login, and opens a verified session', async () => {
		const { db, userId, token } = await passwordAccepted('administrateur', 'totp_setup');
		const pending = (await pendingStep(db, token, false, t0))!;
		expect(
			await setupStep(
				db,
				pending,
				{ secret: DEMO_ADMIN_TOTP_SECRET, code: codeAt(t0, 4), ip: IP },
				t0
			)
		).toMatchObject({ ok: false, reason: 'invalid', status: 400, field: 'code' });
		const done = await setupStep(
			db,
			pending,
			{ secret: DEMO_ADMIN_TOTP_SECRET, code: codeAt(t0), ip: IP },
			t0
		);
		expect(done.ok).toBe(true);
		const [user] = await db.select().from(staffUsers).where(eq(staffUsers.id, userId));
		expect(user?.totpSecret).toBe(DEMO_ADMIN_TOTP_SECRET);
		expect((await audits(db)).map(([action]) => action)).toEqual(
			expect.arrayContaining(['totp_enabled', 'login_success'])
		);
		if (done.ok)
			expect(
				(await validateSessionToken(db, done.value.token, t0)).session?.twoFactorVerified
			).toBe(true);
	});
});

describe('login page helpers', () => {
	it('keeps only a safe `retour` when sending back to the login page, and picks the notice in order', () => {
		expect(loginAgain({ retour: '/espace-pro/demandes?page=2' })).toBe(
			'/espace-pro/connexion?retour=%2Fespace-pro%2Fdemandes%3Fpage%3D2'
		);
		expect(loginAgain({ retour: 'https://evil.example' })).toBe(
			'/espace-pro/connexion?retour=%2Fespace-pro'
		);
		expect(loginNotice(new URLSearchParams('active=1&expiree=1'))).toBe('expired');
		expect(loginNotice(new URLSearchParams('reinitialise=1'))).toBe('reset');
		expect(loginNotice(new URLSearchParams('expiree=0'))).toBeNull();
	});
});
