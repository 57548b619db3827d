/**
 * The application's database on PostgreSQL (ADR 050, src/lib/server/db/postgres.ts): queries
 * issued through the global database inside a transaction belong to it (as with SQLite's gate,
 * ADR 047), a nested transaction is a savepoint, the driver's own errors reach the code, and
 * every query waits for the start's migrations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '../../src/lib/server/db/schema.pg';
import {
	closePostgres,
	connectPostgres,
	inPostgresTransaction,
	postgresMigrationCount,
	postgresReady
} from '../../src/lib/server/db/postgres';
import pg from 'pg';
import { pgTestDb, TEST_SESSION, type PgDb, type PgTestDatabase } from '../helpers/pg';

let database: PgTestDatabase;
let db: PgDb;
beforeAll(async () => {
	database = await pgTestDb();
	db = connectPostgres(database.url, schema, {
		poolSize: 4,
		prepare: async () => undefined
	}) as PgDb;
});
afterAll(async () => {
	await closePostgres(db);
	await database.drop();
});

const { staffUsers } = schema;
let n = 0;
const staff = () => ({
	email: `agent${++n}@example.org`,
	name: 'Agent',
	role: 'agent' as const,
	createdAt: new Date('2026-12-07T09:00:00Z')
});
const named = async (email: string) =>
	db.select().from(staffUsers).where(eq(staffUsers.email, email));

describe('a transaction on PostgreSQL', () => {
	it('takes in the queries issued through the global database, and rolls them back with it', async () => {
		const row = staff();
		await expect(
			db.transaction(async () => {
				await db.insert(staffUsers).values(row);
				// Read back through the global database: the same connection sees its own write.
				expect(await named(row.email)).toHaveLength(1);
				throw new Error('abandon');
			})
		).rejects.toThrow('abandon');
		expect(await named(row.email)).toHaveLength(0);
	});

	it('does not wait on its own row lock when the global database reads the row', async () => {
		const row = staff();
		const [inserted] = await db.insert(staffUsers).values(row).returning({ id: staffUsers.id });
		const id = inserted!.id;
		const renamed = await db.transaction(async (tx) => {
			await tx.update(staffUsers).set({ name: 'Renamed' }).where(eq(staffUsers.id, id));
			// Through the pool, this update would wait for the transaction's lock forever.
			await db.update(staffUsers).set({ name: 'Renamed twice' }).where(eq(staffUsers.id, id));
			return (await named(row.email))[0]?.name;
		});
		expect(renamed).toBe('Renamed twice');
	});

	it('makes a transaction opened inside it a savepoint', async () => {
		const kept = staff();
		const undone = staff();
		await db.transaction(async () => {
			await db.insert(staffUsers).values(kept);
			await db
				.transaction(async () => {
					await db.insert(staffUsers).values(undone);
					throw new Error('inner');
				})
				.catch(() => undefined);
		});
		expect(await named(kept.email)).toHaveLength(1);
		expect(await named(undone.email)).toHaveLength(0);
	});

	it('is known to its asynchronous context, and only there', async () => {
		expect(inPostgresTransaction(db)).toBe(false);
		const inside = await db.transaction(async () => {
			await Promise.resolve();
			return inPostgresTransaction(db);
		});
		expect(inside).toBe(true);
		expect(inPostgresTransaction(db)).toBe(false);
	});

	it('lets other requests run on other connections meanwhile', async () => {
		const row = staff();
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		const transaction = db.transaction(async (tx) => {
			await tx.insert(staffUsers).values(row);
			await held;
		});
		// Outside the transaction: another connection, which does not see the uncommitted row.
		expect(await named(row.email)).toHaveLength(0);
		release();
		await transaction;
		expect(await named(row.email)).toHaveLength(1);
	});
});

describe('errors and readiness', () => {
	it("gives node-postgres's own error: the SQLSTATE, and no parameter in the message", async () => {
		const row = staff();
		await db.insert(staffUsers).values(row);
		const error = (await db
			.insert(staffUsers)
			.values(row)
			.catch((caught: unknown) => caught)) as { code?: string; message: string };
		expect(error.code).toBe('23505');
		expect(error.message).not.toContain(row.email);
	});

	it('makes every query wait for the preparation, and fail with its error', async () => {
		let finish!: () => void;
		const waiting = connectPostgres(database.url, schema, {
			poolSize: 1,
			prepare: () => new Promise<void>((resolve) => (finish = resolve))
		}) as PgDb;
		let answered = false;
		const query = waiting
			.select()
			.from(staffUsers)
			.then(() => (answered = true));
		// A full round trip of another pool: time enough for the first query, had it not waited.
		await db.select().from(staffUsers);
		expect(answered).toBe(false);
		finish();
		await query;
		expect(answered).toBe(true);
		expect(await postgresMigrationCount(waiting)).toBeGreaterThan(0);
		await closePostgres(waiting);

		const failing = connectPostgres(database.url, schema, {
			poolSize: 1,
			prepare: () => Promise.reject(new Error('migration failed'))
		}) as PgDb;
		await expect(postgresReady(failing)).rejects.toThrow('migration failed');
		await expect(failing.select().from(staffUsers)).rejects.toThrow('migration failed');
		await closePostgres(failing);
	});
});

describe('the test connections (tests/helpers/pg.ts)', () => {
	it('do not wait for the disk at commit', async () => {
		expect(database.url).toContain(TEST_SESSION);
		const client = new pg.Client({ connectionString: database.url });
		await client.connect();
		try {
			const { rows } = await client.query<{ s: string }>(
				"SELECT current_setting('synchronous_commit') AS s"
			);
			expect(rows[0]?.s).toBe('off');
		} finally {
			await client.end();
		}
	});
});
