import Database from 'better-sqlite3';
import { drizzle as drizzleSync } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { connect, type WriteResult } from './connection';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
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
export { inTransaction, sqliteOf, whenIdle } from './connection';

/** The database or a transaction on it: what a query function needs. Every query is awaited (ADR 047). */
export type Executor = BaseSQLiteDatabase<'async', WriteResult, typeof schema>;
/** The application's database: asynchronous queries, transactions serialised on the one connection (ADR 047). */
export type Db = Executor & { readonly [DB_BRAND]: true };
declare const DB_BRAND: unique symbol;

/**
 * Opens (creating if needed) a SQLite file with the portal's durability settings and applies
 * the committed migrations. WAL for concurrent readers, synchronous=FULL so that an
 * acknowledged write survives a power cut or a SIGKILL (ADR 002). The file, its WAL and
 * shared-memory files are created 0600 and a new data folder 0700 (ADR 028). The migrations
 * run synchronously on the raw connection; the application gets the asynchronous database of
 * `connect` on that same connection (ADR 047).
 */
export function openDatabase(file: string, migrationsFolder: string): Db {
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

/**
 * An open connection to an already migrated file (the e2e server's, a read-only copy) as the
 * application's database, without applying migrations: test tooling only.
 */
export function attachDatabase(sqlite: Database.Database): Db {
	return connect(sqlite, schema) as unknown as Db;
}
