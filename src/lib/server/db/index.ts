import Database from 'better-sqlite3';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzleSync } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import {
	connect,
	inTransaction as inSqliteTransaction,
	whenIdle as whenSqliteIdle,
	sqliteOf,
	type WriteResult
} from './connection';
import { dialect, dialectOf } from './dialect';
import {
	closePostgres,
	connectPostgres,
	inPostgresTransaction,
	isPostgresDb,
	migratePostgres,
	postgresMigrationCount,
	postgresReady
} from './postgres';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as schema from './schema';

/** The database, its WAL and shared-memory files and the backups hold health data: owner only (ADR 028). */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Creates `directory` (and its missing parents) readable by the owner only. An existing
 * directory is left as it is: it may be shared with other files of the operator's choosing.
 */
export function ensurePrivateDirectory(directory: string): void {
	if (!existsSync(directory)) mkdirSync(directory, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Makes sure `file` exists and is readable by its owner only, before SQLite opens it: SQLite
 * creates files 0644 (minus the umask), and gives a database's `-wal` and `-shm` files the
 * database file's own mode. An empty file is a valid new database. A file left 0644 by an
 * earlier version is tightened, with its `-wal` and `-shm`.
 */
export function ensurePrivateFile(file: string): void {
	try {
		closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	}
	for (const path of [file, `${file}-wal`, `${file}-shm`]) {
		if (!existsSync(path)) continue;
		const { mode, uid } = statSync(path);
		// Only our own files: another owner's (a setup by the operator) is theirs to set.
		if ((mode & 0o077) !== 0 && uid === process.getuid?.()) chmodSync(path, PRIVATE_FILE_MODE);
	}
}

export type { WriteResult } from './connection';
export { sqliteOf } from './connection';

/** The rows a write changed: SQLite's `changes`, PostgreSQL's `rowCount` (ADR 050). */
export function changedRows(result: WriteResult): number {
	const r = result as Partial<WriteResult> & { rowCount?: number | null };
	return r.changes ?? r.rowCount ?? 0;
}

/** True while the current asynchronous context runs inside a transaction of `db`. */
export function inTransaction(db: object): boolean {
	return isPostgresDb(db) ? inPostgresTransaction(db) : inSqliteTransaction(db);
}

/**
 * Runs a SQLite-only maintenance `work` (a WAL checkpoint) once no transaction is open; on
 * PostgreSQL there is no such work: nothing runs and the answer is undefined.
 */
export async function whenIdle<T>(
	db: object,
	work: (sqlite: Database.Database) => T
): Promise<T | undefined> {
	return isPostgresDb(db) ? undefined : whenSqliteIdle(db, work);
}

/** Resolves once the database is ready (PostgreSQL: migrations applied at start); rejects with their error. */
export async function databaseReady(db: Db): Promise<void> {
	if (isPostgresDb(db)) await postgresReady(db);
}

/** Closes the database: the SQLite connection (which checkpoints the WAL) or the PostgreSQL pool. */
export async function closeDatabase(db: Db): Promise<void> {
	if (isPostgresDb(db)) await closePostgres(db);
	else sqliteOf(db).close();
}

/** The number of applied migrations (the health endpoint reports it). */
export async function migrationCount(db: Db): Promise<number> {
	if (isPostgresDb(db)) return postgresMigrationCount(db);
	const row = sqliteOf(db).prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as {
		n: number;
	};
	return row.n;
}

/**
 * Serialises, on PostgreSQL, the transactions that lock the same `keys`: each key a
 * transaction-scoped advisory lock (`pg_advisory_xact_lock(hashtext(key))`), taken in sorted
 * order, released at commit or rollback. SQLite runs one writer at a time (immediate
 * transactions, ADR 009): there it is a no-op. For the checks that count before they write
 * (ADR 050): an évènement's seats, a person's upcoming rendez-vous, an agenda's bookings, the
 * follow-ups.
 */
export async function lockKeys(
	tx: Executor,
	...keys: (string | null | undefined)[]
): Promise<void> {
	if (dialect !== 'postgres') return;
	const unique = [...new Set(keys.filter((key): key is string => Boolean(key)))].sort();
	const pgTx = tx as unknown as { execute: (query: SQL) => Promise<unknown> };
	for (const key of unique) await pgTx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

/** The default size of the PostgreSQL pool (DATABASE_POOL_SIZE). */
export const DEFAULT_POOL_SIZE = 10;

export interface OpenOptions {
	/** PostgreSQL: connections in the pool. */
	poolSize?: number;
	/** PostgreSQL: what runs before the first query instead of the migrations (a test database's creation). */
	prepare?: () => Promise<void>;
	/** PostgreSQL: how long an idle connection stays open (tests close theirs quickly). */
	idleTimeoutMs?: number;
}

/** The database or a transaction on it: what a query function needs. Every query is awaited (ADR 047). */
export type Executor = BaseSQLiteDatabase<'async', WriteResult, typeof schema>;
/** The application's database: asynchronous queries, transactions serialised on the one connection (ADR 047). */
export type Db = Executor & { readonly [DB_BRAND]: true };
declare const DB_BRAND: unique symbol;

/**
 * On a PostgreSQL URL (the process's dialect, `dialect.ts`): a pool of `poolSize` connections,
 * the migrations of `<migrationsFolder>/pg` applied before the first query (ADR 050); await
 * `databaseReady` to know they succeeded. Otherwise:
 *
 * Opens (creating if needed) a SQLite file with the portal's durability settings and applies
 * the committed migrations. WAL for concurrent readers, synchronous=FULL so that an
 * acknowledged write survives a power cut or a SIGKILL (ADR 002). The file, its WAL and
 * shared-memory files are created 0600 and a new data folder 0700 (ADR 028). The migrations
 * run synchronously on the raw connection; the application gets the asynchronous database of
 * `connect` on that same connection (ADR 047).
 */
export function openDatabase(
	file: string,
	migrationsFolder: string,
	options: OpenOptions = {}
): Db {
	if (dialectOf(file) !== dialect)
		throw new Error(
			`openDatabase: this process runs on ${dialect} (DATABASE_URL when it started), not on ${dialectOf(file)}`
		);
	if (dialect === 'postgres') {
		// The PostgreSQL migrations live in drizzle/pg (ADR 048), next to SQLite's.
		const folder = join(migrationsFolder, 'pg');
		return connectPostgres(file, schema, {
			poolSize: options.poolSize ?? DEFAULT_POOL_SIZE,
			prepare: options.prepare ?? (() => migratePostgres(file, folder)),
			idleTimeoutMs: options.idleTimeoutMs
		}) as Db;
	}
	if (file !== ':memory:') {
		ensurePrivateDirectory(dirname(file));
		ensurePrivateFile(file);
	}
	const sqlite = new Database(file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	// Deleted content is overwritten with zeros, not just unlinked: an erasure really erases (ADR 017).
	sqlite.pragma('secure_delete = ON');
	migrate(drizzleSync(sqlite, { schema }), { migrationsFolder });
	return connect(sqlite, schema) as unknown as Db;
}

/** `openDatabase`, then waits until the database is ready (scripts: the migrations have run). */
export async function openReadyDatabase(
	file: string,
	migrationsFolder: string,
	options: OpenOptions = {}
): Promise<Db> {
	const db = openDatabase(file, migrationsFolder, options);
	try {
		await databaseReady(db);
	} catch (error) {
		await closeDatabase(db);
		throw error;
	}
	return db;
}

/**
 * An open connection to an already migrated file (the e2e server's, a read-only copy) as the
 * application's database, without applying migrations: test tooling only.
 */
export function attachDatabase(sqlite: Database.Database): Db {
	return connect(sqlite, schema) as unknown as Db;
}
