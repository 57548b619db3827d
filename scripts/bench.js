#!/usr/bin/env node
// `npm run bench`: load test of the production build (docs/performance.md, ADR 022).
//
// Builds if the build is missing or older than the sources, starts the production server
// (scripts/serve.js) on 127.0.0.1 with a fresh temporary database and demo data (rate limits off,
// LOG_LEVEL=warn), warms up, then for each scenario (home, a questionnaire step, the scoring
// API, the slots API, the slots page):
// 1. the target: an open-loop load at a constant arrival rate (BENCH_RATE, default 200 req/s,
//    the rate of the target in docs/performance.md) for BENCH_SECONDS, latency counted from each request's due time;
// 2. the capacity: autocannon closed-loop on 10 connections, as fast as the server answers;
// then a burst of 300 simultaneous booking posts on three slots (autocannon); and ends with the
// information pages against a bare Node server answering the very same bytes (ADR 046),
// closed-loop, side by side: the ratio says how close to the machine's own limit they are.
// Prints the tables and writes bench/results.json. The load generator runs on the same machine
// as the server: on 2 cores it takes part of the CPU the server would have.
//
// Options (environment): BENCH_RATE (default 200), BENCH_SECONDS per paced scenario (default
// 10), BENCH_SATURATION_SECONDS (default 5), BENCH_BURST (default 300), BENCH_PARTS (default
// `target,capacity,burst,reference`: the parts to run, e.g. `reference` alone), BENCH_PORT (the
// server's port; default a random one of 4800–5199), BENCH_DIALECTS (default `sqlite`; `postgres`,
// or `sqlite,postgres` for both one after the other and their figures side by side: the
// PostgreSQL database is created on DATABASE_TEST_URL's server and dropped after, ADR 050).
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import autocannon from 'autocannon';
import http from 'node:http';
import pg from 'pg';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	DEMO_ANSWERS,
	DEMO_PROFILE,
	bookingFields,
	buildIfStale,
	cookieClient,
	root,
	slotValues,
	startThrowawayServer
} from './lib/portal.js';
import { dropDatabaseOn, durabilitySettings, runOn, withDatabase } from './lib/pg-database.js';

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BURST = Number(process.env.BENCH_BURST ?? 300);
const SATURATION_SECONDS = Number(process.env.BENCH_SATURATION_SECONDS ?? 5);
const PARTS = new Set((process.env.BENCH_PARTS ?? 'target,capacity,burst,reference').split(','));
const DIALECT_NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
/** The dialects to run, one after the other on the same machine (BENCH_DIALECTS). */
const DIALECTS = /** @type {Array<'sqlite' | 'postgres'>} */ (
	(process.env.BENCH_DIALECTS ?? 'sqlite').split(',').map((d) => d.trim())
);
if (DIALECTS.length === 0 || DIALECTS.some((d) => !(d in DIALECT_NAMES))) {
	console.error(`BENCH_DIALECTS: a list of sqlite and postgres, e.g. sqlite,postgres`);
	process.exit(2);
}
/** The information pages measured against the bare Node reference (ADR 046). */
const REFERENCE_PAGES = [
	'/',
	'/dispositifs',
	'/dispositifs/essai-encadre',
	'/mentions-legales',
	'/professionnels'
];
/** What a browser sends for them: French, brotli or gzip. */
const REFERENCE_HEADERS = {
	accept: 'text/html',
	'accept-language': 'fr-FR,fr;q=0.9',
	'accept-encoding': 'br, gzip'
};
/** Turns of portal then bare Node per page, SATURATION_SECONDS each (BENCH_REFERENCE_ROUNDS). */
const REFERENCE_ROUNDS = Number(process.env.BENCH_REFERENCE_ROUNDS ?? 3);
/** Target of issue #19: the information pages at ≥ 30 % of what the bare server does. */
const TARGET_BARE_RATIO = 0.3;
/** Targets (docs/performance.md) for pages and the scoring API at RATE req/s. */
const TARGET_P99_MS = 50;

// --- Build if needed (same rule as `npm start`), then a server on a fresh database ---
buildIfStale();
/** The server under load: one per dialect, one after the other (benchDialect). */
let base = '';
/** @type {import('node:child_process').ChildProcess | undefined} */
let server;

