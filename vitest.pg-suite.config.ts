import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

/**
 * The integration suite on PostgreSQL (ADR 050): every vitest file that uses a database
 * (tests/integration, and the src/ specs that open one through tests/helpers/db.ts or the
 * application's database), run with the process's dialect set to PostgreSQL, each test's
 * database a copy of a migrated template on the server DATABASE_TEST_URL names (`. .ci/postgres`).
 * `npm test` runs it after the SQLite run (scripts/validate.js).
 */

/** Files that are SQLite's by nature, left out of this run, each with its reason. */
export const SQLITE_ONLY = {
	'tests/integration/ops-backup.spec.ts':
		'the online backup of a SQLite file (PostgreSQL: pg_dump)',
	'tests/integration/ops-files.spec.ts': 'file modes of the SQLite file, its WAL and shared memory',
	'tests/integration/suivi-migration.spec.ts': 'a SQLite migration applied to an older SQLite file',
	'src/lib/server/db/backup.spec.ts': 'the online backup of a SQLite file',
	'src/lib/server/db/connection.spec.ts':
		"the SQLite proxy driver and its gate (tests/pg/pg-driver.spec.ts is PostgreSQL's)",
	'src/lib/server/booking/slot-cache.spec.ts':
		"SQLite's slot-counter triggers read on the raw connection (tests/pg/pg-integrity.spec.ts is PostgreSQL's)",
	'src/lib/server/health.spec.ts': "SQLite's error codes of a read-only or locked file",
	'tests/integration/erasure.spec.ts':
		'the erasure read back through the raw SQLite connection: every table, and the bytes of the file',
	'tests/integration/sec-links.spec.ts':
		'what a copy of the SQLite file holds, down to its raw bytes and freed pages'
} as const;

/** A spec that opens a database: through tests/helpers/db.ts (or booking.ts's world on it), or the application's. */
const USES_A_DATABASE = /helpers\/(?:db|booking)'|\$lib\/server\/db\/client|db\/index'/;

function specs(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true, recursive: true })
		.filter((entry) => entry.isFile() && entry.name.endsWith('.spec.ts'))
		.map((entry) => join(entry.parentPath, entry.name));
}

/** The data layer's own tests on this dialect. */
const DATA_LAYER = ['src/lib/server/db/schema-switch.spec.ts'];

const include = [
	...DATA_LAYER,
	...[...specs('src'), ...specs('tests/integration')].filter(
		(file) =>
			!(file in SQLITE_ONLY) &&
			!DATA_LAYER.includes(file) &&
			USES_A_DATABASE.test(readFileSync(file, 'utf8'))
	)
];

const server = process.env.DATABASE_TEST_URL ?? 'postgresql://localhost/postgres';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include,
		environment: 'node',
		// The process's dialect is read from DATABASE_URL at import (db/dialect.ts). It names a
		// database that does not exist: a test reaching the application's global database fails.
		env: {
			DATABASE_URL: server.replace(
				/^(postgres(?:ql)?:\/\/[^/?]*)(\/[^?]*)?/,
				'$1/portail_no_global_database'
			)
		},
		globalSetup: ['tests/setup/pg-suite-global-setup.ts'],
		setupFiles: ['tests/setup/per-file.ts', 'tests/setup/pg-suite-per-file.ts'],
		expect: { requireAssertions: true },
		testTimeout: 20_000
	}
});
