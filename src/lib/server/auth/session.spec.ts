import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testDb } from '../../../../tests/helpers/db';
import { staffSessions, staffUsers } from '$lib/server/db/schema';
import { hashToken } from '$lib/server/tokens';
import { createStaffUser } from './accounts';
import {
	PENDING_SESSION_TTL_MS,
	SESSION_TTL_MS,
	createSession,
	generateSessionToken,
	invalidateSession,
	invalidateUserSessions,
	validateSessionToken
} from './session';

const DAY = 24 * 60 * 60 * 1000;
const t0 = new Date('2026-11-23T10:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

function setup() {
	const db = testDb();
	const userId = createStaffUser(db, { email: 'Agent@Example.fr', name: 'Agent Test', role: 'agent', departements: ['69'] }, t0);
	return { db, userId };
}

describe('staff sessions', () => {
	it('stores only the SHA-256 of the token and validates it', () => {
		const { db, userId } = setup();
		const token = generateSessionToken();
		createSession(db, token, userId, { twoFactorVerified: true }, t0);
		const rows = db.select().from(staffSessions).all();
		expect(rows).toHaveLength(1);
		expect(rows[0]!.id).toBe(hashToken(token));
		expect(JSON.stringify(rows)).not.toContain(token);
		const result = validateSessionToken(db, token, at(DAY));
		expect(result.user).toMatchObject({ id: userId, email: 'agent@example.fr', role: 'agent', totpEnabled: false });
		expect(result.session?.twoFactorVerified).toBe(true);
	});

	it('refuses unknown, malformed and expired tokens (and deletes the expired session)', () => {
		const { db, userId } = setup();
		const token = generateSessionToken();
		createSession(db, token, userId, { twoFactorVerified: true }, t0);
		expect(validateSessionToken(db, generateSessionToken(), t0).session).toBeNull();
		expect(validateSessionToken(db, 'NOT A TOKEN', t0).session).toBeNull();
		expect(validateSessionToken(db, undefined, t0).session).toBeNull();
		expect(validateSessionToken(db, token, at(SESSION_TTL_MS)).session).toBeNull();
		expect(db.select().from(staffSessions).all()).toHaveLength(0);
	});

	it('slides the expiry to 30 days when less than 15 days remain', () => {
		const { db, userId } = setup();
		const token = generateSessionToken();
		createSession(db, token, userId, { twoFactorVerified: true }, t0);
		expect(validateSessionToken(db, token, at(10 * DAY)).session?.expiresAt.getTime()).toBe(at(SESSION_TTL_MS).getTime());
		const renewed = validateSessionToken(db, token, at(20 * DAY)).session;
		expect(renewed?.expiresAt.getTime()).toBe(at(50 * DAY).getTime());
		expect(db.select().from(staffSessions).get()?.expiresAt.getTime()).toBe(at(50 * DAY).getTime());
		expect(validateSessionToken(db, token, at(45 * DAY)).session).not.toBeNull();
	});

	it('keeps a session whose second factor is pending short and never extends it', () => {
		const { db, userId } = setup();
		const token = generateSessionToken();
		const session = createSession(db, token, userId, { twoFactorVerified: false }, t0);
		expect(session.expiresAt.getTime()).toBe(at(PENDING_SESSION_TTL_MS).getTime());
		expect(validateSessionToken(db, token, at(60_000)).session?.expiresAt.getTime()).toBe(session.expiresAt.getTime());
		expect(validateSessionToken(db, token, at(PENDING_SESSION_TTL_MS)).session).toBeNull();
	});

	it('ends the sessions of a disabled account', () => {
		const { db, userId } = setup();
		const token = generateSessionToken();
		createSession(db, token, userId, { twoFactorVerified: true }, t0);
		db.update(staffUsers).set({ disabledAt: t0 }).where(eq(staffUsers.id, userId)).run();
		expect(validateSessionToken(db, token, at(1000))).toEqual({ session: null, user: null });
	});

	it('invalidates one session, or all the sessions of a user', () => {
		const { db, userId } = setup();
		const other = createStaffUser(db, { email: 'b@example.fr', name: 'B', role: 'agent', departements: ['01'] }, t0);
		const [a, b, c] = [generateSessionToken(), generateSessionToken(), generateSessionToken()];
		const first = createSession(db, a, userId, { twoFactorVerified: true }, t0);
		createSession(db, b, userId, { twoFactorVerified: true }, t0);
		createSession(db, c, other, { twoFactorVerified: true }, t0);
		invalidateSession(db, first.id);
		expect(validateSessionToken(db, a, t0).session).toBeNull();
		expect(validateSessionToken(db, b, t0).session).not.toBeNull();
		invalidateUserSessions(db, userId);
		expect(validateSessionToken(db, b, t0).session).toBeNull();
		expect(validateSessionToken(db, c, t0).session).not.toBeNull();
	});
});