/** A fresh PostgreSQL database on DATABASE_TEST_URL's server, durable commits, dropped by `drop()`. */
async function benchDatabase() {
	const serverUrl = process.env.DATABASE_TEST_URL;
	if (!serverUrl) {
		console.error(
			"BENCH_DIALECTS=postgres needs DATABASE_TEST_URL: a PostgreSQL server whose role may create databases (`. .ci/postgres` starts Debian's and sets it)."
		);
		process.exit(2);
	}
	const name = `portail_bench_${randomBytes(6).toString('hex')}`;
	// Durable commits whatever the server's default (a test cluster may run with them off): the
	// figures are a production's, except for fsync, a server-wide setting reported with them.
	await runOn(
		serverUrl,
		`CREATE DATABASE "${name}"`,
		`ALTER DATABASE "${name}" SET synchronous_commit = on`
	);
	const url = withDatabase(serverUrl, name);
	return {
		url,
		settings: await durabilitySettings(url),
		drop: () => dropDatabaseOn(serverUrl, name)
	};
}

/** @param {Record<string, string>} settings */
function settingsLine(settings) {
	return Object.entries(settings)
		.map(([name, value]) => `${name}=${value}`)
		.join(', ');
}

/** @param {string} departement @param {string} mode */
async function freeSlots(departement, mode) {
	return slotValues(
		await (
			await fetch(`${base}/rendez-vous/creneaux?departement=${departement}&mode=${mode}&jour=tous`)
		).text()
	);
}

/** A manage-link token as the booking form draws one (20 random bytes, base32). */
function token() {
	return encodeBase32LowerCaseNoPadding(randomBytes(20));
}

// --- Scenarios ---
/**
 * What a load (`paced` or `run`) reports.
 * @typedef {{ duration: number, latency: { p50: number | null, p99: number | null, max: number | null }, errors: number, errorCodes?: Record<string, number>, timeouts: number, statusCodeStats?: Record<string, { count: number }> }} LoadResult
 * @typedef {{ path: string, method?: string, headers?: Record<string, string>, body?: string }} Scenario
 */
const scoringBody = JSON.stringify({
	answers: {
		duree_arret: '3_6_mois',
		capacite_travail: 4,
		compatibilite_poste: 'avec_amenagements',
		relation_travail: 'correctes',
		difficultes_vie: 'un_peu',
		attente_retour: 6
	},
	profile: { statut: 'salarie_cdi', arret: 'maladie', rqth: 'non' }
});

/**
 * CPU time a process has used so far, in ms (Linux /proc; ticks of 10 ms); NaN when gone.
 * @param {number | undefined} pid
 */
function processCpuMs(pid) {
	try {
		const fields = /** @type {string} */ (
			readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]
		).split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
	} catch {
		return NaN;
	}
}

/**
 * CPU time used by the server process so far, in ms. CPU per request hardly depends on what else
 * the machine runs, unlike latency: it gives the capacity of one Node process on an idle core
 * (1000 / CPU ms per request).
 */
function serverCpuMs() {
	return processCpuMs(server?.pid);
}

/**
 * On PostgreSQL, a connection to the bench's database that lists its server processes (the
 * backends of the portal's pool): their CPU is the database's share of a request, on the same
 * cores. Undefined on SQLite, whose work is the server process's own.
 * @type {import('pg').Client | undefined}
 */
let databaseMonitor;

/** The CPU used so far by each backend of the bench's database but the monitor's, in ms. */
async function databaseCpuSample() {
	/** @type {Map<number, number>} */
	const sample = new Map();
	if (!databaseMonitor) return sample;
	const { rows } = await databaseMonitor.query(
		'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()'
	);
	for (const { pid } of rows) sample.set(pid, processCpuMs(pid));
	return sample;
}

/**
 * Runs a load (`paced` or `run`) and adds the server CPU it cost, in ms, and on PostgreSQL the
 * database's (its backends', those that ended during the load not counted: the pool keeps its
 * connections while busy).
 * @template O
 * @param {(options: O) => Promise<LoadResult>} load
 * @param {O} options
 */
async function measured(load, options) {
	const before = serverCpuMs();
	const databaseBefore = await databaseCpuSample();
	const result = /** @type {LoadResult & { serverCpuMs: number, databaseCpuMs: number }} */ (
		await load(options)
	);
	result.serverCpuMs = serverCpuMs() - before;
	const databaseAfter = await databaseCpuSample();
	result.databaseCpuMs = databaseMonitor
		? [...databaseAfter].reduce(
				(sum, [pid, ms]) => sum + (Number.isNaN(ms) ? 0 : ms - (databaseBefore.get(pid) ?? 0)),
				0
			)
		: NaN;
	return result;
}

