#!/usr/bin/env node
// `npm run lighthouse`: Lighthouse (mobile, its default simulated slow 4G and 4× CPU slowdown)
// over every public page of the production build, performance only (ADR 046,
// docs/performance.md). It builds nothing: run `npm run build` first.
//
// It starts the production server (scripts/serve.js) on a throwaway database with demo data,
// prepares through HTTP the states the pages need (a questionnaire draft answered to the end for
// its steps and result, a booking for the manage page) and hands their cookies to the browser
// (Lighthouse's extraHeaders), then runs Lighthouse page after page in Debian's Chromium
// (CHROME_PATH, default /usr/bin/chromium: never a downloaded browser). Prints a table and
// exits 1 when a page scores under 100 or blocks the main thread more than 50 ms, unless
// `--report-only`. `--only <text>` keeps the pages whose label or path contains the text;
// `--runs <n>` runs each page n times and keeps the median run (by blocking time): one run is
// enough on a quiet machine, take 3 on a busy one. A first, discarded run warms Chromium up;
// a run Lighthouse itself reports as failed (e.g. NO_NAVSTART) is tried again, twice at most.
// The reports (JSON) go to bench/lighthouse/.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import {
	DEMO_ANSWERS,
	DEMO_PROFILE,
	bookingFields,
	cookieClient,
	formToken,
	requireBuild,
	root,
	slotValues,
	startThrowawayServer
} from './lib/portal.js';

const reportOnly = process.argv.includes('--report-only');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? (process.argv[onlyAt + 1] ?? '') : '';
const runsAt = process.argv.indexOf('--runs');
/** Lighthouse runs per page; the median run (by blocking time) is kept. */
const RUNS = runsAt > 0 ? Math.max(1, Number(process.argv[runsAt + 1]) || 1) : 1;
/** The public pages' targets (ADR 046). */
const TARGET_SCORE = 100;
const TARGET_TBT_MS = 50;

requireBuild();
const portal = startThrowawayServer({
	name: 'lighthouse',
	portBase: 5140,
	portSpan: 50,
	stdio: ['ignore', 'ignore', 'inherit']
});
const { base } = portal;

/**
 * The public pages, each with the cookie it needs (none, the questionnaire draft).
 * @param {string} draftCookie
 * @param {string} manageToken
 * @param {string} contactPath
 * @param {string} evenementPath
 * @param {string} inscriptionToken
 * @returns {Array<{ label: string, path: string, cookie?: string }>}
 */
const pages = (draftCookie, manageToken, contactPath, evenementPath, inscriptionToken) => [
	{ label: 'Accueil', path: '/' },
	{ label: 'Dispositifs', path: '/dispositifs' },
	{ label: 'Dispositif (fiche)', path: '/dispositifs/essai-encadre' },
	{ label: 'Questionnaire (début)', path: '/questionnaire' },
	{ label: 'Questionnaire (situation)', path: '/questionnaire/profil', cookie: draftCookie },
	...DEMO_ANSWERS.map((_, i) => ({
		label: `Questionnaire (question ${i + 1})`,
		path: `/questionnaire/question/${i + 1}`,
		cookie: draftCookie
	})),
	{
		label: 'Questionnaire (récapitulatif)',
		path: '/questionnaire/recapitulatif',
		cookie: draftCookie
	},
	{ label: 'Questionnaire (résultat)', path: '/questionnaire/resultat', cookie: draftCookie },
	{ label: 'Rendez-vous (début)', path: '/rendez-vous?departement=69', cookie: draftCookie },
	{ label: 'Rendez-vous (créneaux)', path: '/rendez-vous/creneaux?departement=69&mode=telephone' },
	{ label: 'Rendez-vous (coordonnées)', path: contactPath },
	{ label: 'Rendez-vous (rappel)', path: '/rendez-vous/rappel?departement=69' },
	{ label: 'Rendez-vous (gérer)', path: `/rendez-vous/gerer/${manageToken}` },
	{ label: 'Mentions légales', path: '/mentions-legales' },
	{ label: 'Confidentialité', path: '/confidentialite' },
	{ label: 'Accessibilité', path: '/accessibilite' },
	{ label: 'Plan du site', path: '/plan-du-site' },
	{ label: 'Langue', path: '/langue' },
	{ label: 'Professionnels', path: '/professionnels?type=medecin-traitant&departement=69' },
	{ label: 'Professionnels (affiche)', path: '/professionnels/flyer?type=medecin-traitant' },
	{ label: 'Professionnels (note)', path: '/professionnels/note?type=medecin-traitant' },
	{ label: 'Professionnels (orienter)', path: '/professionnels/orienter' },
	{ label: 'Professionnels (merci)', path: '/professionnels/orienter/merci' },
	{ label: 'Évènements', path: '/evenements?departement=974' },
	{ label: 'Évènement (page)', path: evenementPath },
	{ label: 'Évènement (inscription)', path: `/evenements/inscription/${inscriptionToken}` },
	{ label: 'Campagne (lien du courrier)', path: '/c/ARRET9/974' }
];

