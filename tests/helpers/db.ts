import { copyFileSync } from 'node:fs';
import { openDatabase, type Db } from '../../src/lib/server/db/index';

let counter = 0;

/** A private copy of the migrated base database (real SQLite, never a mock). */
export function testDb(): Db {
	const base = process.env.TEST_BASE_DB ?? 'tests/.tmp/vitest/base.db';
	const file = `tests/.tmp/vitest/w${process.env.VITEST_POOL_ID ?? '0'}-${process.pid}-${++counter}.db`;
	copyFileSync(base, file);
	return openDatabase(file, './drizzle');
}
