import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { testDb } from '../../../../tests/helpers/db';
import { openDatabase } from './index';
import { questionnaireStats } from './schema';
import { backupDatabase, backupFileName } from './backup';
import { sqliteOf } from './index';

const dir = `tests/.tmp/vitest/backups-${process.pid}`;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('db:backup', () => {
	it('names backups by UTC time, sortably', () => {
		expect(backupFileName(new Date('2026-11-23T10:15:00.123Z'))).toBe(
			'portail-2026-11-23T10-15-00Z.db'
		);
	});

	it('copies a database that is being written to, and the copy restores', async () => {
		const db = testDb();
		const file = sqliteOf(db).name;
		const insert = async (month: string) =>
			await db.insert(questionnaireStats).values({
				month,
				questionnaireVersion: 'v',
				level: 'faible',
				statutGroup: 'salarie',
				arret: 'maladie',
				source: 'moi_meme',
				departement: '69',
				count: 1
			});
		for (let i = 1; i <= 9; i++) await insert(`2026-0${i}`);
		// Writes continue while the backup runs.
		const writing = setInterval(() => void insert(`x-${Math.random()}`), 1);
		const copy = await backupDatabase(file, dir, new Date('2026-11-23T10:15:00Z'));
		clearInterval(writing);
		expect(existsSync(copy)).toBe(true);
		const backup = new Database(copy, { readonly: true });
		expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
		const rows = backup.prepare('SELECT count(*) AS n FROM questionnaire_stats').get() as {
			n: number;
		};
		expect(rows.n).toBeGreaterThanOrEqual(9);
		backup.close();

		// Restore: copy the backup over a database file and open it like the server does.
		const restored = `${dir}/restored.db`;
		copyFileSync(copy, restored);
		const reopened = openDatabase(restored, './drizzle');
		const [months] = await reopened.select({ n: sql<number>`count(*)` }).from(questionnaireStats);
		expect(months?.n).toBe(rows.n);
		sqliteOf(reopened).close();
	});
});
