import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as pgSchema from '../../src/lib/server/db/schema.pg';
import type { rateLimitCounters } from '$lib/server/db/schema';
import type { Executor } from '$lib/server/db/index';
import { tiers } from '$lib/server/rate-limit';
import {
	DatabaseRateLimiter,
	purgeRateLimitWindows
} from '$lib/server/instances/shared-rate-limit';
import { pgTestDb, type PgDb, type PgTestDatabase } from '../helpers/pg';

/**
 * Rate limits shared through the database (ADR 049), on PostgreSQL: the portal's limiter on
 * schema.pg.ts's table, two instances on two pools.
 */

const T0 = Date.parse('2026-12-07T09:00:00Z');
const table = pgSchema.rateLimitCounters as unknown as typeof rateLimitCounters;
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

describe('shared rate limits on PostgreSQL', () => {
	it('30 concurrent booking posts of one client through two instances: 10 pass', async () => {
		const now = () => T0 + 1000;
		const a = new DatabaseRateLimiter(() => asExecutor(database.db), now, table);
		const b = new DatabaseRateLimiter(() => asExecutor(other), now, table);
		const waits = await Promise.all(
			Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).consume(tiers.booking, '192.0.2.7'))
		);
		expect(waits.filter((w) => w === 0)).toHaveLength(10);
		expect(waits.filter((w) => w === 299)).toHaveLength(20);
		const rows = await database.db.select().from(pgSchema.rateLimitCounters);
		expect(rows).toHaveLength(1);
		expect(rows[0]!.hits).toBe(30);
		expect(rows[0]!.expiresAt).toEqual(new Date(T0 + 5 * 60_000));
		expect(rows[0]!.key).not.toContain('192.0.2.7');
		// Ended windows go, current ones stay.
		expect(await purgeRateLimitWindows(asExecutor(other), new Date(T0), table)).toBe(0);
		expect(
			await purgeRateLimitWindows(asExecutor(other), new Date(T0 + 5 * 60_000 + 1), table)
		).toBe(1);
	});
});
