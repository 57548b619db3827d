import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testDb } from '../../../../tests/helpers/db';
import { t0, at } from '../../../../tests/fixtures/auth';
import { staffSessions, staffUsers } from '$lib/server/db/schema';
import { hashToken } from '$lib/server/tokens';
import { createStaffUser } from './accounts';
import { parseEnv } from '$lib/server/env';
import {
	COOKIE_GRACE_MS,
	PENDING_SESSION_TTL_MS,
	createSession,
	sessionCookieExpiry,
	sessionPolicy,
	generateSessionToken,
	invalidateSession,
	invalidateUserSessions,
	validateSessionToken
} from './session';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const POLICY = { idleMs: 30 * MINUTE, maxMs: 12 * HOUR };

async function setup() {
	const db = testDb();
	const userId = await createStaffUser(
		db,
		{ email: 'Agent@Example.fr', name: 'Agent Test', role: 'agent', departements: ['69'] },
		t0
	);
	return { db, userId };
}

describe('staff sessions', () => {
	it('stores only the SHA-256 of the token and validates it', async () => {
		const { db, userId } = await setup();
		const token = generateSessionToken();
		await createSession(db, token, userId, { twoFactorVerified: true }, t0);
		const rows = await db.select().from(staffSessions);
		expect(rows).toHaveLength(1);
		expect(rows[0]!.id).toBe(hashToken(token));
		expect(JSON.stringify(rows)).not.toContain(token);
		const result = await validateSessionToken(db, token, at(10 * MINUTE));
		expect(result.user).toMatchObject({
			id: userId,
			email: 'agent@example.fr',
			role: 'agent',
			totpEnabled: false
		});
		expect(result.session?.twoFactorVerified).toBe(true);
	});

	it('refuses unknown, malformed and expired tokens (and deletes the expired session)', async () => {
		const { db, userId } = await setup();
		const token = generateSessionToken();
		await createSession(db, token, userId, { twoFactorVerified: true }, t0);
		expect((await validateSessionToken(db, generateSessionToken(), t0)).session).toBeNull();
		expect((await validateSessionToken(db, 'NOT A TOKEN', t0)).session).toBeNull();
		expect((await validateSessionToken(db, undefined, t0)).session).toBeNull();
		expect((await validateSessionToken(db, token, at(12 * HOUR))).session).toBeNull();
		expect(await db.select().from(staffSessions)).toHaveLength(0);
	});

	it('ends a session after 30 minutes without a request (security review (docs/security-review-2026-12.md) finding 13)', async () => {
		const { db, userId } = await setup();
		const token = generateSessionToken();
		const session = await createSession(db, token, userId, { twoFactorVerified: true }, t0, POLICY);
		expect(session.expiresAt.getTime()).toBe(at(30 * MINUTE).getTime());
		expect((await validateSessionToken(db, token, at(29 * MINUTE), POLICY)).session).not.toBeNull();
		// Activity at 29 min moved the deadline to 59 min; 31 idle minutes later the session is gone.
		expect((await validateSessionToken(db, token, at(58 * MINUTE), POLICY)).session).not.toBeNull();
		const dead = await validateSessionToken(db, token, at(89 * MINUTE), POLICY);
		expect(dead).toEqual({ session: null, user: null, refusal: 'expired' });
		expect(await db.select().from(staffSessions)).toHaveLength(0);
		expect((await validateSessionToken(db, token, at(90 * MINUTE), POLICY)).refusal).toBe(
			'unknown'
		);
	});

	it('ends a session 12 hours after login whatever the activity', async () => {
		const { db, userId } = await setup();
		const token = generateSessionToken();
		await createSession(db, token, userId, { twoFactorVerified: true }, t0, POLICY);
		for (let m = 20; m < 12 * 60; m += 20)
			expect(
				(await validateSessionToken(db, token, at(m * MINUTE), POLICY)).session,
				`${m} min`
			).not.toBeNull();
		// Never renewed beyond the absolute end.
		expect((await db.select().from(staffSessions))[0]?.expiresAt.getTime()).toBe(
			at(12 * HOUR).getTime()
		);
		expect((await validateSessionToken(db, token, at(12 * HOUR), POLICY)).refusal).toBe('expired');
	});

	it('writes the expiry at most about once a minute', async () => {
		const { db, userId } = await setup();
		const token = generateSessionToken();
		await createSession(db, token, userId, { twoFactorVerified: true }, t0, POLICY);
		const stored = async () => (await db.select().from(staffSessions))[0]!.expiresAt.getTime();
		await validateSessionToken(db, token, at(59_000), POLICY);
		expect(await stored()).toBe(at(30 * MINUTE).getTime());
		await validateSessionToken(db, token, at(60_000), POLICY);
		expect(await stored()).toBe(at(31 * MINUTE).getTime());
		await validateSessionToken(db, token, at(61_000), POLICY);
		expect(await stored()).toBe(at(31 * MINUTE).getTime());
	});

	it('applies a shorter policy to sessions opened under a longer one', async () => {
		const { db, userId } = await setup();
		const token = generateSessionToken();
		await createSession(db, token, userId, { twoFactorVerified: true }, t0, {
			idleMs: 8 * HOUR,
			maxMs: 24 * HOUR
		});
		expect(
			(await validateSessionToken(db, token, at(MINUTE), POLICY)).session?.expiresAt.getTime()
		).toBe(at(31 * MINUTE).getTime());
		expect(
			(await validateSessionToken(db, token, at(13 * HOUR), { idleMs: 8 * HOUR, maxMs: 12 * HOUR }))
				.refusal
		).toBe('expired');
	});

	it('keeps the cookie a grace day beyond the latest end, so that an expiry can be told', async () => {
		const { db, userId } = await setup();
		const verified = await createSession(
			db,
			generateSessionToken(),
			userId,
			{ twoFactorVerified: true },
			t0,
			POLICY
		);
		expect(sessionCookieExpiry(verified, POLICY).getTime()).toBe(
			at(12 * HOUR + COOKIE_GRACE_MS).getTime()
		);
		const pending = await createSession(
			db,
			generateSessionToken(),
			userId,
			{ twoFactorVerified: false },
			t0,
			POLICY
		);
		expect(sessionCookieExpiry(pending, POLICY).getTime()).toBe(
			at(PENDING_SESSION_TTL_MS + COOKIE_GRACE_MS).getTime()
		);
	});

	it('purges ended sessions when a new one opens, once their cookie has expired too', async () => {
		const { db, userId } = await setup();
		await createSession(
			db,
			generateSessionToken(),
			userId,
			{ twoFactorVerified: true },
			t0,
			POLICY
		);
		await createSession(
			db,
			generateSessionToken(),
			userId,
			{ twoFactorVerified: true },
			at(30 * MINUTE + COOKIE_GRACE_MS),
			POLICY
		);
		expect(await db.select().from(staffSessions)).toHaveLength(1);
	});

	it('still tells an ended session "expired" after someone else logged in', async () => {
		const { db, userId } = await setup();
		const other = await createStaffUser(
			db,
			{ email: 'autre@example.fr', name: 'Autre', role: 'agent', departements: ['69'] },
			t0
		);
		const token = generateSessionToken();
		await createSession(db, token, userId, { twoFactorVerified: true }, t0, POLICY);
		// The session ends at 30 minutes; a colleague logs in just after.
		await createSession(
			db,
			generateSessionToken(),
			other,
			{ twoFactorVerified: true },
			at(31 * MINUTE),
			POLICY
		);
		const result = await validateSessionToken(db, token, at(32 * MINUTE), POLICY);
		expect(result.session).toBeNull();
		expect(result.refusal).toBe('expired');
	});

	it('takes the idle timeout and the maximum lifetime from the environment (validated)', () => {
		expect(sessionPolicy(parseEnv({}))).toEqual(POLICY);
		expect(
			sessionPolicy(parseEnv({ STAFF_SESSION_IDLE_MINUTES: '15', STAFF_SESSION_MAX_HOURS: '8' }))
		).toEqual({ idleMs: 15 * MINUTE, maxMs: 8 * HOUR });
		for (const [name, bad] of [
			['STAFF_SESSION_IDLE_MINUTES', '0'],
			['STAFF_SESSION_IDLE_MINUTES', '4'],
			['STAFF_SESSION_IDLE_MINUTES', '481'],
			['STAFF_SESSION_IDLE_MINUTES', '2.5'],
			['STAFF_SESSION_IDLE_MINUTES', 'trente'],
			['STAFF_SESSION_MAX_HOURS', '0'],
			['STAFF_SESSION_MAX_HOURS', '25'],
			['STAFF_SESSION_MAX_HOURS', '720']
		] as const) {
			expect(() => parseEnv({ [name]: bad }), `${name}=${bad}`).toThrow(new RegExp(name));
		}
		expect(() =>
			parseEnv({ STAFF_SESSION_IDLE_MINUTES: '120', STAFF_SESSION_MAX_HOURS: '1' })
		).toThrow(/STAFF_SESSION_IDLE_MINUTES/);
	});

	it('keeps a session whose second factor is pending short and never extends it', async () => {
		const { db, userId } = await setup();
		const token = generateSessionToken();
		const session = await createSession(db, token, userId, { twoFactorVerified: false }, t0);
		expect(session.expiresAt.getTime()).toBe(at(PENDING_SESSION_TTL_MS).getTime());
		expect((await validateSessionToken(db, token, at(60_000))).session?.expiresAt.getTime()).toBe(
			session.expiresAt.getTime()
		);
		expect((await validateSessionToken(db, token, at(PENDING_SESSION_TTL_MS))).session).toBeNull();
	});

	it('ends the sessions of a disabled account', async () => {
		const { db, userId } = await setup();
		const token = generateSessionToken();
		await createSession(db, token, userId, { twoFactorVerified: true }, t0);
		await db.update(staffUsers).set({ disabledAt: t0 }).where(eq(staffUsers.id, userId));
		expect(await validateSessionToken(db, token, at(1000))).toEqual({
			session: null,
			user: null,
			refusal: 'unknown'
		});
	});

	it('invalidates one session, or all the sessions of a user', async () => {
		const { db, userId } = await setup();
		const other = await createStaffUser(
			db,
			{ email: 'b@example.fr', name: 'B', role: 'agent', departements: ['01'] },
			t0
		);
		const [a, b, c] = [generateSessionToken(), generateSessionToken(), generateSessionToken()];
		const first = await createSession(db, a, userId, { twoFactorVerified: true }, t0);
		await createSession(db, b, userId, { twoFactorVerified: true }, t0);
		await createSession(db, c, other, { twoFactorVerified: true }, t0);
		await invalidateSession(db, first.id);
		expect((await validateSessionToken(db, a, t0)).session).toBeNull();
		expect((await validateSessionToken(db, b, t0)).session).not.toBeNull();
		await invalidateUserSessions(db, userId);
		expect((await validateSessionToken(db, b, t0)).session).toBeNull();
		expect((await validateSessionToken(db, c, t0)).session).not.toBeNull();
	});
});
