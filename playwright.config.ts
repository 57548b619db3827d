import { defineConfig } from '@playwright/test';

import {
	E2E_DATABASE,
	E2E_LEGAL_DPO,
	E2E_LEGAL_PUBLISHER,
	E2E_LINK_KEY_FILE,
	E2E_JOURNEYS_ONLY,
	E2E_LOG,
	E2E_ON_POSTGRES,
	E2E_PORT as PORT,
	E2E_THROTTLE_KEY_FILE,
	MARKUP_SPECS,
	ONCE,
	SQLITE_ONLY
} from './tests/e2e/env';

export const baseURL = `http://localhost:${PORT}`;

/**
 * Specs that only speak HTTP (the `request` fixture, node:http, their own server processes):
 * they never open a browser. Their own project says so, and `--project=http` runs them alone
 * in seconds. They stay in Playwright rather than vitest: they share the suite's built server
 * and database, and `npm run test:unit` runs before the build.
 */
const httpOnly = [
	'**/api.e2e.ts',
	'**/crash.e2e.ts',
	'**/evenements-http.e2e.ts',
	'**/fuzz.e2e.ts',
	'**/headers.e2e.ts',
	'**/instances.e2e.ts',
	'**/logging.e2e.ts',
	'**/proxy.e2e.ts',
	'**/sec-ops.e2e.ts',
	'**/std-http.e2e.ts',
	'**/page-cache.e2e.ts'
];

/**
 * e2e against the production build (`npm run build` first) with a throwaway database.
 * Playwright drives Debian's Chromium: no browser download ever (DEVELOPERS.md).
 */
export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	fullyParallel: true,
	forbidOnly: true,
	// Three workers on the two cores: a test waits on the browser and the server much of its time
	// (with two workers, the suite used 421 CPU seconds in 690 s of wall clock), ADR 031's second
	// addendum.
	workers: 3,
	retries: process.env.CI ? 1 : 0,
	reporter: process.env.CI ? [['list']] : [['list']],
	timeout: 30_000,
	// The server's log must hold no personal data after the run (ADR 018).
	globalTeardown: './tests/e2e/log-check.teardown.ts',
	// On PostgreSQL (npm run test:e2e:pg), the tests that are SQLite's by nature stay out: each is
	// tagged SQLITE_ONLY, with its reason in scripts/e2e-pg.ts and ADR 050. So do those tagged ONCE,
	// which bring their own PostgreSQL database whatever the dialect and ran in the SQLite run.
	grepInvert: E2E_ON_POSTGRES ? new RegExp(`${SQLITE_ONLY}|${ONCE}`) : undefined,
	use: {
		baseURL,
		// French is the reference language: browsers in the suite ask for it.
		locale: 'fr-FR',
		// No trace while tests pass: recording one for every test (DOM snapshots and screencast, then
		// deleted when the test passes) cost about a fifth of the suite's CPU (ADR 031, third
		// addendum). CI retries a failed test once, with a trace; to debug locally, run the failing
		// spec with `--trace retain-on-failure` (or `--trace on`).
		trace: 'on-first-retry',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update'
			]
		}
	},
	// Tests are handed to the workers in this order (ADR 031): the browser journeys and the
	// accessibility spec first, the long ones early (a11y.e2e.ts sorts first), and the short
	// HTTP-only tests last, so that every worker stays busy until the end of the run.
	projects: [
		{
			name: 'browser',
			// npm test's run on PostgreSQL: the journeys alone (MARKUP_SPECS, tests/e2e/env.ts).
			testIgnore: E2E_JOURNEYS_ONLY ? [...httpOnly, ...MARKUP_SPECS] : httpOnly
		},
		{ name: 'http', testMatch: httpOnly }
	],
	webServer: {
		command: 'node scripts/e2e-server.js',
		url: `${baseURL}/healthz`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			ORIGIN: baseURL,
			// One database per port: two suites on two ports never share state. A SQLite file, or the
			// PostgreSQL database scripts/e2e-pg.ts created.
			DATABASE_URL: E2E_DATABASE,
			// The keys the specs read too (env.ts), named for both.
			LINK_KEY_FILE: E2E_LINK_KEY_FILE,
			THROTTLE_KEY_FILE: E2E_THROTTLE_KEY_FILE,
			E2E_LOG,
			DEMO_DATA: '1',
			NODE_ENV: 'production',
			RATE_LIMIT_DISABLED: '1',
			// Every spec books from 127.0.0.1: the per-address cap (ADR 026) would stop the suite.
			// It is tested in tests/integration/sec-booking.spec.ts; the per-person limit stays on.
			BOOKING_MAX_PER_ADDRESS: '100000',
			// Likewise every browser logs in from 127.0.0.1: the suite's own refused logins (wrong
			// passwords, codes, the throttling test) came near the 20 per address in 15 minutes
			// (ADR 027) in one run, over it with a retry, and every later login was refused. The rule
			// is tested in src/lib/server/auth/throttle.spec.ts; the per-account rules stay on.
			LOGIN_IP_MAX_FAILURES: '100000',
			// Every request's access line goes to E2E_LOG, scanned after the run.
			LOG_LEVEL: 'info',
			// Two configured legal values; the legal pages show demo values for the rest (ADR 036).
			LEGAL_PUBLISHER: E2E_LEGAL_PUBLISHER,
			LEGAL_DPO_CONTACT: E2E_LEGAL_DPO
		}
	}
});
