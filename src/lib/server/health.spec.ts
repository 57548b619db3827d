import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { testDb } from '../../../tests/helpers/db';
import type { Db } from './db/index';
import * as schema from './db/schema';
import { createHealthCheck, databaseStateFor } from './health';

/** security review (docs/security-review-2026-12.md) finding 14 (ADR 028): /healthz must notice a database that cannot take a write. */
const probeTime = (db: Db) =>
	(
		db.$client.prepare('SELECT checked_at AS at FROM health_probe WHERE id = 1').get() as
			{ at: string } | undefined
	)?.at;

describe('createHealthCheck', () => {
	it('writes its probe row and reports a writable database with the free space', () => {
		const db = testDb();
		const check = createHealthCheck({
			db: () => db,
			file: db.$client.name,
			now: () => Date.parse('2026-12-07T02:00:00Z')
		});
		const report = check();
		expect(report).toMatchObject({ ok: true, database: 'writable' });
		expect(report.diskFreeBytes).toBeGreaterThan(0);
		expect(probeTime(db)).toBe('2026-12-07T02:00:00.000Z');
	});

	it('writes at most once per interval, however often it is asked', () => {
		const db = testDb();
		let now = Date.parse('2026-12-07T02:00:00Z');
		const check = createHealthCheck({
			db: () => db,
			file: db.$client.name,
			now: () => now,
			cacheMs: 5_000
		});
		check();
		now += 4_999;
		for (let i = 0; i < 100; i++) expect(check().ok).toBe(true);
		expect(probeTime(db)).toBe('2026-12-07T02:00:00.000Z');
		now += 1;
		check();
		expect(probeTime(db)).toBe('2026-12-07T02:00:05.000Z');
	});

	it('reports 503-worthy "read-only" when SQLite refuses the write, though reads still answer', () => {
		const file = testDb().$client.name;
		// The same database through a connection SQLite opened read-only: every write fails with
		// SQLITE_READONLY, as when the file or its folder became read-only.
		const readonly = drizzle(new Database(file, { readonly: true }), { schema }) as Db;
		expect(
			(
				readonly.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as {
					n: number;
				}
			).n
		).toBeGreaterThan(0);
		const report = createHealthCheck({ db: () => readonly, file })();
		expect(report).toMatchObject({
			ok: false,
			database: 'read-only',
			errorCode: 'SQLITE_READONLY'
		});
		readonly.$client.close();
	});

	it('reports "busy" when another process holds the write lock', () => {
		const db = testDb();
		const other = new Database(db.$client.name);
		other.exec('BEGIN IMMEDIATE');
		db.$client.pragma('busy_timeout = 50');
		const report = createHealthCheck({ db: () => db, file: db.$client.name })();
		expect(report).toMatchObject({ ok: false, database: 'busy', errorCode: 'SQLITE_BUSY' });
		other.exec('ROLLBACK');
		other.close();
	});

	it('reports "disk-full" when the file system has less room than a few bookings need', () => {
		const db = testDb();
		const report = createHealthCheck({
			db: () => db,
			file: db.$client.name,
			minFreeBytes: Number.MAX_SAFE_INTEGER
		})();
		expect(report).toMatchObject({ ok: false, database: 'disk-full' });
	});

	it('reports "unavailable" when the database cannot even be opened', () => {
		const report = createHealthCheck({
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
