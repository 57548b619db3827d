import type { Cookies } from '@sveltejs/kit';
import { eq, lte } from 'drizzle-orm';
import type { Executor } from '$lib/server/db/index';
import {
	staffSessions,
	staffUsers,
	type StaffRole,
	type StaffSession
} from '$lib/server/db/schema';
import { env, type Env } from '$lib/server/env';
import { generateToken, hashToken, looksLikeToken } from '$lib/server/tokens';

/**
 * Staff sessions the way Lucia's guide teaches them (no `lucia` package, ADR 005 and 010):
 * an opaque token in an HttpOnly cookie, its SHA-256 as the session id in the database.
 * A verified session ends after STAFF_SESSION_IDLE_MINUTES without a request (default 30)
 * and, whatever the activity, STAFF_SESSION_MAX_HOURS after it was opened (default 12)
 * (ADR 027). `expires_at` holds the earlier of the two; it is written at most about once a
 * minute (so the idle timeout may strike up to a minute early). A session whose second factor
 * is still pending lives 10 minutes and is never extended.
 */
export const SESSION_COOKIE = 'pdp_staff';
const MINUTE = 60 * 1000;
export const PENDING_SESSION_TTL_MS = 10 * MINUTE;
/** The stored expiry is rewritten only when it moves by at least this much. */
export const EXPIRY_WRITE_INTERVAL_MS = MINUTE;
/**
 * The cookie outlives the session by a day, so that a request made after the session expired
 * still carries the (dead) token and the person is told the session expired. The token alone
 * opens nothing: the database decides.
 */
export const COOKIE_GRACE_MS = 24 * 60 * MINUTE;

/** How long a verified session lives: without activity, and at most. */
export interface SessionPolicy {
	idleMs: number;
	maxMs: number;
}

export function sessionPolicy(
	source: Pick<Env, 'STAFF_SESSION_IDLE_MINUTES' | 'STAFF_SESSION_MAX_HOURS'> = env()
): SessionPolicy {
	return {
		idleMs: source.STAFF_SESSION_IDLE_MINUTES * MINUTE,
		maxMs: source.STAFF_SESSION_MAX_HOURS * 60 * MINUTE
	};
}

/** When a verified session opened at `createdAt` and last seen at `now` ends. */
export function sessionEnd(createdAt: Date, now: Date, policy: SessionPolicy): Date {
	return new Date(Math.min(now.getTime() + policy.idleMs, createdAt.getTime() + policy.maxMs));
}

/** The cookie's own expiry: the session's latest possible end, plus a grace day (see COOKIE_GRACE_MS). */
export function sessionCookieExpiry(
	session: Pick<StaffSession, 'createdAt' | 'twoFactorVerified'>,
	policy: SessionPolicy = sessionPolicy()
): Date {
	const lifetime = session.twoFactorVerified ? policy.maxMs : PENDING_SESSION_TTL_MS;
	return new Date(session.createdAt.getTime() + lifetime + COOKIE_GRACE_MS);
}

export interface SessionUser {
	id: number;
	email: string;
	name: string;
	role: StaffRole;
	totpEnabled: boolean;
}

export type SessionValidationResult =
	{ session: StaffSession; user: SessionUser } | { session: null; user: null };

/** Why a session was refused: `expired` when the token named a session that has just ended. */
export type SessionRefusal = 'none' | 'unknown' | 'expired';

export function generateSessionToken(): string {
	return generateToken();
}

export async function createSession(
	db: Executor,
	token: string,
	userId: number,
	options: { twoFactorVerified: boolean },
	now: Date = new Date(),
	policy: SessionPolicy = sessionPolicy()
): Promise<StaffSession> {
	const session: StaffSession = {
		id: hashToken(token),
		userId,
		twoFactorVerified: options.twoFactorVerified,
		createdAt: now,
		expiresAt: options.twoFactorVerified
			? sessionEnd(now, now, policy)
			: new Date(now.getTime() + PENDING_SESSION_TTL_MS)
	};
	// Sessions that ended without a further request are purged at each login, once their cookie
	// has expired too (COOKIE_GRACE_MS): until then a request with the dead token is told that
	// the session expired, whoever else logged in meanwhile.
	await db
		.delete(staffSessions)
		.where(lte(staffSessions.expiresAt, new Date(now.getTime() - COOKIE_GRACE_MS)));
	await db.insert(staffSessions).values(session);
	return session;
}

export async function validateSessionToken(
	db: Executor,
	token: string | undefined,
	now: Date = new Date(),
	policy: SessionPolicy = sessionPolicy()
): Promise<SessionValidationResult & { refusal: SessionRefusal }> {
	if (!looksLikeToken(token))
		return { session: null, user: null, refusal: token === undefined ? 'none' : 'unknown' };
	const sessionId = hashToken(token);
	const [row] = await db
		.select({ session: staffSessions, user: staffUsers })
		.from(staffSessions)
		.innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
		.where(eq(staffSessions.id, sessionId));
	if (!row) return { session: null, user: null, refusal: 'unknown' };
	const { session, user } = row;
	const ended =
		now.getTime() >= session.expiresAt.getTime() ||
		(session.twoFactorVerified && now.getTime() >= session.createdAt.getTime() + policy.maxMs);
	if (ended || user.disabledAt !== null) {
		await invalidateSession(db, sessionId);
		return { session: null, user: null, refusal: ended ? 'expired' : 'unknown' };
	}
	if (session.twoFactorVerified) {
		// Activity moves the idle deadline; the write happens at most about once a minute, and
		// also when the stored expiry lies beyond what the policy allows (a shorter policy).
		const end = sessionEnd(session.createdAt, now, policy);
		if (Math.abs(end.getTime() - session.expiresAt.getTime()) >= EXPIRY_WRITE_INTERVAL_MS) {
			session.expiresAt = end;
			await db.update(staffSessions).set({ expiresAt: end }).where(eq(staffSessions.id, sessionId));
		}
	}
	return {
		session,
		user: {
			id: user.id,
			email: user.email,
			name: user.name,
			role: user.role,
			totpEnabled: user.totpSecret !== null
		},
		refusal: 'none'
	};
}

export async function invalidateSession(db: Executor, sessionId: string): Promise<void> {
	await db.delete(staffSessions).where(eq(staffSessions.id, sessionId));
}

/** "Log out everywhere", a password change, a disabled account. */
export async function invalidateUserSessions(db: Executor, userId: number): Promise<void> {
	await db.delete(staffSessions).where(eq(staffSessions.userId, userId));
}

export function setSessionTokenCookie(
	cookies: Cookies,
	token: string,
	expiresAt: Date,
	secure: boolean
): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		expires: expiresAt
	});
}

export function deleteSessionTokenCookie(cookies: Cookies, secure: boolean): void {
	cookies.set(SESSION_COOKIE, '', {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		maxAge: 0
	});
}
