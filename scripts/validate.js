#!/usr/bin/env node
// `npm run validate`: types, lint and unit/integration tests (CONTRIBUTING.md, ADR 031).
// `svelte-kit sync` first (the others read its generated types), then three lanes at once:
// types (svelte-check, then tsc on scripts), lint (prettier, then eslint, then knip) and
// vitest. Each lane stops at its first failing step; each step's output is printed in one
// block when it ends, with its time, so that the lanes never interleave. Exits 1 if any step
// failed, after every lane has finished (all failures are shown at once).
//
// `npm test` runs it with `--e2e`: when every step passed, the production build, the budget and
// the Playwright suite, one after the other, the suite's output printed as it comes (ADR 031,
// second addendum); then the same suite's journeys with the server on PostgreSQL
// (`npm run test:e2e:pg` with `E2E_JOURNEYS_ONLY=1`: the markup specs, a11y and HTML validity,
// run on SQLite only; ADR 050). Nothing runs beside the build: vitest's SvelteKit plugin rewrites
// `.svelte-kit/generated` when it starts, and a build that read it half-written shipped a client
// that failed to hydrate. Nothing runs beside the suite either: tests that wait for a page to
// hydrate or an element to take the focus missed their timeouts.
//
// The PostgreSQL tier (vitest.pg.config.ts, ADR 048), then the integration suite on PostgreSQL
// (vitest.pg-suite.config.ts, ADR 050), run in a fourth lane that starts once the types and lint
// lanes have ended, beside what is left of vitest (mostly waiting on the server, they share the
// cores well: ADR 031, fourth addendum): always with `--e2e` (they fail when DATABASE_TEST_URL
// names no answering server: `. .ci/postgres` starts one), and in `validate` when
// DATABASE_TEST_URL is set; otherwise the run says it left them out.
import { spawn } from 'node:child_process';

/** @typedef {{ name: string; command: string; args: string[]; live?: boolean; env?: Record<string, string> }} Step */

/** @param {string} name @param {string} command @param {string[]} args @returns {Step} */
const step = (name, command, ...args) => ({ name, command, args });

const sync = step('svelte-kit sync', 'npx', 'svelte-kit', 'sync');
const withE2e = process.argv.includes('--e2e');
const withPg = withE2e || Boolean(process.env.DATABASE_TEST_URL);
const pgTier = step(
	'vitest (PostgreSQL)',
	'npx',
	'vitest',
	'run',
	'--config',
	'vitest.pg.config.ts'
);
const pgSuite = step(
	'vitest (integration suite on PostgreSQL)',
	'npx',
	'vitest',
	'run',
	'--config',
	'vitest.pg-suite.config.ts'
);
/** @type {Step[][]} */
const lanes = [
	[
		step(
			'svelte-check',
			'npx',
			'svelte-check',
			'--tsconfig',
			'./tsconfig.json',
			'--fail-on-warnings'
		),
		step('tsc (scripts)', 'npx', 'tsc', '-p', 'tsconfig.scripts.json', '--noEmit')
	],
	[
		step('prettier', 'npx', 'prettier', '--check', '--cache', '.'),
		step(
			'eslint',
			'npx',
			'eslint',
			'--max-warnings',
			'0',
			'--cache',
			'--cache-location',
			'node_modules/.cache/eslint/',
			'.'
		),
		step('knip', 'npx', 'knip', '--no-progress')
	],
	[step('vitest', 'npx', 'vitest', 'run')]
];
/** Starts once the types and lint lanes have ended, beside what is left of vitest. */
const pgLane = withPg ? [pgTier, pgSuite] : [];
const e2e = [
	step('build', 'npx', 'vite', 'build'),
	step('budget', 'node', 'scripts/budget.js'),
	{ ...step('e2e', 'npx', 'playwright', 'test'), live: true },
	{
		...step('e2e on PostgreSQL (journeys)', 'npx', 'tsx', 'scripts/e2e-pg.ts'),
		live: true,
		env: { E2E_JOURNEYS_ONLY: '1' }
	}
];

const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Runs one step, its output kept until it ends (printed as it comes for a `live` step).
 * @param {Step} s @returns {Promise<boolean>}
 */
function run(s) {
	const started = Date.now();
	if (s.live) process.stdout.write(`\n== ${s.name}: started\n`);
	return new Promise((resolve) => {
		const child = spawn(s.command, s.args, {
			stdio: ['ignore', s.live ? 'inherit' : 'pipe', s.live ? 'inherit' : 'pipe'],
			env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0', ...s.env }
		});
		/** @type {Buffer[]} */
		const output = [];
		child.stdout?.on('data', (chunk) => output.push(chunk));
		child.stderr?.on('data', (chunk) => output.push(chunk));
		child.on('error', (error) => output.push(Buffer.from(String(error))));
		child.on('close', (code) => {
			const ok = code === 0;
			const text = Buffer.concat(output).toString().trimEnd();
			process.stdout.write(
				`\n== ${s.name}: ${ok ? 'ok' : `FAILED (exit ${code})`} in ${seconds(Date.now() - started)}\n` +
					(text ? `${text}\n` : '')
			);
			resolve(ok);
		});
	});
}

/** @param {Step[]} lane */
async function runLane(lane) {
	for (const s of lane) if (!(await run(s))) return false;
	return true;
}

const started = Date.now();
let ok = await run(sync);
if (ok) {
	const [types, lint, vitest] = lanes.map(runLane);
	const pg = Promise.all([types, lint]).then(() => runLane(pgLane));
	ok = (await Promise.all([types, lint, vitest, pg])).every(Boolean);
}
if (ok && withE2e) ok = await runLane(e2e);
if (!withPg)
	process.stdout.write(
		'\n== vitest (PostgreSQL tier and suite): not part of this run (DATABASE_TEST_URL unset; `. .ci/postgres` sets it)\n'
	);
process.stdout.write(
	`\n== ${withE2e ? 'npm test' : 'validate'}: ${ok ? 'ok' : 'FAILED'} in ${seconds(Date.now() - started)} (wall clock)\n`
);
process.exit(ok ? 0 : 1);
