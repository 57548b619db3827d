import { and, count, desc, eq, gt, inArray, lt, max } from 'drizzle-orm';
import { changedRows, type Executor } from '$lib/server/db/index';
import { loginAttempts } from '$lib/server/db/schema';
import { env } from '$lib/server/env';
import { throttleHmac } from './throttle-key';

/**
 * Login throttling kept in the database (survives a restart, shared by every worker). Keys are
 * HMACs under a key kept outside the database (throttle-key.ts): a typed e-mail or a client
 * address is never stored as is. Rows are pruned after a day. Three rules (ADR 027, which
 * replaces the per-account lock of ADR 010):
 *
 * - **account and address** (the guessing rule): from the 5th failure in a row for one account
 *   from one address, wait 2^(n-5) × 30 s after the last one (capped at 1 h). A success from
 *   that address resets it. Someone guessing from elsewhere never slows the owner down.
 * - **address**, whatever the accounts: at most LOGIN_IP_MAX_FAILURES failures (default 20) in
 *   15 minutes.
 * - **account**, whatever the addresses: at most ACCOUNT_MAX_FAILURES (50) failures in an hour.
 *   One address can never reach it (the first rule lets it fail about 11 times in an hour),
 *   so one attacker cannot lock a colleague out; guessing spread over many addresses is slowed
 *   to 50 tries an hour. A success resets it.
 */
export const PAIR_FREE_FAILURES = 5;
export const PAIR_BASE_DELAY_MS = 30_000;
export const PAIR_MAX_DELAY_MS = 60 * 60 * 1000;
export const IP_WINDOW_MS = 15 * 60 * 1000;
/** Default of LOGIN_IP_MAX_FAILURES (env.ts). */
export const IP_MAX_FAILURES = 20;
export const ACCOUNT_WINDOW_MS = 60 * 60 * 1000;
export const ACCOUNT_MAX_FAILURES = 50;
export const RETENTION_MS = 24 * 60 * 60 * 1000;

export interface ThrottleSubject {
	email: string;
	ip: string;
}

/** Which rule holds a login back. */
export type ThrottleRule = 'pair' | 'address' | 'account';

const normalEmail = (email: string) => email.trim().toLowerCase();
export const accountKey = (email: string) =>
	`email:${throttleHmac(`email\n${normalEmail(email)}`)}`;
export const ipKey = (ip: string) => `ip:${throttleHmac(`ip\n${ip}`)}`;
export const pairKey = (subject: ThrottleSubject) =>
	`pair:${throttleHmac(`pair\n${normalEmail(subject.email)}\n${subject.ip}`)}`;

/** The delay before the next try once an account has `failures` failures in a row from one address. */
export function pairDelayMs(failures: number): number {
	if (failures < PAIR_FREE_FAILURES) return 0;
	return Math.min(PAIR_BASE_DELAY_MS * 2 ** (failures - PAIR_FREE_FAILURES), PAIR_MAX_DELAY_MS);
}

/** Wait (ms from `now`) imposed by "at most `max` failures under `key` in `windowMs`". */
async function windowWaitMs(
	db: Executor,
	key: string,
	max: number,
	windowMs: number,
	now: Date
): Promise<number> {
	const recent = await db
		.select({ at: loginAttempts.at })
		.from(loginAttempts)
		.where(
			and(eq(loginAttempts.key, key), gt(loginAttempts.at, new Date(now.getTime() - windowMs)))
		)
		.orderBy(desc(loginAttempts.at))
		.limit(max);
	if (recent.length < max) return 0;
	return recent[recent.length - 1]!.at.getTime() + windowMs - now.getTime();
}

/** The longest wait any rule imposes (seconds, 0: go ahead) and the rule that imposes it. */
export async function throttleCheck(
	db: Executor,
	subject: ThrottleSubject,
	now: Date = new Date(),
	ipMaxFailures: number = env().LOGIN_IP_MAX_FAILURES
): Promise<{ seconds: number; rule: ThrottleRule | null }> {
	const [pair] = await db
		.select({ n: count(), last: max(loginAttempts.at) })
		.from(loginAttempts)
		.where(
			and(
				eq(loginAttempts.key, pairKey(subject)),
				gt(loginAttempts.at, new Date(now.getTime() - RETENTION_MS))
			)
		);
	const waits: [ThrottleRule, number][] = [
		[
			'pair',
			pair && pair.last !== null ? pair.last.getTime() + pairDelayMs(pair.n) - now.getTime() : 0
		],
		['address', await windowWaitMs(db, ipKey(subject.ip), ipMaxFailures, IP_WINDOW_MS, now)],
		[
			'account',
			await windowWaitMs(
				db,
				accountKey(subject.email),
				ACCOUNT_MAX_FAILURES,
				ACCOUNT_WINDOW_MS,
				now
			)
		]
	];
	const [rule, waitMs] = waits.reduce((a, b) => (b[1] > a[1] ? b : a));
	return waitMs > 0 ? { seconds: Math.ceil(waitMs / 1000), rule } : { seconds: 0, rule: null };
}

/** Seconds to wait before another try (0: go ahead). `ipMaxFailures` defaults to LOGIN_IP_MAX_FAILURES. */
export async function throttleWaitSeconds(
	db: Executor,
	subject: ThrottleSubject,
	now: Date = new Date(),
	ipMaxFailures?: number
): Promise<number> {
	return (await throttleCheck(db, subject, now, ipMaxFailures)).seconds;
}

/** Deletes the rows older than a day (login and reset keys alike). */
export async function purgeOldAttempts(db: Executor, now: Date = new Date()): Promise<number> {
	return changedRows(
		await db
			.delete(loginAttempts)
			.where(lt(loginAttempts.at, new Date(now.getTime() - RETENTION_MS)))
	);
}

export async function recordFailure(
	db: Executor,
	subject: ThrottleSubject,
	now: Date = new Date()
): Promise<void> {
	await purgeOldAttempts(db, now);
	await db.insert(loginAttempts).values([
		{ key: pairKey(subject), at: now },
		{ key: accountKey(subject.email), at: now },
		{ key: ipKey(subject.ip), at: now }
	]);
}

/** A successful login resets the account's streaks (from this address and overall); the address keeps its count. */
export async function recordSuccess(db: Executor, subject: ThrottleSubject): Promise<void> {
	await db
		.delete(loginAttempts)
		.where(inArray(loginAttempts.key, [pairKey(subject), accountKey(subject.email)]));
}