/**
 * @param {Omit<import('autocannon').Options, 'url'> & { url?: string }} options
 * @returns {Promise<LoadResult>}
 */
function run(options) {
	return new Promise((resolve, reject) => {
		autocannon({ url: base, timeout: 10, ...options }, (error, result) =>
			error ? reject(error) : resolve(result)
		);
	});
}

/**
 * Open-loop load at a constant arrival rate: request i is due at start + i / rate, whatever the
 * server answered before (as independent people arriving would), on keep-alive sockets.
 * Latency runs from the request's due time, not from the moment it could be sent, so that a
 * slow server or a late generator counts against the figures (no coordinated omission).
 *
 * autocannon's `overallRate` is not used for the targets: it sends each second's quota back to
 * back on its connections as fast as the server answers, then idles until the next second, and
 * records every answer with a 1 ms "expected interval" — a closed-loop burst at the start of
 * every second, not 200 arrivals per second (ADR 022).
 * @param {Scenario & { rate: number, seconds: number, timeoutMs?: number }} options
 * @returns {Promise<LoadResult>}
 */
function paced({ path, method = 'GET', headers = {}, body, rate, seconds, timeoutMs = 10_000 }) {
	// An idle kept-alive socket is closed by the agent after 4 s, before the server's own 5 s
	// keep-alive timeout: otherwise a request can go out on a socket the server is closing at that
	// very moment (ECONNRESET), a race of the generator, not an error of the portal.
	const agent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 4000 });
	const total = Math.round(rate * seconds);
	const interval = 1000 / rate;
	/** @type {number[]} */
	const latencies = [];
	/** @type {Record<string, { count: number }>} */
	const statusCodeStats = {};
	let errors = 0;
	/** @type {Record<string, number>} */
	const errorCodes = {};
	let timeouts = 0;
	let done = 0;
	let sent = 0;
	const { port: serverPort, hostname } = new URL(base);
	const start = performance.now() + 5;
	return new Promise((resolve) => {
		const finish = () => {
			if (++done < total) return;
			agent.destroy();
			latencies.sort((a, b) => a - b);
			const at = (/** @type {number} */ q) =>
				latencies.length
					? Math.round(
							/** @type {number} */ (
								latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]
							) * 10
						) / 10
					: null;
			resolve({
				duration: (performance.now() - start) / 1000,
				latency: { p50: at(0.5), p99: at(0.99), max: at(1) },
				errors,
				errorCodes,
				timeouts,
				statusCodeStats
			});
		};
		const fire = (/** @type {number} */ due) => {
			const request = http.request(
				{ host: hostname, port: serverPort, path, method, headers, agent },
				(response) => {
					response.resume();
					response.on('end', () => {
						latencies.push(performance.now() - due);
						const code = String(response.statusCode);
						statusCodeStats[code] = { count: (statusCodeStats[code]?.count ?? 0) + 1 };
						finish();
					});
				}
			);
			let timedOut = false;
			request.setTimeout(timeoutMs, () => {
				timedOut = true;
				timeouts++;
				request.destroy();
			});
			request.on('error', (/** @type {NodeJS.ErrnoException} */ error) => {
				if (!timedOut) {
					errors++;
					errorCodes[error.code ?? error.message] =
						(errorCodes[error.code ?? error.message] ?? 0) + 1;
				}
				finish();
			});
			request.end(body);
		};
		const tick = () => {
			const now = performance.now();
			while (sent < total && start + sent * interval <= now) fire(start + sent++ * interval);
			if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
		};
		setTimeout(tick, 5);
	});
}

/**
 * @param {string} name
 * @param {string} kind
 * @param {LoadResult & { serverCpuMs: number, databaseCpuMs?: number }} result
 * @param {number[]} expected
 */
