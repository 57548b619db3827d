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

/**
 * The server the PostgreSQL tier runs on: `.ci/postgres` exports it (ADR 048). Its test
 * connections do not wait for a commit to reach the disk (`synchronous_commit=off`, a session
 * setting: a crash could lose the last commits, never half of one): a test's commits cost a
 * disk flush each otherwise, most of a test's time on a slow disk (ADR 031, fourth addendum).
 * Test databases only, through this URL; the application's connections keep the server's
 * setting. A URL that already sets `options` is used as it is.
 */
export function serverUrl(): string {
	const url = process.env.DATABASE_TEST_URL;
	if (!url)
		throw new Error(
			"DATABASE_TEST_URL is not set: the PostgreSQL tests need a server (`. .ci/postgres` starts Debian's and sets it)."
		);
	if (/[?&]options=/.test(url)) return url;
	return `${url}${url.includes('?') ? '&' : '?'}${TEST_SESSION}`;
}

/** The session setting of every test connection (`serverUrl`). */
export const TEST_SESSION = 'options=-c%20synchronous_commit%3Doff';

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
