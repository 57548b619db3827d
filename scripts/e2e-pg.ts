/**
 * `npm run test:e2e:pg [-- playwright options]`: the e2e suite with the server on PostgreSQL
 * (issue #18, ADR 050). Needs a built app (`npm run build`) and a PostgreSQL server named by
 * DATABASE_TEST_URL (`. .ci/postgres` starts Debian's and exports it; its role needs CREATEDB).
 *
 * Creates a fresh database on that server, runs Playwright with the e2e server on it (the
 * webServer's DATABASE_URL) and the test process on the same dialect (the Playwright process's
 * own DATABASE_URL and E2E_DATABASE_URL name it: `$lib/server/db/schema` gives PostgreSQL's
 * tables and tests/e2e/db.ts opens a pool), and drops the database at the end, on failure too.
 * The link and login-throttle keys are files the config names for the server and the specs
 * alike (tests/e2e/env.ts). The servers a spec starts itself get a database of their own on
 * the same server (tests/e2e/db.ts's `serverDatabase`), dropped after.
 *
 * Left out of this run (tagged `@sqlite-only`, playwright.config.ts's grepInvert), SQLite's by
 * nature:
 * - sec-ops.e2e.ts, "the database the server created, its WAL and shared memory are readable
 *   by their owner only": the modes of SQLite's files (ADR 028); PostgreSQL's files are the
 *   server's, under its data directory.
 * Left out too (tagged `@once`): instances.e2e.ts, two instances on a PostgreSQL database of
 * its own whatever the dialect (ADR 049): the SQLite run ran it, `npm test` runs it once.
 * crash.e2e.ts runs on both: on PostgreSQL without its SQLite file checks (`PRAGMA
 * integrity_check`, the WAL file gone after a clean stop; PostgreSQL's durability is its own).
 * With `E2E_JOURNEYS_ONLY=1` (npm test), the markup specs are left out too (`MARKUP_SPECS`).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dropDatabase, onServer, serverUrl, withDatabase } from '../tests/helpers/pg';

const name = `portail_e2e_${randomBytes(6).toString('hex')}`;
const url = withDatabase(serverUrl(), name);
await onServer(`CREATE DATABASE "${name}"`);
console.log(`== e2e on PostgreSQL: database ${name} (dropped after the run)`);

let code: number;
try {
	code = await new Promise<number>((resolve) => {
		const child = spawn('node_modules/.bin/playwright', ['test', ...process.argv.slice(2)], {
			stdio: 'inherit',
			env: { ...process.env, DATABASE_URL: url, E2E_DATABASE_URL: url }
		});
		// Ctrl-C reaches Playwright too (same process group): wait for it, then drop.
		for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => undefined);
		child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
		child.on('error', () => resolve(1));
	});
} finally {
	await dropDatabase(name);
}
process.exit(code);
