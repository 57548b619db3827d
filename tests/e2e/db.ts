import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as pgSchema from '../../src/lib/server/db/schema.pg';
import { isPostgresUrl } from '../../src/lib/server/db/dialect';
import {
	attachDatabase,
	closeDatabase,
	openDatabase,
	type Db
} from '../../src/lib/server/db/index';
import { dropDatabase, onServer, serverUrl, withDatabase } from '../helpers/pg';
import { E2E_DATABASE, E2E_ON_POSTGRES, E2E_PORT } from './env';

/*
 * The e2e specs' one way to a server's database (ADR 047): what a spec reads or sets that no
 * page shows (a token's hash, a closure date, an audit row, the fuzz run's invariants), and the
 * builders' preconditions. Everything else reaches it with drizzle's query builders on the
 * schema's tables (`../../src/lib/server/db/schema`), awaited, with no SQL string: the same
 * queries run on SQLite and, under `npm run test:e2e:pg` (scripts/e2e-pg.ts, ADR 050), on
 * PostgreSQL, where `open` below opens a pool instead of the file.
 *
 * Reads are select queries: they cannot change anything, whichever connection runs them. The
 * one connection of a worker is read-write because the builders write through it; a look that
 * must not touch the file at all (after a clean shutdown, crash.e2e.ts) opens its own
 * `readonly` connection with `withServerDb`.
 *
 * On PostgreSQL:
 * - `E2E_DATABASE` (env.ts) is the `postgres://` URL of the database the script created, given
 *   as DATABASE_URL to the e2e server and to the jobs the specs run in a child process
 *   (suivi.e2e.ts, evenement-builders.ts' `remindAt`, fuzz-targets.ts' account script);
 * - the servers a spec starts itself (proxy, sec-links, sec-ops, std-http) get a database of
 *   their own from `serverDatabase`, created and dropped on the same server;
 * - the link key (E2E_LINK_KEY_FILE, read by equipe, personal-link, suivi and
 *   evenement-builders to unseal a queued link) and the throttle key are files the config
 *   names for the server, whatever the dialect.
 * SQLite's by nature: `integrityCheck` and the WAL file gone after a clean shutdown
 * (crash.e2e.ts asserts them on SQLite only; the rest of that spec runs on both), and, tagged
 * SQLITE_ONLY and left out of the PostgreSQL run, the file modes of the database, its WAL and
 * shared memory (sec-ops.e2e.ts, ADR 028).
 */

/**
 * Opens the database at `location` as the application's database (already migrated by its
 * server). A `postgres://` location opens a small pool on that database with the PostgreSQL
 * schema (the process's dialect: scripts/e2e-pg.ts gives the Playwright process the same
 * DATABASE_URL) and runs no migration of its own; a path stays a SQLite file, waiting up to 5 s
 * for the server's writes (WAL mode).
 */
function open(location: string, readonly = false): Db {
	if (isPostgresUrl(location))
		return openDatabase(location, './drizzle', { poolSize: 2, prepare: async () => {} });
	return attachDatabase(new Database(location, { readonly, fileMustExist: true, timeout: 5000 }));
}

/** Closes a database `open` gave: the SQLite connection or the PostgreSQL pool. */
async function close(db: Db): Promise<void> {
	await closeDatabase(db);
}

let shared: Db | undefined;

/**
 * The e2e server's database, opened once per Playwright worker on first use and shared by
 * helpers.ts, builders.ts, evenement-builders.ts and the specs. The worker's end closes it
 * (a PostgreSQL pool's connections go with the process).
 */
export function e2eDb(): Db {
	return (shared ??= open(E2E_DATABASE));
}

/**
 * The database of a server a spec started itself (its own DATABASE_URL), opened for `fn` and
 * closed after. `readonly`: the look must not touch the file (SQLite: no WAL replayed or
 * created).
 */
export async function withServerDb<T>(
	location: string,
	fn: (db: Db) => Promise<T>,
	options: { readonly?: boolean } = {}
): Promise<T> {
	const db = open(location, options.readonly);
	try {
		return await fn(db);
	} finally {
		await close(db);
	}
}

/**
 * SQLite only: `PRAGMA integrity_check` of the database file at `file`, `'ok'` when sound. Opened
 * read-write when `recover` (a SIGKILLed server's WAL is replayed first), read-only otherwise.
 */
