import { mkdirSync, rmSync } from 'node:fs';
import { sqliteOf, openDatabase } from '../../src/lib/server/db/index';

/** Builds one migrated base database; each test file copies it (tests/helpers/db.ts). */
export default function setup(): void {
	const dir = 'tests/.tmp/vitest';
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const base = `${dir}/base.db`;
	const db = openDatabase(base, './drizzle');
	sqliteOf(db).pragma('wal_checkpoint(TRUNCATE)');
	sqliteOf(db).close();
	process.env.TEST_BASE_DB = base;
	// The key that seals queued mails' links (ADR 025): one per run, never the default next to ./data.
	process.env.LINK_KEY_FILE = `${dir}/link.key`;
}
