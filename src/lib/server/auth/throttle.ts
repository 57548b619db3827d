import { and, desc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Executor } from '$lib/server/db/index';
import { loginAttempts } from '$lib/server/db/schema';
import { env } from '$lib/server/env';
import { hashToken } from '$lib/server/tokens';

/**
 * Login throttling kept in the database (survives a restart, shared by every worker), per
 * account and per client address. Keys are hashed: a typed e-mail or an address is never
 * stored as is. Rows are pruned after a day; a success clears the account's failures.
 *
 * - account: from the 5th failure in a row, wait 2^(n-5) × 30 s after the last one (capped
 *   at 1 h);
 * - address: at most LOGIN_IP_MAX_FAILURES failures (default 20) in 15 minutes.
 */
export const ACCOUNT_FREE_FAILURES = 5;
export const ACCOUNT_BASE_DELAY_MS = 30_000;
export const ACCOUNT_MAX_DELAY_MS = 60 * 60 * 1000;
export const IP_WINDOW_MS = 15 * 60 * 1000;
/** Default of LOGIN_IP_MAX_FAILURES (env.ts). */
export const IP_MAX_FAILURES = 20;
export const RETENTION_MS = 24 * 60 * 60 * 1000;

export interface ThrottleSubject {
	email: string;
	ip: string;
}

export const accountKey = (email: string) => `email:${hashToken(email.trim().toLowerCase())}`;
export const ipKey = (ip: string) => `ip:${hashToken(ip)}`;

/** The delay before the next try once an account has `failures` failures in a row. */
export function accountDelayMs(failures: number): number {
	if (failures < ACCOUNT_FREE_FAILURES) return 0;
	return Math.min(ACCOUNT_BASE_DELAY_MS * 2 ** (failures - ACCOUNT_FREE_FAILURES), ACCOUNT_MAX_DELAY_MS);
}

/** Seconds to wait before another try (0: go ahead). `ipMaxFailures` defaults to LOGIN_IP_MAX_FAILURES. */
export function throttleWaitSeconds(
	db: Executor,
	subject: ThrottleSubject,
	now: Date = new Date(),
	ipMaxFailures: number = env().LOGIN_IP_MAX_FAILURES
): number {
	const since = new Date(now.getTime() - RETENTION_MS);
	const account = db
		.select({ n: sql<number>`count(*)`, last: sql<number | null>`max(${loginAttempts.at})` })
		.from(loginAttempts)
		.where(and(eq(loginAttempts.key, accountKey(subject.email)), gt(loginAttempts.at, since)))
		.get();
	let waitMs = 0;
	if (account && account.last !== null) {
		waitMs = Math.max(waitMs, account.last + accountDelayMs(account.n) - now.getTime());
	}
	const recent = db
		.select({ at: loginAttempts.at })
		.from(loginAttempts)
		.where(and(eq(loginAttempts.key, ipKey(subject.ip)), gt(loginAttempts.at, new Date(now.getTime() - IP_WINDOW_MS))))
		.orderBy(desc(loginAttempts.at))
		.limit(ipMaxFailures)
		.all();
	if (recent.length >= ipMaxFailures) {
		const oldest = recent[recent.length - 1]!.at.getTime();
		waitMs = Math.max(waitMs, oldest + IP_WINDOW_MS - now.getTime());
	}
	return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
}

export function recordFailure(db: Executor, subject: ThrottleSubject, now: Date = new Date()): void {
	db.delete(loginAttempts).where(lt(loginAttempts.at, new Date(now.getTime() - RETENTION_MS))).run();
	db.insert(loginAttempts)
		.values([
			{ key: accountKey(subject.email), at: now },
			{ key: ipKey(subject.ip), at: now }
		])
		.run();
}

/** A successful login resets the account's streak (the address keeps its count). */
export function recordSuccess(db: Executor, subject: Pick<ThrottleSubject, 'email'>): void {
	db.delete(loginAttempts).where(eq(loginAttempts.key, accountKey(subject.email))).run();
}
