import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { testDb } from '../../../tests/helpers/db';
import { sqliteOf, attachDatabase, type Db } from './db/index';
import { createHealthCheck, databaseStateFor } from './health';

/** security review (docs/security-review-2026-12.md) finding 14 (ADR 028): /healthz must notice a database that cannot take a write. */
const probeTime = (db: Db) =>
	(
		sqliteOf(db).prepare('SELECT checked_at AS at FROM health_probe WHERE id = 1').get() as
			{ at: string } | undefined
	)?.at;

describe('createHealthCheck', () => {
	it('writes its probe row and reports a writable database with the free space', async () => {
		const db = testDb();
		const check = createHealthCheck({
			db: () => db,
			file: sqliteOf(db).name,
			now: () => Date.parse('2026-12-07T02:00:00Z')
		});
		const report = await check();
		expect(report).toMatchObject({ ok: true, database: 'writable' });
		expect(report.diskFreeBytes).toBeGreaterThan(0);
		expect(probeTime(db)).toBe('2026-12-07T02:00:00.000Z');
	});

	it('writes at most once per interval, however often it is asked', async () => {
		const db = testDb();
		let now = Date.parse('2026-12-07T02:00:00Z');
		const check = createHealthCheck({
			db: () => db,
			file: sqliteOf(db).name,
			now: () => now,
			cacheMs: 5_000
		});
		await check();
		now += 4_999;
		for (let i = 0; i < 100; i++) expect((await check()).ok).toBe(true);
		expect(probeTime(db)).toBe('2026-12-07T02:00:00.000Z');
		now += 1;
		await check();
		expect(probeTime(db)).toBe('2026-12-07T02:00:05.000Z');
	});

	it('reports 503-worthy "read-only" when SQLite refuses the write, though reads still answer', async () => {
		const file = sqliteOf(testDb()).name;
		// The same database through a connection SQLite opened read-only: every write fails with
		// SQLITE_READONLY, as when the file or its folder became read-only.
		const readonly = attachDatabase(new Database(file, { readonly: true }));
		expect(
			(
				sqliteOf(readonly).prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as {
					n: number;
				}
			).n
		).toBeGreaterThan(0);
		const report = await createHealthCheck({ db: () => readonly, file })();
		expect(report).toMatchObject({
			ok: false,
			database: 'read-only',
			errorCode: 'SQLITE_READONLY'
		});
		sqliteOf(readonly).close();
	});

	it('reports "busy" when another process holds the write lock', async () => {
		const db = testDb();
		const other = new Database(sqliteOf(db).name);
		other.exec('BEGIN IMMEDIATE');
		sqliteOf(db).pragma('busy_timeout = 50');
		const report = await createHealthCheck({ db: () => db, file: sqliteOf(db).name })();
		expect(report).toMatchObject({ ok: false, database: 'busy', errorCode: 'SQLITE_BUSY' });
		other.exec('ROLLBACK');
		other.close();
	});

	it('reports "disk-full" when the file system has less room than a few bookings need', async () => {
		const db = testDb();
		const report = await createHealthCheck({
			db: () => db,
			file: sqliteOf(db).name,
			minFreeBytes: Number.MAX_SAFE_INTEGER
		})();
		expect(report).toMatchObject({ ok: false, database: 'disk-full' });
	});

	it('reports "unavailable" when the database cannot even be opened', async () => {
		const report = await createHealthCheck({
			db: () => {
				throw Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' });
			},
			file: 'tests/.tmp/vitest/nowhere/x.db'
		})();
		expect(report).toMatchObject({ ok: false, database: 'unavailable', diskFreeBytes: null });
	});
});

describe('databaseStateFor', () => {
	it.each([
		['SQLITE_FULL', 'disk-full'],
		['SQLITE_READONLY', 'read-only'],
		['SQLITE_READONLY_DBMOVED', 'read-only'],
		['SQLITE_BUSY_SNAPSHOT', 'busy'],
		['SQLITE_IOERR_WRITE', 'write-failed'],
		[undefined, 'write-failed']
	] as const)('%s → %s', (code, state) => {
		expect(databaseStateFor(code)).toBe(state);
	});
});