function summary(name, kind, result, expected) {
	const count = (/** @type {string} */ prefix) =>
		Object.entries(result.statusCodeStats ?? {})
			.filter(([code]) => code.startsWith(prefix))
			.reduce((n, [, s]) => n + Number(s.count), 0);
	const total = ['1', '2', '3', '4', '5'].reduce((n, p) => n + count(p), 0);
	return {
		name,
		kind,
		requests: total,
		reqPerSec: Math.round((total / result.duration) * 10) / 10,
		p50: result.latency.p50,
		p99: result.latency.p99,
		max: result.latency.max,
		errors: result.errors,
		/** Socket errors by code (open-loop runs), e.g. { ECONNRESET: 1 }. */
		errorCodes: result.errorCodes ?? {},
		timeouts: result.timeouts,
		'2xx': count('2'),
		'3xx': count('3'),
		'4xx': count('4'),
		'5xx': count('5'),
		/** Server CPU per answered request, and the rate one process could serve on one idle core. */
		cpuMsPerRequest: total > 0 ? Math.round((result.serverCpuMs / total) * 10) / 10 : null,
		capacityPerCore:
			total > 0 && result.serverCpuMs > 0 ? Math.round(1000 / (result.serverCpuMs / total)) : null,
		/** On PostgreSQL: the database server's CPU per answered request (its backends'). */
		databaseCpuMsPerRequest:
			total > 0 && result.databaseCpuMs !== undefined && Number.isFinite(result.databaseCpuMs)
				? Math.round((result.databaseCpuMs / total) * 10) / 10
				: null,
		/** Answers other than the expected ones (e.g. a 4xx on a page that should answer 200). */
		unexpected:
			total -
			Object.entries(result.statusCodeStats ?? {})
				.filter(([code]) => expected.includes(Number(code)))
				.reduce((n, [, s]) => n + Number(s.count), 0)
	};
}

/**
 * Several closed-loop runs of one scenario as one: requests and errors added, durations added,
 * latency percentiles the worst of the runs (p99 of the whole is not less than the smallest).
 * @template {LoadResult} R
 * @param {R[]} results
 * @returns {R}
 */
function merged(results) {
	/** @type {Record<string, { count: number }>} */
	const statusCodeStats = {};
	for (const result of results)
		for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {}))
			statusCodeStats[code] = { count: (statusCodeStats[code]?.count ?? 0) + Number(count) };
	const worst = (/** @type {'p50' | 'p99' | 'max'} */ key) =>
		Math.max(...results.map((r) => r.latency[key] ?? 0));
	return /** @type {R} */ ({
		...results[0],
		duration: results.reduce((sum, r) => sum + r.duration, 0),
		latency: { p50: worst('p50'), p99: worst('p99'), max: worst('max') },
		errors: results.reduce((sum, r) => sum + r.errors, 0),
		timeouts: results.reduce((sum, r) => sum + r.timeouts, 0),
		statusCodeStats,
		.../** @type {any} */ (
			'serverCpuMs' in (results[0] ?? {})
				? {
						serverCpuMs: results.reduce((sum, r) => sum + /** @type {any} */ (r).serverCpuMs, 0),
						databaseCpuMs: results.reduce((sum, r) => sum + /** @type {any} */ (r).databaseCpuMs, 0)
					}
				: {}
		)
	});
}

/**
 * Waits for the server to answer `/healthz`: requests of the previous load that the generator
 * gave up on (timeouts) are still queued in the server, and would otherwise weigh on the next.
 */
async function drained() {
	await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(120_000) }).catch(() => undefined);
}

/** Thrown to end the run early when a part is not asked for. */
class Skip extends Error {}

/**
 * The raw answer (compressed bytes and headers) the portal gives to a request.
 * @param {string} path
 * @returns {Promise<{ status: number, headers: Record<string, string>, body: Buffer }>}
 */
function rawAnswer(path) {
	const { hostname, port } = new URL(base);
	return new Promise((resolve, reject) => {
		http
			.get({ host: hostname, port, path, headers: REFERENCE_HEADERS }, (response) => {
				/** @type {Buffer[]} */
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () => {
					/** @type {Record<string, string>} */
					const headers = {};
					for (const [name, value] of Object.entries(response.headers))
						if (
							value !== undefined &&
							!['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length'].includes(
								name
							)
						)
							headers[name] = Array.isArray(value) ? value.join(', ') : value;
					resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
				});
			})
			.on('error', reject);
	});
}

/**
 * The information pages closed-loop (autocannon, 10 connections, SATURATION_SECONDS each),
 * then the same requests to a bare node:http server (its own process) that answers the bytes
 * and headers the portal sent: one after the other, page by page, in the same run, so that both
 * see the same machine.
 */
