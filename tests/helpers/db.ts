import { copyFileSync } from 'node:fs';
import pg from 'pg';
import { closeDatabase, databaseReady, openDatabase, type Db } from '../../src/lib/server/db/index';
import { dialect } from '../../src/lib/server/db/dialect';
import { onServer, serverUrl, withDatabase } from './pg';

let counter = 0;

/**
 * A private database for a test (real SQLite or real PostgreSQL, never a mock), on the run's
 * dialect (ADR 050): on SQLite a copy of the migrated base file; on PostgreSQL (the run of
 * vitest.pg-suite.config.ts) a database holding what the migrated template holds, made ready
 * before its first query. Synchronous on both, so that the test files are the same: a
 * PostgreSQL database's queries wait for it.
 */
export function testDb(): Db {
	if (dialect === 'postgres') return pgDb();
	const base = process.env.TEST_BASE_DB ?? 'tests/.tmp/vitest/base.db';
	const file = `tests/.tmp/vitest/w${process.env.VITEST_POOL_ID ?? '0'}-${process.pid}-${++counter}.db`;
	copyFileSync(base, file);
	const db = openDatabase(file, './drizzle');
	urls.set(db, file);
	return db;
}

const opened: Db[] = [];

/**
 * The test's PostgreSQL database. Creating and dropping a database costs a second or more on a
 * busy machine, so each worker keeps its databases for the whole run, named by worker and rank
 * in the file (files run one after another in a worker): the first use creates one from the
 * template; the next file's reset empties its tables and puts back the template's rows
 * (TEST_PG_RESET, tests/setup/pg-suite-global-setup.ts). The run's end drops them all.
 */
function pgDb(): Db {
	const name = nextPgName();
	const db = openDatabase(withDatabase(serverUrl(), name), './drizzle', {
		poolSize: 4,
		idleTimeoutMs: 1000,
		prepare: () => readyPgDatabase(name)
	});
	opened.push(db);
	urls.set(db, withDatabase(serverUrl(), name));
	return db;
}

function nextPgName(): string {
	const template = process.env.TEST_PG_TEMPLATE;
	if (!template || !process.env.TEST_PG_RESET)
		throw new Error('TEST_PG_TEMPLATE is not set: run vitest.pg-suite.config.ts');
	return `${template}_w${process.env.VITEST_POOL_ID ?? '0'}_${++counter}`;
}

/** Creates the database from the template, or resets the one an earlier file of this worker used. */
async function readyPgDatabase(name: string): Promise<void> {
	const client = new pg.Client({ connectionString: withDatabase(serverUrl(), name) });
	try {
		await client.connect();
	} catch (error) {
		if ((error as { code?: string }).code !== '3D000') throw error;
		await onServer(
			`CREATE DATABASE "${name}" TEMPLATE "${process.env.TEST_PG_TEMPLATE}" ${process.env.TEST_PG_COPY ?? ''}`
		);
		return;
	}
	try {
		await client.query(process.env.TEST_PG_RESET!);
	} finally {
		await client.end();
	}
}

const urls = new WeakMap<Db, string>();

/** The DATABASE_URL of a database of `testDb()`: for the tests of routes, which use the global one. */
export function urlOf(db: Db): string {
	const url = urls.get(db);
	if (!url) throw new Error('urlOf: not a database of testDb()');
	return url;
}

/**
 * Another instance of the portal on the database of `testDb()` (ADR 049): a second SQLite
 * connection to the same file, or a second PostgreSQL pool on the same database, ready once the
 * first is. What several instances share is tested through it on both dialects. The test closes
 * it (`closeDatabase`).
 */
export function secondInstance(db: Db): Db {
	if (dialect !== 'postgres') return openDatabase(urlOf(db), './drizzle');
	const other = openDatabase(urlOf(db), './drizzle', {
		poolSize: 4,
		idleTimeoutMs: 1000,
		prepare: () => databaseReady(db)
	});
	return other;
}

/**
 * A private migrated database for the application's global database (`getDb()`), as a
 * DATABASE_URL: a copy of the base file on SQLite, a ready database on PostgreSQL.
 */
export async function testDatabaseUrl(): Promise<string> {
	if (dialect === 'postgres') {
		const name = nextPgName();
		await readyPgDatabase(name);
		return withDatabase(serverUrl(), name);
	}
	const file = `tests/.tmp/vitest/w${process.env.VITEST_POOL_ID ?? '0'}-${process.pid}-${++counter}.db`;
	copyFileSync(process.env.TEST_BASE_DB ?? 'tests/.tmp/vitest/base.db', file);
	return file;
}

/** Closes the PostgreSQL databases this test file opened (tests/setup/pg-suite-per-file.ts). */
export async function closeTestDatabases(): Promise<void> {
	for (const db of opened.splice(0)) await closeDatabase(db);
}
