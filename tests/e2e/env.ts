import { dialect, isPostgresUrl } from '../../src/lib/server/db/dialect';

/** Where the e2e server listens and which throwaway database it uses (shared by the config and the tests). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4173);
/**
 * A SQLite file per port by default; `E2E_DATABASE_URL` (a `postgres://` URL, set by
 * scripts/e2e-pg.ts with the process's own DATABASE_URL) runs the suite on PostgreSQL (ADR 050).
 */
export const E2E_DATABASE = process.env.E2E_DATABASE_URL ?? `tests/.tmp/e2e-${E2E_PORT}.db`;
/** True when the suite runs on PostgreSQL: the config leaves out the tests tagged SQLITE_ONLY. */
export const E2E_ON_POSTGRES = isPostgresUrl(E2E_DATABASE);
if (E2E_ON_POSTGRES !== (dialect === 'postgres'))
	throw new Error(
		'E2E_DATABASE_URL and DATABASE_URL must name the same dialect: the test process reads the e2e database with the schema DATABASE_URL picks (npm run test:e2e:pg sets both)'
	);
/**
 * The keys the server and the specs share, named explicitly for both (the server's defaults sit
 * beside a SQLite file, or in ./data on PostgreSQL): the link key, with which the specs unseal a
 * queued link, and the login-throttle key.
 */
export const E2E_LINK_KEY_FILE = `tests/.tmp/e2e-${E2E_PORT}.link.key`;
export const E2E_THROTTLE_KEY_FILE = `tests/.tmp/e2e-${E2E_PORT}.throttle.key`;
/**
 * The tag of the tests that are SQLite's by nature (a file's modes, `PRAGMA integrity_check`,
 * servers of their own on fresh SQLite files): the PostgreSQL run leaves them out
 * (playwright.config.ts), each with its reason in scripts/e2e-pg.ts and ADR 050.
 */
export const SQLITE_ONLY = '@sqlite-only';
/**
 * The specs whose subject is the markup of the pages (axe-core's audit of every page state, the
 * HTML validity of every page): what they check does not depend on the database, whose data
 * those pages show through the queries the journeys run on both. `npm test`'s run on PostgreSQL
 * (`E2E_JOURNEYS_ONLY=1`, scripts/validate.js) leaves them out; `npm run test:e2e:pg` alone runs
 * them too (ADR 050).
 */
export const MARKUP_SPECS = ['**/a11y.e2e.ts', '**/html-valid.e2e.ts'];
/** The journeys alone: on PostgreSQL, when `E2E_JOURNEYS_ONLY=1` (npm test's second run). */
export const E2E_JOURNEYS_ONLY = E2E_ON_POSTGRES && process.env.E2E_JOURNEYS_ONLY === '1';
/**
 * The tag of the tests that bring their own PostgreSQL database whatever the suite's dialect
 * (instances.e2e.ts: two portal instances on one PostgreSQL): they run in the SQLite run and the
 * PostgreSQL run leaves them out, so that `npm test`, which runs both, runs them once.
 */
export const ONCE = '@once';
/**
 * The ports of the servers that specs start themselves, one per server: specs of the `http`
 * project run side by side, and two servers on one port answer each other's requests (two
 * specs once shared E2E_PORT + 2000). A new one takes a free offset here.
 */
export const OWN_PORTS = {
	crash: E2E_PORT + 1000,
	stdHttpProduction: E2E_PORT + 1003,
	secLinksProduction: E2E_PORT + 1004,
	secLinksDemo: E2E_PORT + 1005,
	proxyDirect: E2E_PORT + 2000,
	proxyProxied: E2E_PORT + 2001,
	secOpsLimited: E2E_PORT + 2010,
	instanceA: E2E_PORT + 2020,
	instanceB: E2E_PORT + 2021
} as const;
if (new Set(Object.values(OWN_PORTS)).size !== Object.keys(OWN_PORTS).length)
	throw new Error('OWN_PORTS: two servers on one port');

/** The e2e server's stdout and stderr (scripts/e2e-server.js), scanned for personal data after the run. */
export const E2E_LOG = `tests/.tmp/e2e-${E2E_PORT}.log`;

/**
 * What the legal pages say about the organisme (LEGAL_*, ADR 036): required by a production
 * start without demo data. Fictitious values for the instances the specs start themselves.
 */
export const LEGAL_ENV: Record<string, string> = {
	LEGAL_PUBLISHER: 'Organisme de test (fictif), 1 rue du Test, 00000 Testville',
	LEGAL_PUBLICATION_DIRECTOR: 'Dominique Test (fictif), direction',
	LEGAL_HOST: 'Hébergeur de test (fictif), 00000 Testville, France',
	LEGAL_DPO_CONTACT: 'dpo@test.invalid',
	LEGAL_BACKUP_RETENTION: '30 jours',
	LEGAL_ACCESSIBILITY_CONTACT: 'accessibilite@test.invalid',
	LEGAL_ACCESSIBILITY_STATUS: 'non-conforme',
	LEGAL_ACCESSIBILITY_PLAN: 'https://test.invalid/schema'
};

/**
 * The two legal values the main e2e server is given (the others show the demo values): the
 * legal pages show what is configured (tests/e2e/std.e2e.ts).
 */
export const E2E_LEGAL_PUBLISHER = 'CGSS de Testland (organisme fictif pour les tests)';
export const E2E_LEGAL_DPO = 'dpo-e2e@portail-pdp.invalid';