async function againstBareNode() {
	const dir = mkdtempSync(join(tmpdir(), 'pdp-bare-'));
	/** @type {Record<string, { status: number, headers: Record<string, string>, body: string }>} */
	const recorded = {};
	for (const path of REFERENCE_PAGES) {
		await rawAnswer(path); // the first answer fills the page cache
		const answer = await rawAnswer(path);
		if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}`);
		recorded[path] = { ...answer, body: answer.body.toString('base64') };
	}
	writeFileSync(join(dir, 'recorded.json'), JSON.stringify(recorded));
	const bare = fork(join(root, 'scripts', 'lib', 'bare-server.js'), [join(dir, 'recorded.json')]);
	const barePort = await new Promise((resolve, reject) => {
		bare.once('message', resolve);
		bare.once('exit', () => reject(new Error('the bare server did not start')));
	});
	const results = [];
	try {
		for (const path of REFERENCE_PAGES) {
			const bytes = Buffer.from(recorded[path]?.body ?? '', 'base64').length;
			process.stdout.write(
				`${path}: portal and bare Node in turn, ${REFERENCE_ROUNDS} × ${SATURATION_SECONDS} s each…\n`
			);
			const request = { method: /** @type {'GET'} */ ('GET'), path, headers: REFERENCE_HEADERS };
			/** @param {string} url */
			const load = (url) =>
				run({ url, connections: 10, duration: SATURATION_SECONDS, requests: [request] });
			// In turn, a few times: a machine whose speed changes from one second to the next
			// (other processes, steal time) weighs on both alike.
			/** @type {Array<LoadResult & { serverCpuMs: number }>} */
			const portalRuns = [];
			/** @type {LoadResult[]} */
			const bareRuns = [];
			for (let round = 0; round < REFERENCE_ROUNDS; round++) {
				portalRuns.push(await measured(load, base));
				bareRuns.push(await load(`http://127.0.0.1:${barePort}`));
			}
			const portalRun = summary(`${path} (portal)`, 'reference', merged(portalRuns), [200]);
			const bareRun = summary(
				`${path} (bare)`,
				'reference',
				{ ...merged(bareRuns), serverCpuMs: NaN, databaseCpuMs: NaN },
				[200]
			);
			const bareRps = bareRun.reqPerSec;
			const ratio = bareRps > 0 ? Math.round((portalRun.reqPerSec / bareRps) * 1000) / 1000 : 0;
			results.push({ path, bytes, portal: portalRun, bareReqPerSec: bareRps, ratio });
		}
	} finally {
		bare.kill('SIGTERM');
		rmSync(dir, { recursive: true, force: true });
	}
	return results;
}

/**
 * The whole bench on one dialect: a server on a fresh database of it (a SQLite file, or a
 * PostgreSQL database created on DATABASE_TEST_URL's server and dropped after), the parts asked.
 * @param {'sqlite' | 'postgres'} dialect
 */
