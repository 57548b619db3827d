import { describe, expect, it } from 'vitest';
import { generateHOTP, generateTOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { testDb } from '../../../../tests/helpers/db';
import { t0, at, PASSPHRASE } from '../../../../tests/fixtures/auth';
import { auditLog, staffUsers } from '$lib/server/db/schema';
import { eq } from 'drizzle-orm';
import { createStaffUser, setPassword, setTotpSecret } from './accounts';
import { DEMO_ADMIN_TOTP_SECRET, DEMO_STAFF_PASSWORD, demoStaff, seedDemoStaff } from './demo';
import { audit, canAccessDepartement, safeRetour, staffContextFor } from './guard';
import { attemptPasswordLogin, attemptTotp, findUserByEmail } from './login';
import { hashPassword } from './password';
import { totpStepAt } from './totp';

/** The details of every audit row written so far. */
const auditDetails = async (db: ReturnType<typeof testDb>) =>
	(await db.select().from(auditLog)).map((r) => r.details);

async function setup(role: 'agent' | 'administrateur' = 'agent') {
	const db = testDb();
	const userId = await createStaffUser(
		db,
		{ email: 'agent@example.fr', name: 'Agent', role, departements: ['69'] },
		t0
	);
	await setPassword(db, userId, await hashPassword(PASSPHRASE));
	return { db, userId };
}

describe('password step', () => {
	it('logs in with the right password (any case of e-mail) and audits it with the user id', async () => {
		const { db, userId } = await setup();
		const outcome = await attemptPasswordLogin(
			db,
			{ email: 'Agent@Example.fr', password: PASSPHRASE, ip: '203.0.113.1' },
			t0
		);
		expect(outcome).toMatchObject({ ok: true, next: 'none' });
		expect(await db.select().from(auditLog)).toMatchObject([{ userId, action: 'login_success' }]);
	});

	it('gives the same answer for a wrong password and an unknown account, audited without the typed e-mail', async () => {
		const { db, userId } = await setup();
		const wrong = await attemptPasswordLogin(
			db,
			{ email: 'agent@example.fr', password: 'mauvais mot de passe', ip: '203.0.113.1' },
			t0
		);
		const unknown = await attemptPasswordLogin(
			db,
			{ email: 'personne@example.fr', password: PASSPHRASE, ip: '203.0.113.1' },
			t0
		);
		expect(wrong).toEqual({ ok: false, reason: 'invalid' });
		expect(unknown).toEqual({ ok: false, reason: 'invalid' });
		const rows = await db.select().from(auditLog);
		expect(rows.map((r) => [r.userId, r.action])).toEqual([
			[userId, 'login_failure'],
			[null, 'login_failure']
		]);
		expect(JSON.stringify(rows)).not.toContain('personne');
	});

	it('throttles after 5 failures even with the right password, then lets in after the delay', async () => {
		const { db } = await setup();
		for (let i = 0; i < 5; i++) {
			await attemptPasswordLogin(
				db,
				{ email: 'agent@example.fr', password: `mauvais ${i} mot de passe`, ip: '203.0.113.1' },
				at(i)
			);
		}
		const blocked = await attemptPasswordLogin(
			db,
			{ email: 'agent@example.fr', password: PASSPHRASE, ip: '203.0.113.1' },
			at(1000)
		);
		expect(blocked).toMatchObject({ ok: false, reason: 'throttled' });
		const later = await attemptPasswordLogin(
			db,
			{ email: 'agent@example.fr', password: PASSPHRASE, ip: '203.0.113.1' },
			at(31_000)
		);
		expect(later).toMatchObject({ ok: true });
	});

	it('sends accounts with TOTP to the code step, administrators without TOTP to set it up', async () => {
		const { db, userId } = await setup('administrateur');
		const login = () =>
			attemptPasswordLogin(
				db,
				{ email: 'agent@example.fr', password: PASSPHRASE, ip: '203.0.113.1' },
				t0
			);
		expect(await login()).toMatchObject({ ok: true, next: 'totp_setup' });
		await setTotpSecret(db, userId, DEMO_ADMIN_TOTP_SECRET);
		expect(await login()).toMatchObject({ ok: true, next: 'totp' });
		expect(
			(await db.select().from(auditLog)).filter((r) => r.action === 'login_success')
		).toHaveLength(0);
	});

	it('checks a TOTP code and counts wrong codes as failures', async () => {
		const { db, userId } = await setup('administrateur');
		await setTotpSecret(db, userId, DEMO_ADMIN_TOTP_SECRET);
		const user = (await findUserByEmail(db, 'agent@example.fr'))!;
		const good = generateTOTP(decodeBase32IgnorePadding(DEMO_ADMIN_TOTP_SECRET), 30, 6);
		const bad = good === '000000' ? '111111' : '000000';
		expect(
			await attemptTotp(db, { user, secret: DEMO_ADMIN_TOTP_SECRET, code: bad, ip: '203.0.113.1' })
		).toEqual({ ok: false, reason: 'invalid' });
		expect(
			await attemptTotp(db, { user, secret: DEMO_ADMIN_TOTP_SECRET, code: good, ip: '203.0.113.1' })
		).toEqual({ ok: true });
		expect(await auditDetails(db)).toContainEqual({ reason: 'totp' });
	});
});

describe('TOTP replay protection', () => {
	const key = decodeBase32IgnorePadding(DEMO_ADMIN_TOTP_SECRET);
	const lastStep = async (db: Awaited<ReturnType<typeof setup>>['db'], id: number) =>
		(
			await db
				.select({ step: staffUsers.totpLastStep })
				.from(staffUsers)
				.where(eq(staffUsers.id, id))
		)[0]?.step;

	it('accepts a valid code once: the same code again is refused, even 20 seconds later', async () => {
		const { db, userId } = await setup('administrateur');
		await setTotpSecret(db, userId, DEMO_ADMIN_TOTP_SECRET);
		const user = (await findUserByEmail(db, 'agent@example.fr'))!;
		const now = new Date('2026-11-23T10:00:05Z');
		const code = generateHOTP(key, BigInt(totpStepAt(now)), 6);
		const input = { user, secret: DEMO_ADMIN_TOTP_SECRET, code, ip: '203.0.113.1' };
		expect(await attemptTotp(db, input, now)).toEqual({ ok: true });
		expect(await lastStep(db, userId)).toBe(totpStepAt(now));
		// An earlier step's code (still inside the grace window) is refused too.
		const previous = generateHOTP(key, BigInt(totpStepAt(now) - 1), 6);
		expect(
			await attemptTotp(db, { ...input, code: previous }, new Date(now.getTime() + 1000))
		).toEqual({
			ok: false,
			reason: 'reused'
		});
		expect(await attemptTotp(db, input, new Date(now.getTime() + 20_000))).toEqual({
			ok: false,
			reason: 'reused'
		});
		expect(await auditDetails(db)).toContainEqual({ reason: 'totp_reused' });
		// The next step's code is fine.
		const later = new Date(now.getTime() + 30_000);
		expect(
			await attemptTotp(
				db,
				{ ...input, code: generateHOTP(key, BigInt(totpStepAt(later)), 6) },
				later
			)
		).toEqual({ ok: true });
		expect(await lastStep(db, userId)).toBe(totpStepAt(later));
	});

	it('stores the secret and the step of the setup code atomically: that code cannot log in afterwards', async () => {
		const { db, userId } = await setup('administrateur');
		const user = (await findUserByEmail(db, 'agent@example.fr'))!;
		const now = new Date('2026-11-23T10:00:05Z');
		const code = generateHOTP(key, BigInt(totpStepAt(now)), 6);
		const input = { user, secret: DEMO_ADMIN_TOTP_SECRET, code, ip: '203.0.113.1' };
		expect(await attemptTotp(db, { ...input, enable: true }, now)).toEqual({ ok: true });
		const stored = (await db.select().from(staffUsers).where(eq(staffUsers.id, userId)))[0]!;
		expect(stored).toMatchObject({
			totpSecret: DEMO_ADMIN_TOTP_SECRET,
			totpLastStep: totpStepAt(now)
		});
		expect(await attemptTotp(db, input, new Date(now.getTime() + 1000))).toEqual({
			ok: false,
			reason: 'reused'
		});
		// A second setup on an account that already has a secret never replaces it.
		const otherSecret = 'A'.repeat(32);
		const later = new Date(now.getTime() + 30_000);
		const other = generateHOTP(
			decodeBase32IgnorePadding(otherSecret),
			BigInt(totpStepAt(later)),
			6
		);
		expect(
			await attemptTotp(db, { ...input, code: other, secret: otherSecret, enable: true }, later)
		).toEqual({ ok: false, reason: 'reused' });
		expect(
			(await db.select().from(staffUsers).where(eq(staffUsers.id, userId)))[0]?.totpSecret
		).toBe(DEMO_ADMIN_TOTP_SECRET);
	});
});

describe('guard helpers', () => {
	it('gives administrators every département and others their own', async () => {
		const db = testDb();
		await seedDemoStaff(db, t0);
		const agent = (await findUserByEmail(db, demoStaff[0].email))!;
		const admin = (await findUserByEmail(db, demoStaff[2].email))!;
		const agentCtx = await staffContextFor(db, 's', { ...agent, totpEnabled: false });
		const adminCtx = await staffContextFor(db, 's', { ...admin, totpEnabled: true });
		expect(agentCtx.departements).toEqual(['01', '69']);
		expect(canAccessDepartement(agentCtx, '69')).toBe(true);
		expect(canAccessDepartement(agentCtx, '974')).toBe(false);
		expect(adminCtx.departements.length).toBe(101);
		expect(canAccessDepartement(adminCtx, '974')).toBe(true);
		expect(admin.totpSecret).toBe(DEMO_ADMIN_TOTP_SECRET);
		expect(
			(
				await attemptPasswordLogin(
					db,
					{ email: demoStaff[1].email, password: DEMO_STAFF_PASSWORD, ip: '::1' },
					t0
				)
			).ok
		).toBe(true);
	});

	it('writes audit rows', async () => {
		const db = testDb();
		await audit(
			db,
			{
				userId: 7,
				action: 'demande_read',
				demandeReference: 'PDP-1',
				departementCode: '69',
				details: { step: 1 }
			},
			t0
		);
		expect(await db.select().from(auditLog)).toEqual([
			{
				id: 1,
				at: t0,
				userId: 7,
				action: 'demande_read',
				demandeReference: 'PDP-1',
				departementCode: '69',
				details: { step: 1 }
			}
		]);
	});

	it('accepts only back-office paths as retour', () => {
		expect(safeRetour('/espace-pro/compte?x=1')).toBe('/espace-pro/compte?x=1');
		expect(safeRetour('/espace-pro')).toBe('/espace-pro');
		for (const bad of [
			'https://evil.example/',
			'//evil.example',
			'/\\evil.example',
			'/espace-pro\t/x',
			'/questionnaire',
			'/espace-pro.evil',
			null,
			'/espace-pro/connexion'
		]) {
			expect(safeRetour(bad)).toBe('/espace-pro');
		}
	});
});
