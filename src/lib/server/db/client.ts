import { env } from '$lib/server/env';
import { openDatabase, sqliteOf, type Db } from './index';

let instance: Db | undefined;

/**
 * The process-wide database, opened and migrated on first use (not at import time, so that
 * `vite build`, which imports server modules, never touches a database file).
 */
export function getDb(): Db {
	if (!instance) {
		const config = env();
		instance = openDatabase(config.DATABASE_URL, config.MIGRATIONS_DIR);
	}
	return instance;
}

export function closeDb(): void {
	if (instance) sqliteOf(instance).close();
	instance = undefined;
}