async function benchDialect(dialect) {
	/** @type {Array<ReturnType<typeof summary> & { meetsTarget?: boolean }>} */
	const rows = [];
	const saturation = [];
	/** @type {Array<{ path: string, bytes: number, portal: ReturnType<typeof summary>, bareReqPerSec: number, ratio: number }>} */
	const reference = [];
	let failed = false;
	const loadAverageAtStart = loadavg().map((l) => Math.round(l * 100) / 100);
	const database = dialect === 'postgres' ? await benchDatabase() : undefined;
	const portal = startThrowawayServer({
		name: 'bench',
		...(process.env.BENCH_PORT
			? { portBase: Number(process.env.BENCH_PORT), portSpan: 1 }
			: { portBase: 4800 }),
		database: database?.url
	});
	({ base, server } = portal);
	const { request: browse, post, cookieHeader } = cookieClient(base);
	process.stdout.write(
		`\n== ${DIALECT_NAMES[dialect]}${database ? ` (${settingsLine(database.settings)})` : ''}\n`
	);
	try {
		await portal.ready();
		if (database) {
			databaseMonitor = new pg.Client({ connectionString: database.url });
			await databaseMonitor.connect();
		}
		await browse('/questionnaire');
		await post('/questionnaire?/start', {});
		await post('/questionnaire/profil', DEMO_PROFILE);
		await post('/questionnaire/question/1', { answer: /** @type {string} */ (DEMO_ANSWERS[0]) });
		const draftCookie = cookieHeader();
		if ((await browse('/questionnaire/question/2')).status !== 200)
			throw new Error('questionnaire step not reachable with the draft');

		/**
		 * [name, kind, request, expected statuses]: each runs paced (the target), then saturated.
		 * @type {Array<[string, string, Scenario, number[]]>}
		 */
		const scenarios = [
			['Accueil GET /', 'page', { path: '/', headers: { accept: 'text/html' } }, [200]],
			[
				'Questionnaire GET /questionnaire/question/2 (draft)',
				'page',
				{
					path: '/questionnaire/question/2',
					headers: { accept: 'text/html', cookie: draftCookie }
				},
				[200]
			],
			[
				'API POST /api/v1/scoring',
				'api',
				{
					path: '/api/v1/scoring',
					method: 'POST',
					headers: { 'content-type': 'application/json', accept: 'application/json' },
					body: scoringBody
				},
				[200]
			],
			[
				'API GET /api/v1/departements/69/creneaux',
				'api',
				{
					path: '/api/v1/departements/69/creneaux?mode=telephone',
					headers: { accept: 'application/json' }
				},
				[200]
			],
			[
				'Créneaux GET /rendez-vous/creneaux',
				'page',
				{
					path: '/rendez-vous/creneaux?departement=69&mode=telephone',
					headers: { accept: 'text/html' }
				},
				[200]
			]
		];

		// Warm-up: every scenario briefly at a low rate (JIT, caches, SQLite pages).
		for (const [, , request] of scenarios) await paced({ ...request, rate: 50, seconds: 1 });

		for (const [name, kind, request, expected] of PARTS.has('target') ? scenarios : []) {
			await drained();
			process.stdout.write(`${name}: ${RATE} req/s for ${SECONDS} s…\n`);
			rows.push(
				summary(
					name,
					kind,
					await measured(paced, { ...request, rate: RATE, seconds: SECONDS }),
					expected
				)
			);
		}

		// Capacity: the same requests closed-loop (autocannon, 10 connections, as fast as answered).
		for (const [name, , request, expected] of PARTS.has('capacity') ? scenarios : []) {
			await drained();
			process.stdout.write(`${name}: saturation for ${SATURATION_SECONDS} s…\n`);
			const result = await measured(run, {
				connections: 10,
				duration: SATURATION_SECONDS,
				requests: [{ method: 'GET', ...request }]
			});
			saturation.push(summary(name, 'saturation', result, expected));
		}

		if (PARTS.has('reference')) reference.push(...(await againstBareNode()));

		// Booking burst: BURST people post the same three slots at once, each with their own form token.
		if (!PARTS.has('burst')) throw new Skip();
		const slots = (await freeSlots('13', 'telephone')).slice(3, 6);
		if (slots.length < 3) throw new Error('no free slots for the booking burst');
		let n = 0;
		process.stdout.write(`Booking burst (${BURST} simultaneous posts on 3 slots)…\n`);
		const burst = await measured(run, {
			connections: BURST,
			amount: BURST,
			timeout: 60,
			requests: [
				{
					method: 'POST',
					setupRequest: (request) => {
						const slot = /** @type {string} */ (slots[n++ % slots.length]);
						const query = new URLSearchParams({ departement: '13', mode: 'telephone', slot });
						return {
							...request,
							path: `/rendez-vous/coordonnees?${query}&/book`,
							headers: {
								'content-type': 'application/x-www-form-urlencoded',
								origin: base,
								accept: 'text/html'
							},
							body: new URLSearchParams(
								bookingFields({
									departement: '13',
									slot,
									token: token(),
									nom: 'Bench',
									// One phone per post: a person may hold at most 2 upcoming rendez-vous (ADR 026).
									telephone: `06${String(n).padStart(8, '0')}`
								})
							).toString()
						};
					}
				}
			]
		});
		const burstRow = summary(`Booking burst (${BURST} posts, 3 slots)`, 'burst', burst, [303, 409]);
		rows.push(burstRow);
		if (burstRow['3xx'] !== 3) {
			console.error(`Booking burst: expected exactly 3 confirmations, got ${burstRow['3xx']}`);
			failed = true;
		}
	} catch (error) {
		if (!(error instanceof Skip)) {
			console.error(error instanceof Error ? error.message : error);
			failed = true;
		}
	} finally {
		await databaseMonitor?.end();
		databaseMonitor = undefined;
		await portal.stop();
		await database?.drop();
	}
	return {
		dialect,
		database: database?.settings ?? null,
		loadAverage: {
			start: loadAverageAtStart,
			end: loadavg().map((l) => Math.round(l * 100) / 100)
		},
		results: rows,
		saturation,
		reference,
		failed
	};
}

// --- Report ---
const pad = (/** @type {unknown} */ value, /** @type {number} */ width) =>
	String(value).padStart(width);