/** A questionnaire answered to the end (the draft cookie), a booking (its manage token). */
async function prepare() {
	const person = cookieClient(base);
	await person.request('/questionnaire');
	await person.post('/questionnaire?/start', {});
	await person.post('/questionnaire/profil', DEMO_PROFILE);
	for (const [i, answer] of DEMO_ANSWERS.entries())
		await person.post(`/questionnaire/question/${i + 1}`, { answer });
	await person.post('/questionnaire/recapitulatif', {});

	const booker = cookieClient(base);
	const slotsPath = '/rendez-vous/creneaux?departement=69&mode=telephone';
	const [slot, otherSlot] = slotValues(await (await booker.request(slotsPath)).text());
	if (!slot || !otherSlot) throw new Error('no free slot on the demo agenda');
	const contactPath = (/** @type {string} */ s) =>
		`/rendez-vous/coordonnees?${new URLSearchParams({ departement: '69', mode: 'telephone', slot: s })}`;
	const html = await (await booker.request(contactPath(slot))).text();
	const manageToken = formToken(html);
	await booker.post(
		`${contactPath(slot)}&/book`,
		bookingFields({
			departement: '69',
			slot,
			token: manageToken,
			nom: 'Phare',
			telephone: '0600000001'
		})
	);
	// A published demo évènement of La Réunion and a registration to it (its manage page).
	const list = await (await cookieClient(base).request('/evenements?departement=974')).text();
	const evenementPath = /href="(\/evenements\/\d+)[^"]*"/.exec(list)?.[1];
	if (!evenementPath) throw new Error('no published demo évènement in 974');
	const registrant = cookieClient(base);
	const inscriptionToken = formToken(await (await registrant.request(evenementPath)).text());
	await registrant.post(`${evenementPath}?/register`, {
		name: 'Phare',
		email: 'phare.lighthouse@example.org',
		places: '1',
		participantKind: 'assure',
		consent: 'oui',
		token: inscriptionToken,
		website: ''
	});
	return {
		draftCookie: person.cookieHeader(),
		manageToken,
		contactPath: contactPath(otherSlot),
		evenementPath,
		inscriptionToken
	};
}

/**
 * Debian's Chromium, headless, with its DevTools port for Lighthouse (an ephemeral port, read
 * from what Chromium prints) and a throwaway profile; `kill()` stops it and removes the profile.
 */
async function startChromium() {
	const profile = mkdtempSync(join(tmpdir(), 'pdp-lighthouse-chromium-'));
	const child = spawn(
		process.env.CHROME_PATH ?? '/usr/bin/chromium',
		[
			'--headless=new',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--disable-background-networking',
			'--disable-component-update',
			'--no-first-run',
			'--remote-debugging-port=0',
			`--user-data-dir=${profile}`,
			'about:blank'
		],
		{ stdio: ['ignore', 'ignore', 'pipe'] }
	);
	const stop = () => {
		child.kill('SIGTERM');
		rmSync(profile, { recursive: true, force: true });
	};
	// Also when this process ends early (the portal stopped: startThrowawayServer exits).
	process.once('exit', stop);
	const port = await new Promise((resolve, reject) => {
		let seen = '';
		child.stderr.on('data', (chunk) => {
			seen += chunk;
			const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(seen);
			if (match) resolve(Number(match[1]));
		});
		child.once('exit', (code) => reject(new Error(`Chromium stopped (exit ${code})`)));
	});
	return {
		port: /** @type {number} */ (port),
		async kill() {
			if (child.exitCode === null) {
				const exited = new Promise((resolve) => child.once('exit', resolve));
				child.kill('SIGTERM');
				await exited;
			}
			rmSync(profile, { recursive: true, force: true });
		}
	};
}

// Interrupted (Ctrl-C, a timeout): Chromium (the 'exit' handler) and the server stop too.
for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM']))
	process.once(signal, () => {
		portal.server.kill('SIGTERM');
		process.exit(130);
	});

/**
 * One Lighthouse run (mobile, performance only), tried again when Lighthouse reports a failed run.
 * @param {string} path
 * @param {string} [cookie]
 */
