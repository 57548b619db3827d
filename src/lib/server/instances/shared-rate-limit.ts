import { lt, sql } from 'drizzle-orm';
import type { Executor } from '$lib/server/db/index';
import { rateLimitCounters } from '$lib/server/db/schema';
import { throttleHmac } from '$lib/server/auth/throttle-key';
import type { Dialect } from '$lib/server/db/dialect';
import { RateLimiter, tiers, type Limiter, type RateLimitTier } from '$lib/server/rate-limit';

/**
 * Rate limits shared by every instance through the database (ADR 049, docs/security.md).
 *
 * A tier's `capacity` and `perMinute` become a fixed window: at most `capacity` requests per
 * client in each window of `capacity / perMinute` minutes (booking: 10 per 5 minutes). The
 * long-run rate is the token bucket's; the burst is `capacity`, twice that across a window's
 * edge. Each request that passes the first filter adds one to its window's row with one
 * upsert (`insert … on conflict do update set hits = hits + 1 returning hits`, the same on
 * SQLite and PostgreSQL), whichever instance serves it. The client (an address, or a staff
 * account) is stored only as an HMAC under the throttle key (auth/throttle-key.ts): the table
 * holds no address. The housekeeping deletes the windows that have ended.
 */

/** The window of a tier, in milliseconds. */
export function windowMs(tier: RateLimitTier): number {
	return (tier.capacity / tier.perMinute) * 60_000;
}

/** Counts in the database; returns the seconds to wait (0: allowed). */
export class DatabaseRateLimiter {
	constructor(
		private readonly db: () => Executor,
		private readonly now: () => number = () => Date.now(),
		private readonly table: typeof rateLimitCounters = rateLimitCounters
	) {}

	async consume(tier: RateLimitTier, client: string): Promise<number> {
		const now = this.now();
		const length = windowMs(tier);
		const start = Math.floor(now / length) * length;
		const end = start + length;
		const key = `${tier.name}:${start}:${throttleHmac(`rate\n${tier.name}\n${client}`)}`;
		const table = this.table;
		const [row] = await this.db()
			.insert(table)
			.values({ key, hits: 1, expiresAt: new Date(end) })
			.onConflictDoUpdate({ target: table.key, set: { hits: sql`${table.hits} + 1` } })
			.returning({ hits: table.hits });
		if ((row?.hits ?? 0) <= tier.capacity) return 0;
		return Math.max(1, Math.ceil((end - now) / 1000));
	}
}

/**
 * The tiers counted across instances: those whose requests create demandes, send messages or
 * try passwords, where N instances must not mean N times the allowance. The others
 * (questionnaire steps, language, the scoring API, signed-in staff, other forms) create
 * nothing that leaves the portal: their buckets stay per instance, and the most frequent
 * writes (questionnaire steps) pay no database write (ADR 049, docs/performance.md).
 */
export const SHARED_TIERS: readonly RateLimitTier[] = [
	tiers.booking,
	tiers.callback,
	tiers.orientation,
	tiers.forgotPassword,
	tiers.login
];

/**
 * The limiter of a portal that may run as several instances: this instance's token bucket
 * first (no database write for a request it refuses: a flood costs nothing to the database),
 * then, for the SHARED_TIERS, the shared count. A request passes when both let it.
 */
export class SharedRateLimiter {
	readonly #shared = new Set(SHARED_TIERS.map((tier) => tier.name));

	constructor(
		private readonly local: RateLimiter,
		private readonly counter: DatabaseRateLimiter
	) {}

	async consume(tier: RateLimitTier, client: string): Promise<number> {
		const wait = this.local.consume(tier, client);
		if (wait > 0 || !this.#shared.has(tier.name)) return wait;
		return await this.counter.consume(tier, client);
	}
}

/** Deletes the windows that ended before `now` (the housekeeping). Returns how many. */
export async function purgeRateLimitWindows(
	db: Executor,
	now: Date,
	table: typeof rateLimitCounters = rateLimitCounters
): Promise<number> {
	const deleted = await db
		.delete(table)
		.where(lt(table.expiresAt, now))
		.returning({ key: table.key });
	return deleted.length;
}

/**
 * The server's limiter (hooks.server.ts), chosen by dialect from the measured cost
 * (docs/performance.md, ADR 049): on PostgreSQL, where several instances run, the bucket then
 * the shared count; on SQLite, where one instance serves the file, the bucket alone: the
 * shared count would cost each write request a synchronous commit on the event loop (0.5 ms
 * and more) and count nothing more.
 */
export function serverRateLimiter(which: Dialect, db: () => Executor): Limiter {
	return which === 'postgres'
		? new SharedRateLimiter(new RateLimiter(), new DatabaseRateLimiter(db))
		: new RateLimiter();
}
