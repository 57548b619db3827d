import type { Cookies } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { Executor } from '$lib/server/db/index';
import { staffSessions, staffUsers, type StaffRole, type StaffSession } from '$lib/server/db/schema';
import { generateToken, hashToken, looksLikeToken } from '$lib/server/tokens';

/**
 * Staff sessions the way Lucia's guide teaches them (no `lucia` package, ADR 005 and 010):
 * an opaque token in an HttpOnly cookie, its SHA-256 as the session id in the database, a
 * sliding 30-day expiry. A session whose second factor is still pending lives 10 minutes
 * and is never extended.
 */
export const SESSION_COOKIE = 'pdp_staff';
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_TTL_MS = 30 * DAY;
export const SESSION_RENEW_BEFORE_MS = 15 * DAY;
export const PENDING_SESSION_TTL_MS = 10 * 60 * 1000;

export interface SessionUser {
	id: number;
	email: string;
	name: string;
	role: StaffRole;
	totpEnabled: boolean;
}

export type SessionValidationResult =
	| { session: StaffSession; user: SessionUser }
	| { session: null; user: null };

export function generateSessionToken(): string {
	return generateToken();
}

export function createSession(
	db: Executor,
	token: string,
	userId: number,
	options: { twoFactorVerified: boolean },
	now: Date = new Date()
): StaffSession {
	const session: StaffSession = {
		id: hashToken(token),
		userId,
		twoFactorVerified: options.twoFactorVerified,
		createdAt: now,
		expiresAt: new Date(now.getTime() + (options.twoFactorVerified ? SESSION_TTL_MS : PENDING_SESSION_TTL_MS))
	};
	db.insert(staffSessions).values(session).run();
	return session;
}

export function validateSessionToken(db: Executor, token: string | undefined, now: Date = new Date()): SessionValidationResult {
	if (!looksLikeToken(token)) return { session: null, user: null };
	const sessionId = hashToken(token);
	const row = db
		.select({ session: staffSessions, user: staffUsers })
		.from(staffSessions)
		.innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
		.where(eq(staffSessions.id, sessionId))
		.get();
	if (!row) return { session: null, user: null };
	const { session, user } = row;
	if (now.getTime() >= session.expiresAt.getTime() || user.disabledAt !== null) {
		invalidateSession(db, sessionId);
		return { session: null, user: null };
	}
	if (session.twoFactorVerified && session.expiresAt.getTime() - now.getTime() < SESSION_RENEW_BEFORE_MS) {
		session.expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
		db.update(staffSessions).set({ expiresAt: session.expiresAt }).where(eq(staffSessions.id, sessionId)).run();
	}
	return {
		session,
		user: { id: user.id, email: user.email, name: user.name, role: user.role, totpEnabled: user.totpSecret !== null }
	};
}

export function invalidateSession(db: Executor, sessionId: string): void {
	db.delete(staffSessions).where(eq(staffSessions.id, sessionId)).run();
}

/** "Log out everywhere", a password change, a disabled account. */
export function invalidateUserSessions(db: Executor, userId: number): void {
	db.delete(staffSessions).where(eq(staffSessions.userId, userId)).run();
}

export function setSessionTokenCookie(cookies: Cookies, token: string, expiresAt: Date, secure: boolean): void {
	cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
}

export function deleteSessionTokenCookie(cookies: Cookies, secure: boolean): void {
	cookies.set(SESSION_COOKIE, '', { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 0 });
}