async function audited(path, cookie) {
	for (let attempt = 1; ; attempt++) {
		const result = await lighthouse(`${base}${path}`, {
			port: chrome?.port,
			output: 'json',
			logLevel: 'error',
			onlyCategories: ['performance'],
			extraHeaders: { 'Accept-Language': 'fr-FR,fr;q=0.9', ...(cookie ? { Cookie: cookie } : {}) }
		});
		if (!result) throw new Error(`Lighthouse gave no result for ${path}`);
		if (!result.lhr.runtimeError) return result;
		if (attempt === 3) throw new Error(`${path}: ${result.lhr.runtimeError.message}`);
	}
}
/** @param {number | undefined} ms */
const ms = (ms) => (ms === undefined ? '-' : String(Math.round(ms)));
/** @type {Array<{ label: string, path: string, score: number, fcp?: number, lcp?: number, tbt?: number, cls?: number, si?: number, scriptKb: number, ok: boolean }>} */
const rows = [];
let failed = false;
/** @type {Awaited<ReturnType<typeof startChromium>> | null} */
let chrome = null;
const loadBefore = loadavg();
try {
	await portal.ready();
	const { draftCookie, manageToken, contactPath, evenementPath, inscriptionToken } =
		await prepare();
	chrome = await startChromium();
	await audited('/'); // warms Chromium and the server up; not counted
	const reports = join(root, 'bench', 'lighthouse');
	mkdirSync(reports, { recursive: true });
	for (const page of pages(
		draftCookie,
		manageToken,
		contactPath,
		evenementPath,
		inscriptionToken
	)) {
		if (only && !page.label.includes(only) && !page.path.includes(only)) continue;
		/** @type {Array<NonNullable<Awaited<ReturnType<typeof lighthouse>>>>} */
		const results = [];
		for (let run = 0; run < RUNS; run++) results.push(await audited(page.path, page.cookie));
		const tbtOf = (/** @type {(typeof results)[number]} */ r) =>
			r.lhr.audits['total-blocking-time']?.numericValue ?? 0;
		results.sort((a, b) => tbtOf(a) - tbtOf(b));
		const result = /** @type {(typeof results)[number]} */ (
			results[Math.floor(results.length / 2)]
		);
		const { lhr } = result;
		const audit = (/** @type {string} */ id) => lhr.audits[id]?.numericValue;
		const score = Math.round((lhr.categories['performance']?.score ?? 0) * 100);
		const tbt = audit('total-blocking-time');
		const scripts = /** @type {any} */ (lhr.audits['resource-summary']?.details)?.items?.find(
			(/** @type {{ resourceType: string }} */ item) => item.resourceType === 'script'
		);
		const ok = score >= TARGET_SCORE && (tbt ?? 0) <= TARGET_TBT_MS;
		if (!ok) failed = true;
		rows.push({
			label: page.label,
			path: page.path.replace(manageToken, '<jeton>').replace(inscriptionToken, '<jeton>'),
			score,
			fcp: audit('first-contentful-paint'),
			lcp: audit('largest-contentful-paint'),
			tbt,
			cls: audit('cumulative-layout-shift'),
			si: audit('speed-index'),
			scriptKb: Math.round(((scripts?.transferSize ?? 0) / 1024) * 10) / 10,
			ok
		});
		const name = page.label
			.normalize('NFD')
			.replace(/[^A-Za-z0-9]+/g, '-')
			.toLowerCase();
		writeFileSync(join(reports, `${name}.json`), String(result.report));
		process.stdout.write(`${page.label}: ${score}\n`);
	}
} catch (error) {
	console.error(`lighthouse: ${error instanceof Error ? error.message : error}`);
	failed = true;
} finally {
	await chrome?.kill();
	await portal.stop();
}

const pad = (/** @type {unknown} */ value, /** @type {number} */ width) =>
	String(value).padStart(width);
console.log(
	`\n${'page'.padEnd(32)} ${pad('score', 5)} ${pad('FCP ms', 7)} ${pad('LCP ms', 7)} ${pad('TBT ms', 7)} ${pad('CLS', 5)} ${pad('SI ms', 6)} ${pad('JS KB', 6)}  verdict`
);
for (const row of rows)
	console.log(
		`${row.label.padEnd(32)} ${pad(row.score, 5)} ${pad(ms(row.fcp), 7)} ${pad(ms(row.lcp), 7)} ${pad(ms(row.tbt), 7)} ${pad(row.cls === undefined ? '-' : row.cls.toFixed(2), 5)} ${pad(ms(row.si), 6)} ${pad(row.scriptKb, 6)}  ${row.ok ? 'ok' : 'MISSED'}`
	);
const round = (/** @type {number[]} */ l) => l.map((x) => x.toFixed(2)).join(' ');
console.log(
	`\nTargets: score ${TARGET_SCORE}, total blocking time ≤ ${TARGET_TBT_MS} ms (Lighthouse mobile, simulated slow 4G). ` +
		`${cpus().length} CPU(s), Node ${process.version}; load average before ${round(loadBefore)}, after ${round(loadavg())}: ` +
		'on a busy machine the blocking time and the score are worse than on a quiet one.'
);
writeFileSync(
	join(root, 'bench', 'lighthouse.json'),
	JSON.stringify(
		{ date: new Date().toISOString(), loadBefore, loadAfter: loadavg(), rows },
		null,
		2
	) + '\n'
);
process.exit(failed && !reportOnly ? 1 : 0);
