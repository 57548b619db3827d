import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** `portail-2026-11-23T10-15-00Z.db`: sortable, no colon (safe on every file system). */
export function backupFileName(now: Date): string {
	return `portail-${now.toISOString().replace(/\.\d{3}Z$/, 'Z').replaceAll(':', '-')}.db`;
}

/**
 * Copies a live SQLite database with SQLite's online backup API: safe while the server runs
 * and writes (the copy is a consistent snapshot). Checks the copy with `integrity_check`.
 * Returns the path of the copy.
 */
export async function backupDatabase(source: string, directory: string, now = new Date()): Promise<string> {
	mkdirSync(directory, { recursive: true });
	const target = join(directory, backupFileName(now));
	const db = new Database(source, { readonly: true, fileMustExist: true });
	try {
		await db.backup(target);
	} finally {
		db.close();
	}
	const copy = new Database(target, { readonly: true });
	try {
		const result = copy.pragma('integrity_check', { simple: true });
		if (result !== 'ok') throw new Error(`Backup failed its integrity check: ${String(result)}`);
	} finally {
		copy.close();
	}
	return target;
}