export function integrityCheck(file: string, options: { recover?: boolean } = {}): unknown {
	const sqlite = new Database(file, { readonly: !options.recover, fileMustExist: true });
	try {
		return sqlite.pragma('integrity_check', { simple: true });
	} finally {
		sqlite.close();
	}
}

/** The database of a server a spec starts itself (`serverDatabase`). */
export interface ServerDatabase {
	/** Its DATABASE_URL: a SQLite file path, or a PostgreSQL URL. */
	url: string;
	/** The file of the server's link key: beside the SQLite file, or named in `env` on PostgreSQL. */
	linkKeyFile: string;
	/** What the server's environment needs for it: DATABASE_URL, and on PostgreSQL the key files. */
	env: Record<string, string>;
	/** Removes it: the file with its `-wal`, `-shm` and key, or the PostgreSQL database. */
	drop(): Promise<void>;
}

/**
 * A fresh, empty database for a server a spec starts itself (`name` tells it apart; unique per
 * port). Of the suite's dialect: a file under tests/.tmp on SQLite; on PostgreSQL a database
 * created on the e2e database's server (DATABASE_TEST_URL, scripts/e2e-pg.ts), with its key
 * files named explicitly (there is no database file for them to sit beside).
 */
export async function serverDatabase(name: string): Promise<ServerDatabase> {
	const file = `tests/.tmp/${name}-${E2E_PORT}.db`;
	mkdirSync('tests/.tmp', { recursive: true });
	if (!E2E_ON_POSTGRES) {
		const removeFiles = () => {
			for (const suffix of ['', '-wal', '-shm', '.key']) rmSync(file + suffix, { force: true });
		};
		removeFiles();
		return {
			url: file,
			linkKeyFile: `${file}.key`,
			env: { DATABASE_URL: file },
			drop: async () => removeFiles()
		};
	}
	const database = await createPostgresDatabase(name);
	const url = withDatabase(serverUrl(), database);
	const keys = { LINK_KEY_FILE: `${file}.link.key`, THROTTLE_KEY_FILE: `${file}.throttle.key` };
	return {
		url,
		linkKeyFile: keys.LINK_KEY_FILE,
		env: { DATABASE_URL: url, ...keys },
		async drop() {
			await dropDatabase(database);
			for (const key of Object.values(keys)) rmSync(key, { force: true });
		}
	};
}

/** Creates an empty database named after `name` (and a random suffix) on DATABASE_TEST_URL's server. */
async function createPostgresDatabase(name: string): Promise<string> {
	const database = `portail_e2e_${name.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
	await onServer(`CREATE DATABASE "${database}"`);
	return database;
}

/** A PostgreSQL database of a spec's own (`postgresDatabase`). */
export interface OwnPostgresDatabase {
	/** Its DATABASE_URL, for the servers the spec starts. */
	url: string;
	/** A small pool on it, with PostgreSQL's tables (`schema.pg.ts`), whatever the suite's dialect. */
	db: NodePgDatabase<typeof pgSchema>;
	/** Closes the pool and drops the database. */
	drop(): Promise<void>;
}

/**
 * A fresh PostgreSQL database on DATABASE_TEST_URL's server whatever the suite's dialect, for a
 * spec that needs PostgreSQL itself (instances.e2e.ts: several instances on one database). Read
 * with drizzle on `schema.pg.ts`'s tables (the process's schema is SQLite's in the SQLite run):
 * no migration of its own, the servers run them. Fails with a clear message when
 * DATABASE_TEST_URL is unset.
 */
export async function postgresDatabase(name: string): Promise<OwnPostgresDatabase> {
	if (!process.env.DATABASE_TEST_URL)
		throw new Error(
			`${name} needs a PostgreSQL server: DATABASE_TEST_URL is not set (\`. .ci/postgres\` starts one and sets it; \`npm test\` does)`
		);
	const database = await createPostgresDatabase(name);
	const url = withDatabase(serverUrl(), database);
	const pool = new pg.Pool({ connectionString: url, max: 3 });
	// A connection the server drops must not crash the worker.
	pool.on('error', () => undefined);
	return {
		url,
		db: drizzle(pool, { schema: pgSchema }),
		async drop() {
			await pool.end();
			await dropDatabase(database);
		}
	};
}
