// `npm run bench:scale -- <scale.db>`: the back office at scale (docs/performance.md, ADR 040).
//
// On a database written by `npm run db:seed:scale` (100 000 demandes over 24 months), signs in
// the demo agent of the 69 and 01 (a session written through the portal's own session module,
// as the e2e suite does), starts the production server (scripts/serve.js) on that database,
// then for each scenario — the inbox, a filtered list, the prioritaire filter, "Mes demandes",
// a search by reference, by name and by phone, a demande's page, the statistics page — sends
// BENCH_WARMUP requests, then BENCH_REQUESTS requests one after the other (a single user) and
// reports p50, p95 and max of the whole response. Fails (exit 1) if a p95 is over the target
// (BENCH_TARGET_P95_MS, default 100) or a response is not a 200. Writes bench/scale-results.json.
// Not part of `npm test`: it needs the scale database (about a minute to write).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import {
	createSession,
	generateSessionToken,
	SESSION_COOKIE
} from '../src/lib/server/auth/session';
import { sqliteOf, openDatabase } from '../src/lib/server/db/index';
import { demandes, staffUsers } from '../src/lib/server/db/schema';
import { buildIfStale, root, startThrowawayServer } from './lib/portal.js';

const file = process.argv[2];
if (!file || !existsSync(file)) {
	console.error(
		'Usage: npm run bench:scale -- <scale.db>  (write it first: npm run db:seed:scale -- <scale.db>)'
	);
	process.exit(2);
}
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const TARGET_P95_MS = Number(process.env.BENCH_TARGET_P95_MS ?? 100);
const AGENT = 'agent.69@demo.portail-pdp.invalid';

buildIfStale();

// --- The session and the samples the searches look for, from the database itself ---
const db = openDatabase(file, './drizzle');
const [agent] = await db.select().from(staffUsers).where(eq(staffUsers.email, AGENT));
if (!agent) throw new Error(`no ${AGENT} in ${file}: write it with npm run db:seed:scale`);
const token = generateSessionToken();
await createSession(db, token, agent.id, { twoFactorVerified: true });
const sample = sqliteOf(db)
	.prepare(
		`select reference, nom, telephone from demandes
		 where departement_code = '69' and kind = 'rendez_vous' and telephone is not null
		 order by id limit 1 offset 1000`
	)
	.get() as { reference: string; nom: string; telephone: string };
const demandeCount = sqliteOf(db).prepare('select count(*) as n from demandes').get() as {
	n: number;
};
await db.select({ id: demandes.id }).from(demandes).limit(1);
sqliteOf(db).close();

const phone = sample.telephone.replace(/(\d{2})(?=\d)/g, '$1 ');
const scenarios: [string, string][] = [
	['inbox', '/espace-pro'],
	['inbox, page 5', '/espace-pro?page=5'],
	['filtered: en cours', '/espace-pro?status=en_cours'],
	['filtered: prioritaires', '/espace-pro?priority=1'],
	['Mes demandes', '/espace-pro?assigned=moi'],
	['search: reference', `/espace-pro?q=${encodeURIComponent(sample.reference.toLowerCase())}`],
	['search: name', `/espace-pro?q=${encodeURIComponent(sample.nom)}`],
	['search: phone', `/espace-pro?q=${encodeURIComponent(phone)}`],
	['demande page', `/espace-pro/demandes/${sample.reference}`],
	['statistics', '/espace-pro/statistiques']
];

// --- The production server on the scale database (demo mode for the fictitious legal
// mentions: the demo seed does nothing on a filled database) ---
const portal = startThrowawayServer({ name: 'bench-scale', portBase: 4700, database: file });
const { base } = portal;

async function get(path: string): Promise<number> {
	const started = performance.now();
	const response = await fetch(`${base}${path}`, {
		headers: { cookie: `${SESSION_COOKIE}=${token}` },
		redirect: 'manual'
	});
	await response.arrayBuffer();
	if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
	return performance.now() - started;
}

const quantile = (sorted: number[], q: number) =>
	sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

const results: { scenario: string; path: string; p50: number; p95: number; max: number }[] = [];
let failed = false;
try {
	await portal.ready();
	for (const [scenario, path] of scenarios) {
		for (let i = 0; i < WARMUP; i++) await get(path);
		const times: number[] = [];
		for (let i = 0; i < REQUESTS; i++) times.push(await get(path));
		times.sort((a, b) => a - b);
		const row = {
			scenario,
			path: scenario.startsWith('search') ? '(search term not shown)' : path,
			p50: Math.round(quantile(times, 0.5) * 10) / 10,
			p95: Math.round(quantile(times, 0.95) * 10) / 10,
			max: Math.round(times[times.length - 1]! * 10) / 10
		};
		results.push(row);
		if (row.p95 > TARGET_P95_MS) failed = true;
		console.log(
			`${scenario.padEnd(24)} p50 ${String(row.p50).padStart(6)} ms   p95 ${String(row.p95).padStart(6)} ms   max ${String(row.max).padStart(6)} ms${row.p95 > TARGET_P95_MS ? '   OVER TARGET' : ''}`
		);
	}
} catch (error) {
	console.error(error);
	failed = true;
} finally {
	await portal.stop();
}

const report = {
	date: new Date().toISOString(),
	demandes: demandeCount.n,
	cpus: cpus().length,
	loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
	warmup: WARMUP,
	requests: REQUESTS,
	targetP95Ms: TARGET_P95_MS,
	results
};
mkdirSync(join(root, 'bench'), { recursive: true });
writeFileSync(join(root, 'bench', 'scale-results.json'), `${JSON.stringify(report, null, '\t')}\n`);
console.log(
	`${demandeCount.n} demandes, ${cpus().length} CPUs, load average ${report.loadavg.join(' ')}; bench/scale-results.json written.`
);
process.exit(failed ? 1 : 0);
