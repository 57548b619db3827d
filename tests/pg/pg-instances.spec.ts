import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as pgSchema from '../../src/lib/server/db/schema.pg';
import type { outbox } from '$lib/server/db/schema';
import type { Executor } from '$lib/server/db/index';
import { CLAIM_LEASE_MS, claimDue } from '$lib/server/mail/outbox';
import { pgTestDb, type PgDb, type PgTestDatabase } from '../helpers/pg';

/**
 * Several instances on one PostgreSQL database (ADR 049): the outbox claims of two instances,
 * each on its own pool, run the portal's own functions on schema.pg.ts's tables.
 */

const T0 = new Date('2026-12-07T09:00:00Z');
const MINUTE = 60_000;
const pgOutbox = pgSchema.outbox as unknown as typeof outbox;

let database: PgTestDatabase;
/** The second instance: another pool on the same database. */
let other: PgDb;

beforeAll(async () => {
	database = await pgTestDb();
	other = drizzle(new pg.Pool({ connectionString: database.url, max: 4 }), {
		schema: pgSchema
	}) as PgDb;
});

afterAll(async () => {
	await other.$client.end();
	await database.drop();
});

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

/** What markSent writes (it uses the process's outbox table, SQLite's in this process). */
async function markSentOn(id: number): Promise<void> {
	await database.db
		.update(pgSchema.outbox)
		.set({ sentAt: T0, attempts: 1, claimedBy: null, claimedUntil: null })
		.where(eq(pgSchema.outbox.id, id));
}
