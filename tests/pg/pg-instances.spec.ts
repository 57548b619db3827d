import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as pgSchema from '../../src/lib/server/db/schema.pg';
import type { jobLeases, outbox, rateLimitCounters } from '$lib/server/db/schema';
import type { Executor } from '$lib/server/db/index';
import { CLAIM_LEASE_MS, claimDue } from '$lib/server/mail/outbox';
import { leaseMs, takeJobLease } from '$lib/server/instances/job-lease';
import { tiers } from '$lib/server/rate-limit';
import {
	DatabaseRateLimiter,
	purgeRateLimitWindows
} from '$lib/server/instances/shared-rate-limit';
import { pgTestDb, type PgDb, type PgTestDatabase } from '../helpers/pg';

/**
 * Several instances on one PostgreSQL database (ADR 049): outbox claims, job leases and shared
 * rate limits of two instances, each on its own pool, with the portal's own functions run on
 * schema.pg.ts's tables.
 */

const T0 = new Date('2026-12-07T09:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const pgOutbox = pgSchema.outbox as unknown as typeof outbox;
const pgJobLeases = pgSchema.jobLeases as unknown as typeof jobLeases;
const pgRateLimitCounters = pgSchema.rateLimitCounters as unknown as typeof rateLimitCounters;

let database: PgTestDatabase;
/** The second instance: another pool on the same database. */
let other: PgDb;

beforeAll(async () => {
	database = await pgTestDb();
	other = drizzle(new pg.Pool({ connectionString: database.url, max: 4 }), {
		schema: pgSchema
	}) as PgDb;
	// Creating and migrating a database takes seconds under load.
}, 60_000);

afterAll(async () => {
	await other.$client.end();
	await database.drop();
}, 60_000);

/** The portal's functions take the process's executor type; on PostgreSQL the same calls run. */
const asExecutor = (db: unknown) => db as Executor;

async function queue(n: number, channel: 'email' | 'sms' = 'email'): Promise<number[]> {
	const rows = await database.db
		.insert(pgSchema.outbox)
		.values(
			Array.from({ length: n }, (_, i) => ({
				channel,
				recipient: channel === 'email' ? `personne${i}@example.org` : '+33612340000',
				subject: `Message ${i}`,
				text: `Texte ${i}`,
				nextAttemptAt: new Date(T0.getTime() - (n - i) * 1000),
				createdAt: T0
			}))
		)
		.returning({ id: pgSchema.outbox.id });
	return rows.map((r) => r.id);
}

async function clear(): Promise<void> {
	await database.db.delete(pgSchema.outbox);
}

describe('outbox claims on PostgreSQL', () => {
	it('a claim held in an open transaction is skipped, not waited for: the other pool takes the next rows', async () => {
		await clear();
		const ids = await queue(8);
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		let claimedA: number[] = [];
		let locked!: () => void;
		const lockTaken = new Promise<void>((resolve) => (locked = resolve));
		const transaction = database.db.transaction(async (tx) => {
			claimedA = (await claimDue(asExecutor(tx), 'instance-a', T0, 3, 'email', pgOutbox)).map(
				(m) => m.id
			);
			locked();
			await held;
		});
		await lockTaken;
		// Instance a's rows are locked and its claim not committed: b skips them at once.
		const claimedB = (
			await claimDue(asExecutor(other), 'instance-b', T0, 3, 'email', pgOutbox)
		).map((m) => m.id);
		release();
		await transaction;
		expect(claimedA).toEqual(ids.slice(0, 3));
		expect(claimedB).toEqual(ids.slice(3, 6));
	});

	it('many concurrent claims from two pools take every row once', async () => {
		await clear();
		const ids = await queue(60);
		await queue(5, 'sms');
		const claims = await Promise.all(
			Array.from({ length: 16 }, (_, i) =>
				claimDue(
					asExecutor(i % 2 === 0 ? database.db : other),
					`instance-${i % 2}`,
					T0,
					5,
					'email',
					pgOutbox
				)
			)
		);
		const claimed = claims.flat().map((m) => m.id);
		expect(claimed).toHaveLength(60);
		expect(new Set(claimed).size).toBe(60);
		expect([...claimed].sort((a, b) => a - b)).toEqual(ids);
		// The SMS were not the e-mail workers' to take.
		const sms = await claimDue(asExecutor(other), 'instance-1', T0, 10, 'sms', pgOutbox);
		expect(sms).toHaveLength(5);
	});

	it('a lapsed lease is claimed again; a sent message never is', async () => {
		await clear();
		const ids = await queue(4);
		const claimedA = await claimDue(
			asExecutor(database.db),
			'instance-a',
			T0,
			4,
			'email',
			pgOutbox
		);
		expect(claimedA.map((m) => m.id)).toEqual(ids);
		expect(claimedA[0]!.claimedUntil).toEqual(new Date(T0.getTime() + CLAIM_LEASE_MS));
		// Instance a sent one, then died.
		await markSentOn(ids[0]!);
		const during = new Date(T0.getTime() + CLAIM_LEASE_MS - MINUTE);
		expect(await claimDue(asExecutor(other), 'instance-b', during, 10, 'email', pgOutbox)).toEqual(
			[]
		);
		const after = new Date(T0.getTime() + CLAIM_LEASE_MS);
		const retaken = await claimDue(asExecutor(other), 'instance-b', after, 10, 'email', pgOutbox);
		expect(retaken.map((m) => m.id)).toEqual(ids.slice(1));
		expect(retaken.every((m) => m.claimedBy === 'instance-b')).toBe(true);
	});
});

describe('job leases on PostgreSQL', () => {
	it('of twelve instances ticking at once on two pools, one takes the lease, the first time and once it lapses', async () => {
		const tickAll = (now: Date) =>
			Promise.all(
				Array.from({ length: 12 }, (_, i) =>
					takeJobLease(
						asExecutor(i % 2 === 0 ? database.db : other),
						'housekeeping',
						`instance-${i}`,
						now,
						leaseMs(HOUR),
						pgJobLeases
					)
				)
			);
		expect((await tickAll(T0)).filter(Boolean)).toHaveLength(1);
		expect((await tickAll(new Date(T0.getTime() + 30 * 60_000))).filter(Boolean)).toHaveLength(0);
		const lapsed = new Date(T0.getTime() + leaseMs(HOUR));
		const taken = await tickAll(lapsed);
		expect(taken.filter(Boolean)).toHaveLength(1);
		const rows = await database.db.select().from(pgSchema.jobLeases);
		expect(rows).toEqual([
			{
				name: 'housekeeping',
				holder: `instance-${taken.indexOf(true)}`,
				heldUntil: new Date(lapsed.getTime() + leaseMs(HOUR))
			}
		]);
	});
});

describe('shared rate limits on PostgreSQL', () => {
	it('30 concurrent booking posts of one client through two instances: 10 pass', async () => {
		const now = () => T0.getTime() + 1000;
		const a = new DatabaseRateLimiter(() => asExecutor(database.db), now, pgRateLimitCounters);
		const b = new DatabaseRateLimiter(() => asExecutor(other), now, pgRateLimitCounters);
		const waits = await Promise.all(
			Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).consume(tiers.booking, '192.0.2.7'))
		);
		expect(waits.filter((w) => w === 0)).toHaveLength(10);
		expect(waits.filter((w) => w === 299)).toHaveLength(20);
		const rows = await database.db.select().from(pgSchema.rateLimitCounters);
		expect(rows).toHaveLength(1);
		expect(rows[0]!.hits).toBe(30);
		expect(rows[0]!.expiresAt).toEqual(new Date(T0.getTime() + 5 * MINUTE));
		expect(rows[0]!.key).not.toContain('192.0.2.7');
		// Ended windows go, current ones stay.
		expect(await purgeRateLimitWindows(asExecutor(other), T0, pgRateLimitCounters)).toBe(0);
		expect(
			await purgeRateLimitWindows(
				asExecutor(other),
				new Date(T0.getTime() + 5 * MINUTE + 1),
				pgRateLimitCounters
			)
		).toBe(1);
	});
});

/** What markSent writes (it uses the process's outbox table, SQLite's in this process). */
async function markSentOn(id: number): Promise<void> {
	await database.db
		.update(pgSchema.outbox)
		.set({ sentAt: T0, attempts: 1, claimedBy: null, claimedUntil: null })
		.where(eq(pgSchema.outbox.id, id));
}
