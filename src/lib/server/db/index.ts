import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { RunResult } from 'better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The database or a transaction on it: what a query function needs. */
export type Executor = BaseSQLiteDatabase<'sync', RunResult, typeof schema>;

/**
 * Opens (creating if needed) a SQLite file with the portal's durability settings and applies
 * the committed migrations. WAL for concurrent readers, synchronous=FULL so that an
 * acknowledged write survives a power cut or a SIGKILL (ADR 002).
 */
export function openDatabase(file: string, migrationsFolder: string): Db {
	if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
	const sqlite = new Database(file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	// Deleted content is overwritten with zeros, not just unlinked: an erasure really erases (ADR 017).
	sqlite.pragma('secure_delete = ON');
	const db = drizzle(sqlite, { schema }) as Db;
	migrate(db, { migrationsFolder });
	return db;
}
