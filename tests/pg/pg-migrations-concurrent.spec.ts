/**
 * Two instances starting at once on a fresh database (ADR 049, docs/operations.md "Several
 * instances"): each runs the migrations before its first query. They take turns under an
 * advisory lock, so both starts succeed and each migration is applied once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migratePostgres } from '../../src/lib/server/db/postgres';
import { PG_MIGRATIONS, pgTestDb, type PgTestDatabase } from '../helpers/pg';

let database: PgTestDatabase;
beforeAll(async () => {
	database = await pgTestDb({ migrated: false });
}, 60_000);
afterAll(() => database.drop(), 60_000);

describe('migrations of instances starting together', () => {
	it('three migratePostgres at once on a fresh database all succeed, and each migration is applied once', async () => {
		const outcomes = await Promise.allSettled(
			Array.from({ length: 3 }, () => migratePostgres(database.url, PG_MIGRATIONS))
		);
		expect(outcomes.map((outcome) => outcome.status)).toEqual([
			'fulfilled',
			'fulfilled',
			'fulfilled'
		]);
		const journal = JSON.parse(readFileSync(join(PG_MIGRATIONS, 'meta/_journal.json'), 'utf8'));
		const applied = (
			await database.db.execute(
				sql`select hash, count(*)::int as n from drizzle.__drizzle_migrations group by hash`
			)
		).rows as { hash: string; n: number }[];
		expect(applied).toHaveLength(journal.entries.length);
		expect(applied.every((row) => row.n === 1)).toBe(true);
		// The lock was released: a later start takes it at once and applies nothing.
		await migratePostgres(database.url, PG_MIGRATIONS);
		expect(
			(await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`))
				.rows
		).toEqual([{ n: journal.entries.length }]);
	}, 60_000);
});
