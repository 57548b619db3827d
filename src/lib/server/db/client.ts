import { env } from '$lib/server/env';
import { closeDatabase, openDatabase, type Db } from './index';

let instance: Db | undefined;

/**
 * The process-wide database, opened on first use (not at import time, so that `vite build`,
 * which imports server modules, never touches a database). SQLite is migrated here; PostgreSQL
 * migrates before its first query, which the start awaits (`databaseReady`, ADR 050).
 */
export function getDb(): Db {
	if (!instance) {
		const config = env();
		instance = openDatabase(config.DATABASE_URL, config.MIGRATIONS_DIR, {
			poolSize: config.DATABASE_POOL_SIZE
		});
	}
	return instance;
}

export async function closeDb(): Promise<void> {
	const db = instance;
	instance = undefined;
	if (db) await closeDatabase(db);
}
