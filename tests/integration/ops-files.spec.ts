import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { chmodSync, existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sqliteOf, openDatabase } from '../../src/lib/server/db/index';
import { backupDatabase } from '../../src/lib/server/db/backup';

/**
 * security review (docs/security-review-2026-12.md) finding 10 (ADR 028): the database holds health data. Its file, its WAL and shared
 * memory files and the backups are the owner's only (0600); a data or backup folder the portal
 * creates is 0700. Checked under the usual umask 022, with which SQLite would create 0644 files.
 */
const root = `tests/.tmp/vitest/ops-files-${process.pid}`;
const mode = (path: string) => statSync(path).mode & 0o777;
let previousUmask: number;

afterEach(() => {
	process.umask(previousUmask);
	rmSync(root, { recursive: true, force: true });
});

function withUmask022() {
	previousUmask = process.umask(0o022);
}

describe('file modes', () => {
	it('creates the data folder 0700 and the database, -wal and -shm files 0600', () => {
		withUmask022();
		const file = join(root, 'data', 'nested', 'portail.db');
		const db = openDatabase(file, './drizzle');
		sqliteOf(db).exec("CREATE TABLE t (x); INSERT INTO t VALUES ('written');");
		expect(existsSync(`${file}-wal`)).toBe(true);
		expect(mode(join(root, 'data'))).toBe(0o700);
		expect(mode(join(root, 'data', 'nested'))).toBe(0o700);
		expect(mode(file)).toBe(0o600);
		expect(mode(`${file}-wal`)).toBe(0o600);
		expect(mode(`${file}-shm`)).toBe(0o600);
		sqliteOf(db).close();
	});

	it('tightens a database file left world-readable by an earlier version', () => {
		withUmask022();
		const file = join(root, 'old.db');
		sqliteOf(openDatabase(file, './drizzle')).close();
		chmodSync(file, 0o644);
		writeFileSync(`${file}-wal`, '');
		chmodSync(`${file}-wal`, 0o644);
		const db = openDatabase(file, './drizzle');
		expect(mode(file)).toBe(0o600);
		expect(mode(`${file}-wal`)).toBe(0o600);
		sqliteOf(db).close();
	});

	it('writes backups 0600 into a backup folder created 0700', async () => {
		withUmask022();
		const file = join(root, 'live.db');
		sqliteOf(openDatabase(file, './drizzle')).close();
		const copy = await backupDatabase(
			file,
			join(root, 'backups'),
			new Date('2026-12-07T02:00:00Z')
		);
		expect(mode(join(root, 'backups'))).toBe(0o700);
		expect(mode(copy)).toBe(0o600);
		// One self-contained file, nothing next to it.
		expect(existsSync(`${copy}-wal`)).toBe(false);
		expect(existsSync(`${copy}-shm`)).toBe(false);
		// Opening the backup (as a restore does) keeps its files private too.
		const reopened = new Database(copy);
		reopened.exec('CREATE TABLE t (x)');
		for (const path of [copy, `${copy}-wal`, `${copy}-shm`])
			if (existsSync(path)) expect(mode(path)).toBe(0o600);
		reopened.close();
		// A second backup in the same second never overwrites the first.
		await expect(
			backupDatabase(file, join(root, 'backups'), new Date('2026-12-07T02:00:00Z'))
		).rejects.toThrow(/EEXIST/);
	});
});