/** A PostgreSQL run prints the database's CPU per request too. */
const showDatabaseCpu = DIALECTS.includes('postgres');
const header = `${'scenario'.padEnd(52)} ${pad('req/s', 7)} ${pad('p50 ms', 7)} ${pad('p99 ms', 7)} ${pad('max ms', 7)} ${pad('errors', 6)} ${pad('t/o', 4)} ${pad('2xx', 6)} ${pad('3xx', 5)} ${pad('4xx', 5)} ${pad('5xx', 5)} ${pad('unexp.', 6)} ${pad('cpu ms/req', 10)} ${pad('max/core', 8)}${showDatabaseCpu ? ` ${pad('db ms/req', 9)}` : ''}`;
const line = (/** @type {ReturnType<typeof summary>} */ row) =>
	`${row.name.padEnd(52)} ${pad(row.reqPerSec, 7)} ${pad(row.p50, 7)} ${pad(row.p99, 7)} ${pad(row.max, 7)} ${pad(row.errors, 6)} ${pad(row.timeouts, 4)} ${pad(row['2xx'], 6)} ${pad(row['3xx'], 5)} ${pad(row['4xx'], 5)} ${pad(row['5xx'], 5)} ${pad(row.unexpected, 6)} ${pad(row.cpuMsPerRequest ?? '-', 10)} ${pad(row.capacityPerCore ?? '-', 8)}${showDatabaseCpu ? ` ${pad(row.databaseCpuMsPerRequest ?? '-', 9)}` : ''}`;
/** @type {Array<Awaited<ReturnType<typeof benchDialect>>>} */
const runs = [];
for (const dialect of DIALECTS) runs.push(await benchDialect(dialect));

/**
 * Prints one dialect's tables; marks the run failed on errors.
 * @param {Awaited<ReturnType<typeof benchDialect>>} run
 */
function report(run) {
	const { results: rows, saturation, reference } = run;
	if (runs.length > 1)
		console.log(
			`\n=== ${DIALECT_NAMES[run.dialect]}${run.database ? ` (${settingsLine(run.database)})` : ''}, load average ${run.loadAverage.start.join(' ')} → ${run.loadAverage.end.join(' ')}`
		);
	if (rows.length > 0) {
		console.log(`\nAt ${RATE} req/s, open loop (the targets), then the booking burst:`);
		console.log(`${header}  verdict`);
	}
	for (const row of rows) {
		const ok =
			row.requests > 0 &&
			row.errors === 0 &&
			row.timeouts === 0 &&
			row['5xx'] === 0 &&
			row.unexpected === 0 &&
			(row.kind === 'burst' || /** @type {number} */ (row.p99) <= TARGET_P99_MS);
		row.meetsTarget = ok;
		console.log(`${line(row)}  ${ok ? 'ok' : 'MISSED'}`);
		if (row.requests === 0 || row.errors > 0 || row['5xx'] > 0 || row.unexpected > 0)
			run.failed = true;
	}
	if (saturation.length > 0) {
		console.log(
			`\nCapacity: closed loop, 10 connections, as fast as the server answers (autocannon, ${SATURATION_SECONDS} s each; not a target):`
		);
		console.log(header);
	}
	for (const row of saturation) {
		console.log(line(row));
		if (row.requests === 0 || row.errors > 0 || row['5xx'] > 0 || row.unexpected > 0)
			run.failed = true;
	}
	if (reference.length > 0) {
		console.log(
			`\nInformation pages against a bare Node server answering the same bytes (closed loop, 10 connections, ${SATURATION_SECONDS} s each, side by side; target ≥ ${TARGET_BARE_RATIO * 100} %):`
		);
		console.log(
			`${'page'.padEnd(28)} ${pad('bytes', 6)} ${pad('portal req/s', 12)} ${pad('bare req/s', 10)} ${pad('ratio', 6)} ${pad('p99 ms', 7)}  verdict`
		);
		for (const row of reference) {
			const ok =
				row.ratio >= TARGET_BARE_RATIO && row.portal.errors === 0 && row.portal.unexpected === 0;
			console.log(
				`${row.path.padEnd(28)} ${pad(row.bytes, 6)} ${pad(row.portal.reqPerSec, 12)} ${pad(row.bareReqPerSec, 10)} ${pad(`${Math.round(row.ratio * 100)} %`, 6)} ${pad(row.portal.p99, 7)}  ${ok ? 'ok' : 'MISSED'}`
			);
			if (row.portal.errors > 0 || row.portal['5xx'] > 0 || row.portal.unexpected > 0)
				run.failed = true;
		}
	}
}
for (const run of runs) report(run);

