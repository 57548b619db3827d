import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { testDb } from '../helpers/db';
import { backupDatabase } from '../../src/lib/server/db/backup';
import { sqliteOf } from '../../src/lib/server/db/index';

/**
 * security review (docs/security-review-2026-12.md) finding 8 (ADR 028): the online backup must finish in bounded time while another
 * connection keeps writing. Copied 100 pages per step, every commit of the other connection
 * between two steps restarted it: on a busy database it never finished.
 */
const dir = `tests/.tmp/vitest/ops-backup-${process.pid}`;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Another thread, its own connection: commits two rows per transaction, as fast as it can, until told to stop. */
const WRITER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = FULL');
const insert = db.prepare('INSERT INTO load_writes (txn) VALUES (?)');
const pair = db.transaction((n) => { insert.run(n); insert.run(n); });
let stop = false;
let n = 0;
parentPort.on('message', () => { stop = true; });
(function loop() {
	for (let i = 0; i < 20 && !stop; i++) pair(++n);
	if (stop) { db.close(); parentPort.postMessage(n); return; }
	setImmediate(loop);
})();
parentPort.postMessage('started');
`;

describe('db:backup under writes', () => {
	it('finishes in bounded time while another connection commits continuously, and the copy is consistent', async () => {
		const db = testDb();
		const file = sqliteOf(db).name;
		// A database of ~40 MB (about 10 000 pages), like a portal after months of use.
		sqliteOf(db).exec(`
			CREATE TABLE ballast (b BLOB NOT NULL);
			WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
			INSERT INTO ballast SELECT randomblob(3900) FROM n;
			CREATE TABLE load_writes (id INTEGER PRIMARY KEY, txn INTEGER NOT NULL);
		`);
		const writer = new Worker(WRITER, { eval: true, workerData: { file } });
		const done = new Promise<number>((resolve, reject) => {
			writer.on('message', (message) => {
				if (typeof message === 'number') resolve(message);
			});
			writer.on('error', reject);
		});
		await new Promise<void>((resolve) => writer.once('message', () => resolve()));
		// Let the writer get going.
		await new Promise((resolve) => setTimeout(resolve, 200));
		const committedBefore = (
			sqliteOf(db).prepare('SELECT count(*) AS n FROM load_writes').get() as { n: number }
		).n;
		expect(committedBefore).toBeGreaterThan(0);

		const started = performance.now();
		const copy = await Promise.race([
			backupDatabase(file, dir, new Date('2026-12-07T02:00:00Z')),
			new Promise<never>((_, reject) =>
				setTimeout(() => reject(new Error('backup still running after 15 s')), 15_000)
			)
		]).finally(() => writer.postMessage('stop'));
		const seconds = (performance.now() - started) / 1000;
		const transactions = await done;
		await writer.terminate();
		sqliteOf(db).close();

		expect(seconds).toBeLessThan(15);
		// The writer really wrote during the backup.
		expect(transactions * 2).toBeGreaterThan(committedBefore);
		const backup = new Database(copy, { readonly: true });
		expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
		const rows = backup
			.prepare('SELECT count(*) AS n, count(DISTINCT txn) AS t FROM load_writes')
			.get() as { n: number; t: number };
		// A snapshot: whole transactions only (two rows each), none lost from before the backup.
		expect(rows.n).toBe(rows.t * 2);
		expect(rows.n).toBeGreaterThanOrEqual(committedBefore);
		expect(rows.n).toBeLessThanOrEqual(transactions * 2);
		expect((backup.prepare('SELECT count(*) AS n FROM ballast').get() as { n: number }).n).toBe(
			10000
		);
		backup.close();
	}, 30_000);
});
