import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import * as schema from '../../src/lib/server/db/schema.pg';
import { dropDatabaseOn, runOn, withDatabase } from '../../scripts/lib/pg-database.js';

/** The PostgreSQL migrations (ADR 048); SQLite's are in ./drizzle. */
export const PG_MIGRATIONS = './drizzle/pg';

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export interface PgTestDatabase {
	db: PgDb;
	/** Its URL, for a second connection (a concurrent transaction, psql). */
	url: string;
	/** Closes the pool and drops the database. */
	drop(): Promise<void>;
}

/** The server the PostgreSQL tier runs on: `.ci/postgres` exports it (ADR 048). */
export function serverUrl(): string {
	const url = process.env.DATABASE_TEST_URL;
	if (!url)
		throw new Error(
			"DATABASE_TEST_URL is not set: the PostgreSQL tests need a server (`. .ci/postgres` starts Debian's and sets it)."
		);
	return url;
}

/** The same server URL naming another database (its path), query options kept. */
export { withDatabase };

/** Runs `statement` on the server's maintenance database (create, drop). */
export async function onServer(statement: string): Promise<void> {
	await runOn(serverUrl(), statement);
}

/** Drops `name` once its connections have gone (scripts/lib/pg-database.js says why it waits). */
export async function dropDatabase(name: string): Promise<void> {
	await dropDatabaseOn(serverUrl(), name);
}

/**
 * A throwaway database of its own for a test file (real PostgreSQL, never a mock): created
 * with a random name on the test server, migrated with drizzle's node-postgres migrator from
 * drizzle/pg (unless `migrated: false`), dropped by `drop()` — like tests/helpers/db.ts's copies.
 */
export async function pgTestDb({ migrated = true } = {}): Promise<PgTestDatabase> {
	const name = `portail_test_${randomBytes(8).toString('hex')}`;
	await onServer(`CREATE DATABASE "${name}"`);
	const url = withDatabase(serverUrl(), name);
	const pool = new pg.Pool({ connectionString: url, max: 4 });
	const db = drizzle(pool, { schema }) as PgDb;
	if (migrated) await migrate(db, { migrationsFolder: PG_MIGRATIONS });
	return {
		db,
		url,
		async drop() {
			await pool.end();
			await dropDatabase(name);
		}
	};
}
