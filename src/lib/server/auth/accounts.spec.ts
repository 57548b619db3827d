import { describe, expect, it } from 'vitest';
import { testDb } from '../../../../tests/helpers/db';
import { t0, at, PASSPHRASE } from '../../../../tests/fixtures/auth';
import { staffDepartements, staffSetupTokens } from '$lib/server/db/schema';
import {
	RESET_TOKEN_TTL_MS,
	SETUP_TOKEN_TTL_MS,
	completeSetup,
	createSetupToken,
	createStaffUser,
	findSetupLink,
	findSetupToken,
	getStaffUser
} from './accounts';
import { verifyPassword } from './password';
import { createSession, generateSessionToken, validateSessionToken } from './session';

async function setup() {
	const db = testDb();
	const userId = await createStaffUser(
		db,
		{
			email: ' Jeanne@Example.FR ',
			name: 'Jeanne Martin',
			role: 'responsable',
			departements: ['69', '01', '69']
		},
		t0
	);
	return { db, userId };
}

describe('staff accounts and one-time setup links', () => {
	it('creates an account without a password, e-mail lower-cased, départements once', async () => {
		const { db, userId } = await setup();
		const user = await getStaffUser(db, userId);
		expect(user).toMatchObject({
			email: 'jeanne@example.fr',
			passwordHash: null,
			totpSecret: null,
			role: 'responsable'
		});
		expect(
			(await db.select().from(staffDepartements)).map((r) => r.departementCode).sort()
		).toEqual(['01', '69']);
	});

	it('stores only the hash of the setup token', async () => {
		const { db, userId } = await setup();
		const token = await createSetupToken(db, userId, t0);
		const rows = await db.select().from(staffSetupTokens);
		expect(rows).toHaveLength(1);
		expect(JSON.stringify(rows)).not.toContain(token);
		expect((await findSetupToken(db, token, t0))?.id).toBe(userId);
	});

	it('sets the password once: the link is burnt after use and existing sessions end', async () => {
		const { db, userId } = await setup();
		const token = await createSetupToken(db, userId, t0);
		const session = generateSessionToken();
		await createSession(db, session, userId, { twoFactorVerified: true }, t0);
		expect(await completeSetup(db, token, PASSPHRASE, at(1000))).toEqual({
			ok: true,
			userId,
			purpose: 'activation'
		});
		const hash = (await getStaffUser(db, userId))?.passwordHash;
		expect(hash && (await verifyPassword(hash, PASSPHRASE))).toBe(true);
		expect((await validateSessionToken(db, session, at(2000))).session).toBeNull();
		expect(await completeSetup(db, token, 'une autre phrase de passe', at(2000))).toEqual({
			ok: false,
			error: 'staff:activation.invalid'
		});
		expect(await findSetupToken(db, token, at(2000))).toBeUndefined();
	});

	it('expires after 72 hours and applies the password policy', async () => {
		const { db, userId } = await setup();
		const token = await createSetupToken(db, userId, t0);
		expect(await completeSetup(db, token, 'azerty123456', at(1000))).toEqual({
			ok: false,
			error: 'staff:password.common'
		});
		expect(await completeSetup(db, token, 'jeanne@example.fr', at(1000))).toEqual({
			ok: false,
			error: 'staff:password.personal'
		});
		expect(await findSetupToken(db, token, at(SETUP_TOKEN_TTL_MS - 1))).toBeDefined();
		expect(await completeSetup(db, token, PASSPHRASE, at(SETUP_TOKEN_TTL_MS))).toEqual({
			ok: false,
			error: 'staff:activation.invalid'
		});
		expect((await getStaffUser(db, userId))?.passwordHash).toBeNull();
	});

	it('a new link replaces the previous unused one', async () => {
		const { db, userId } = await setup();
		const first = await createSetupToken(db, userId, t0);
		const second = await createSetupToken(db, userId, at(1000));
		expect(await findSetupToken(db, first, at(2000))).toBeUndefined();
		expect((await findSetupToken(db, second, at(2000)))?.id).toBe(userId);
		expect(await findSetupToken(db, 'not-a-token', at(2000))).toBeUndefined();
	});

	it('reset links last 1 hour, replace earlier reset links only, and using one burns every other link', async () => {
		const { db, userId } = await setup();
		const activation = await createSetupToken(db, userId, t0, 'activation');
		const firstReset = await createSetupToken(db, userId, t0, 'reinitialisation');
		const reset = await createSetupToken(db, userId, at(1000), 'reinitialisation');
		expect(await findSetupLink(db, firstReset, at(2000))).toBeUndefined();
		expect((await findSetupLink(db, activation, at(2000)))?.purpose).toBe('activation');
		expect((await findSetupLink(db, reset, at(2000)))?.purpose).toBe('reinitialisation');
		expect(await findSetupLink(db, reset, at(1000 + RESET_TOKEN_TTL_MS - 1))).toBeDefined();
		expect(await findSetupLink(db, reset, at(1000 + RESET_TOKEN_TTL_MS))).toBeUndefined();
		expect(await completeSetup(db, reset, PASSPHRASE, at(5000))).toEqual({
			ok: true,
			userId,
			purpose: 'reinitialisation'
		});
		expect(await findSetupLink(db, activation, at(6000))).toBeUndefined();
	});
});
