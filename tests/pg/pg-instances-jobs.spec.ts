import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as pgSchema from '../../src/lib/server/db/schema.pg';
import type { jobLeases } from '$lib/server/db/schema';
import type { Executor } from '$lib/server/db/index';
import { leaseMs, takeJobLease } from '$lib/server/instances/job-lease';
import { pgTestDb, type PgDb, type PgTestDatabase } from '../helpers/pg';

/**
 * Scheduled jobs once per tick across instances (ADR 049), on PostgreSQL: the portal's lease
 * statement on schema.pg.ts's table, from two pools at once.
 */

const T0 = new Date('2026-12-07T09:00:00Z');
const HOUR = 60 * 60_000;
const table = pgSchema.jobLeases as unknown as typeof jobLeases;
const asExecutor = (db: unknown) => db as Executor;

let database: PgTestDatabase;
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
						table
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
