import Database from 'better-sqlite3';
import { chmodSync, closeSync, fsyncSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE, ensurePrivateDirectory } from './index';
import { isPostgresUrl } from './dialect';

/** `portail-2026-11-23T10-15-00Z.db`: sortable, no colon (safe on every file system). */
export function backupFileName(now: Date): string {
	return `portail-${now
		.toISOString()
		.replace(/\.\d{3}Z$/, 'Z')
		.replaceAll(':', '-')}.db`;
}

/** On PostgreSQL the server's own tools back up (ADR 050): no file to copy here. */
export const POSTGRES_BACKUP =
	'DATABASE_URL is a PostgreSQL database: back it up with pg_dump (or the server\'s continuous archiving), not db:backup (docs/operations.md, "Running on PostgreSQL").';

/** Pages per backup step: all of them (SQLite's `sqlite3_backup_step(n)` caps at the database size). */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies a live SQLite database with SQLite's online backup API: safe while the server runs
 * and writes (the copy is a consistent snapshot). All pages are copied in **one step**, inside
 * one read transaction: in WAL mode the server keeps writing meanwhile, and the backup cannot be
 * restarted by those writes. Copied a few pages at a time (the default), every write of another
 * connection between two steps restarted it from the first page: under steady bookings it never
 * finished (ADR 028). The copy is created 0600 in a folder created 0700 (it holds health data),
 * synced to disk, and checked with `integrity_check`. Returns the path of the copy.
 */
export async function backupDatabase(
	source: string,
	directory: string,
	now = new Date()
): Promise<string> {
	if (isPostgresUrl(source)) throw new Error(POSTGRES_BACKUP);
	ensurePrivateDirectory(directory);
	const target = join(directory, backupFileName(now));
	// Owner-only from the start; `wx`: never overwrite an earlier backup.
	closeSync(openSync(target, 'wx', PRIVATE_FILE_MODE));
	try {
		const db = new Database(source, { readonly: true, fileMustExist: true });
		try {
			await db.backup(target, { progress: () => ALL_PAGES });
		} finally {
			db.close();
		}
	} catch (error) {
		rmSync(target, { force: true });
		throw error;
	}
	chmodSync(target, PRIVATE_FILE_MODE);
	// One self-contained file: the copy keeps the source's WAL flag, which would leave `-wal` and
	// `-shm` files next to it whenever it is opened. The server turns WAL back on at restore.
	const single = new Database(target);
	try {
		single.pragma('journal_mode = DELETE');
	} finally {
		single.close();
	}
	const fd = openSync(target, 'r+');
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
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