// Several dialects: the figures that compare, side by side (same machine, one after the other).
if (runs.length > 1) {
	const names = runs.map((run) => DIALECT_NAMES[run.dialect]);
	/**
	 * @param {string} title
	 * @param {(run: Awaited<ReturnType<typeof benchDialect>>) => Array<{ name: string }>} rowsOf
	 * @param {Array<[string, (row: any) => unknown]>} columns
	 */
	const table = (title, rowsOf, columns) => {
		const first = runs[0];
		if (!first || rowsOf(first).length === 0) return;
		console.log(`\n${title}`);
		console.log(
			`${''.padEnd(52)} ${names.map((n) => n.padEnd(columns.length * 11 - 1)).join(' | ')}`
		);
		console.log(
			`${'scenario'.padEnd(52)} ${runs.map(() => columns.map(([label]) => pad(label, 10)).join(' ')).join(' | ')}`
		);
		for (const [index, row] of rowsOf(first).entries())
			console.log(
				`${row.name.padEnd(52)} ${runs
					.map((run) =>
						columns.map(([, value]) => pad(value(rowsOf(run)[index]) ?? '-', 10)).join(' ')
					)
					.join(' | ')}`
			);
	};
	table(`Side by side, at ${RATE} req/s open loop, then the booking burst:`, (run) => run.results, [
		['p50 ms', (row) => row?.p50],
		['p99 ms', (row) => row?.p99],
		['cpu ms/req', (row) => row?.cpuMsPerRequest],
		['db ms/req', (row) => row?.databaseCpuMsPerRequest],
		['errors', (row) => (row ? row.errors + row.timeouts + row['5xx'] : undefined)]
	]);
	table(
		`Side by side, capacity (closed loop, 10 connections, ${SATURATION_SECONDS} s each):`,
		(run) => run.saturation,
		[
			['req/s', (row) => row?.reqPerSec],
			['p99 ms', (row) => row?.p99],
			['cpu ms/req', (row) => row?.cpuMsPerRequest],
			['db ms/req', (row) => row?.databaseCpuMsPerRequest]
		]
	);
	table(
		'Side by side, information pages against bare Node (ratio of the bare rate):',
		(run) => run.reference.map((row) => ({ ...row, name: row.path })),
		[
			['portal r/s', (row) => row?.portal.reqPerSec],
			['ratio', (row) => (row ? `${Math.round(row.ratio * 100)} %` : undefined)]
		]
	);
}

const cpuModel =
	readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.+)/)?.[1] ??
	cpus()[0]?.model ??
	'unknown';
const machine = {
	cpus: cpus().length,
	cpuModel,
	node: process.version,
	platform: `${process.platform} ${process.arch}`,
	loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100)
};
console.log(
	`\nTargets: p99 ≤ ${TARGET_P99_MS} ms at ${RATE} req/s on pages and the API, zero errors; the burst: no 5xx, no socket error, exactly 3 bookings.`
);
console.log(
	'cpu ms/req: server CPU time per answered request; max/core: requests per second one Node process could serve with a whole core (1000 / cpu ms).'
);
if (showDatabaseCpu)
	console.log(
		"db ms/req (PostgreSQL): the CPU of the database's server processes per answered request, on the same cores (the Node process's is cpu ms/req)."
	);
console.log(
	`Machine: ${machine.cpus} CPU(s), ${machine.cpuModel}, Node ${machine.node}, load average ${machine.loadAverageAtEnd.join(' ')} (the load generator shares the machine).`
);
/** @param {Awaited<ReturnType<typeof benchDialect>> | undefined} run */
function withoutFailed(run) {
	if (!run) return {};
	const { failed: _failed, ...figures } = run;
	return figures;
}
mkdirSync(join(root, 'bench'), { recursive: true });
writeFileSync(
	join(root, 'bench', 'results.json'),
	JSON.stringify(
		{
			date: new Date().toISOString(),
			rate: RATE,
			secondsPerScenario: SECONDS,
			saturationSeconds: SATURATION_SECONDS,
			burst: BURST,
			targetP99Ms: TARGET_P99_MS,
			machine,
			// One dialect (the default): its figures at the top level, as before; several: one
			// entry of `runs` each, in the order they ran.
			...(runs.length === 1 ? withoutFailed(runs[0]) : { runs: runs.map(withoutFailed) })
		},
		null,
		2
	) + '\n'
);
console.log('Written: bench/results.json');
process.exit(runs.some((run) => run.failed) ? 1 : 0);
