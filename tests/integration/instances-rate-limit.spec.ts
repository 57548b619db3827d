import { describe, expect, it } from 'vitest';
import { rateLimitCounters } from '$lib/server/db/schema';
import { closeDatabase } from '$lib/server/db/index';
import { RateLimiter, tiers } from '$lib/server/rate-limit';
import {
	DatabaseRateLimiter,
	SharedRateLimiter,
	purgeRateLimitWindows,
	serverRateLimiter,
	windowMs
} from '$lib/server/instances/shared-rate-limit';
import { secondInstance, testDb } from '../helpers/db';

/**
 * Rate limits shared through the database (ADR 049), on the run's dialect (SQLite, or PostgreSQL in the integration suite on PostgreSQL): two instances, each with its
 * own connection to one file and its own limiter, count the same client's requests together.
 */

// The start of a booking window (5 minutes).
const T0 = Date.parse('2026-12-07T09:00:00Z');
const ADDRESS = '192.0.2.44';
const booking = tiers.booking;

describe('shared rate limits', () => {
	it('two instances share one client’s count: the 11th booking post in 5 minutes is refused by either', async () => {
		const a = testDb();
		const b = secondInstance(a);
		let now = T0;
		const onA = new DatabaseRateLimiter(
			() => a,
			() => now
		);
		const onB = new DatabaseRateLimiter(
			() => b,
			() => now
		);
		expect(windowMs(booking)).toBe(5 * 60_000);
		for (let i = 0; i < 10; i++)
			expect(await (i % 2 ? onA : onB).consume(booking, ADDRESS)).toBe(0);
		now = T0 + 60_000;
		// Either instance refuses the 11th, with the seconds left in the window.
		expect(await onA.consume(booking, ADDRESS)).toBe(240);
		expect(await onB.consume(booking, ADDRESS)).toBe(240);
		// Another client, another tier: counted apart.
		expect(await onB.consume(booking, '192.0.2.45')).toBe(0);
		expect(await onB.consume(tiers.questionnaire, ADDRESS)).toBe(0);
		// The next window starts afresh.
		now = T0 + 5 * 60_000;
		expect(await onA.consume(booking, ADDRESS)).toBe(0);
		await closeDatabase(b);
	});

	it('stores no address: the client is an HMAC; the housekeeping deletes ended windows only', async () => {
		const db = testDb();
		let now = T0;
		const limiter = new DatabaseRateLimiter(
			() => db,
			() => now
		);
		await limiter.consume(booking, ADDRESS);
		now = T0 + 5 * 60_000;
		await limiter.consume(booking, ADDRESS);
		const rows = await db.select().from(rateLimitCounters).orderBy(rateLimitCounters.expiresAt);
		expect(rows).toHaveLength(2);
		for (const row of rows) {
			expect(row.key).toMatch(/^booking:\d+:[0-9a-f]{64}$/);
			expect(row.key).not.toContain(ADDRESS);
		}
		expect(await purgeRateLimitWindows(db, new Date(T0 + 5 * 60_000 + 1))).toBe(1);
		expect((await db.select().from(rateLimitCounters)).map((r) => r.key)).toEqual([rows[1]!.key]);
	});

	it('the server’s limiter: the bucket refuses first without writing; the shared count for the tiers that create or send, on PostgreSQL only', async () => {
		const db = testDb();
		let now = T0;
		const limiter = new SharedRateLimiter(
			new RateLimiter(() => now),
			new DatabaseRateLimiter(
				() => db,
				() => now
			)
		);
		for (let i = 0; i < 10; i++) expect(await limiter.consume(booking, ADDRESS)).toBe(0);
		// The bucket is empty: refused here, with the bucket's wait, and the count is not touched.
		expect(await limiter.consume(booking, ADDRESS)).toBe(30);
		const [row] = await db.select().from(rateLimitCounters);
		expect(row!.hits).toBe(10);
		// A minute on, the bucket has 2 tokens, but the shared window (10 in 5 minutes) is full.
		now = T0 + 60_000;
		expect(await limiter.consume(booking, ADDRESS)).toBe(240);
		// Questionnaire steps create nothing that leaves the portal: counted per instance only.
		for (let i = 0; i < 60; i++)
			expect(await limiter.consume(tiers.questionnaire, ADDRESS)).toBe(0);
		expect(await limiter.consume(tiers.questionnaire, ADDRESS)).toBeGreaterThan(0);
		expect(await db.select().from(rateLimitCounters)).toHaveLength(1);
		expect(serverRateLimiter('postgres', () => db)).toBeInstanceOf(SharedRateLimiter);
		expect(serverRateLimiter('sqlite', () => db)).toBeInstanceOf(RateLimiter);
	});
});
