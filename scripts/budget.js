#!/usr/bin/env node
// `npm run budget`: measures the JavaScript and CSS each page really loads (gzip), from the
// production build, and fails when a page is over its budget.
//
// It starts the production server (scripts/serve.js) on a throwaway database, walks the
// journey like a browser (with cookies and form posts), and for every page sums what a
// browser downloads:
// - JS: when the page hydrates (Kit's start script names its `node_ids`), Kit's client entry
//   with its static imports plus, for each node, the `imports` list Kit computed at build time
//   (.svelte-kit/output/server); a page with csr = false has no script at all;
// - CSS: the stylesheets the HTML links.
// Sizes are gzip level 9 of the files in build/client.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
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

const KB = 1024;
/**
 * Budgets in gzip bytes. Every public page ships no JS at all today (csr = false, ADR 046); a
 * questionnaire or booking page that came to need some would have at most 20 KB.
 */
const BUDGETS = {
	questionnaire: { js: 20 * KB, css: 12 * KB },
	/** Booking and orientation forms (contact details, callback, manage page). */
	forms: { js: 20 * KB, css: 12 * KB },
	information: { js: 10 * KB, css: 12 * KB }
};

const clientDir = join(root, 'build', 'client');
requireBuild();

const portal = startThrowawayServer({
	name: 'budget',
	portBase: 4300,
	stdio: ['ignore', 'ignore', 'inherit']
});
const { request, post } = cookieClient(portal.base);

const gzipCache = new Map();
/** @param {string} url @returns {number} */
function gzipSize(url) {
	if (!gzipCache.has(url)) {
		const file = join(clientDir, url.replace(/^(\.\.?\/)+/, '').replace(/^\//, ''));
		gzipCache.set(url, existsSync(file) ? gzipSync(readFileSync(file), { level: 9 }).length : 0);
	}
	return gzipCache.get(url);
}

const kitServer = join(root, '.svelte-kit', 'output', 'server');
/** @type {(source: string, name: string) => string[]} */
const listIn = (source, name) =>
	JSON.parse(source.match(new RegExp(`${name}\\s*[=:]\\s*(\\[[^\\]]*\\])`))?.[1] ?? '[]');
const entryImports = listIn(readFileSync(join(kitServer, 'manifest.js'), 'utf8'), 'imports');
const nodeImports = (/** @type {string} */ id) =>
	listIn(readFileSync(join(kitServer, 'nodes', `${id}.js`), 'utf8'), 'imports');

/** @param {string} html */
function assets(html) {
	const js = new Set();
	const css = new Set();
	const nodeIds = html.match(/node_ids:\s*\[([\d,\s]*)\]/);
	if (nodeIds) {
		for (const file of entryImports) js.add(file);
		for (const id of /** @type {string} */ (nodeIds[1])
			.split(',')
			.map((n) => n.trim())
			.filter(Boolean)) {
			for (const file of nodeImports(id)) js.add(file);
		}
	}
	for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) js.add(m[1]);
	for (const m of html.matchAll(
		/<link[^>]*href="([^"]+\.css)"[^>]*rel="stylesheet"|<link[^>]*rel="stylesheet"[^>]*href="([^"]+\.css)"/g
	))
		css.add(m[1] ?? m[2]);
	return { js: [...js], css: [...css] };
}

/** Client JS files that contain the longest message of a locale file (one per namespace and locale). */
function localeLeaks() {
	const localesDir = join(root, 'src', 'lib', 'i18n', 'locales');
	/** @typedef {string | { [key: string]: Messages }} Messages */
	/** @type {(value: Messages) => string} */
	const longest = (value) =>
		typeof value === 'string'
			? value
			: Object.values(value)
					.map(longest)
					.reduce((a, b) => (b.length > a.length ? b : a), '');
	const markers = readdirSync(localesDir).flatMap((ns) =>
		readdirSync(join(localesDir, ns)).map(
			(file) =>
				/** @type {[string, string]} */ ([
					`${ns}/${file}`,
					longest(JSON.parse(readFileSync(join(localesDir, ns, file), 'utf8')))
				])
		)
	);
	const files = readdirSync(join(clientDir, '_app'), { recursive: true }).filter((f) =>
		String(f).endsWith('.js')
	);
	const sources = files.map((f) => readFileSync(join(clientDir, '_app', String(f)), 'utf8'));
	return markers
		.filter(
			([, text]) =>
				text.length > 40 &&
				sources.some(
					(source) => source.includes(JSON.stringify(text).slice(1, -1)) || source.includes(text)
				)
		)
		.map(([name]) => name);
}

/** @type {Array<{ label: string, path: string, kind: keyof typeof BUDGETS, jsBytes: number, cssBytes: number, ok: boolean }>} */
const rows = [];
/** @param {string} label @param {string} path @param {keyof typeof BUDGETS} kind */
async function measure(label, path, kind) {
	const response = await request(path);
	if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
	const { js, css } = assets(await response.text());
	const jsBytes = js.reduce((sum, url) => sum + gzipSize(url), 0);
	const cssBytes = css.reduce((sum, url) => sum + gzipSize(url), 0);
	const budget = BUDGETS[kind];
	rows.push({
		label,
		path,
		kind,
		jsBytes,
		cssBytes,
		ok: jsBytes <= budget.js && cssBytes <= budget.css
	});
}

let failed;
try {
	await portal.ready();
	await measure('Accueil', '/', 'information');
	await measure('Dispositifs (liste)', '/dispositifs', 'information');
	await measure('Dispositif (fiche)', '/dispositifs/essai-encadre', 'information');
	await measure('Questionnaire (début)', '/questionnaire', 'questionnaire');
	await post('/questionnaire?/start', {});
	await measure('Questionnaire (situation)', '/questionnaire/profil', 'questionnaire');
	await post('/questionnaire/profil', DEMO_PROFILE);
	for (const [i, answer] of DEMO_ANSWERS.entries()) {
		await measure(
			`Questionnaire (question ${i + 1})`,
			`/questionnaire/question/${i + 1}`,
			'questionnaire'
		);
		await post(`/questionnaire/question/${i + 1}`, { answer });
	}
	await measure('Questionnaire (récapitulatif)', '/questionnaire/recapitulatif', 'questionnaire');
	await post('/questionnaire/recapitulatif', {});
	await measure('Questionnaire (résultat)', '/questionnaire/resultat', 'questionnaire');

	await measure('Rendez-vous (début)', '/rendez-vous', 'information');
	const slotsPath = '/rendez-vous/creneaux?departement=69&mode=telephone';
	await measure('Rendez-vous (créneaux)', slotsPath, 'information');
	const [slot] = slotValues(await (await request(slotsPath)).text());
	if (!slot) throw new Error('no free slot on the demo agenda');
	const contactPath = `/rendez-vous/coordonnees?${new URLSearchParams({ departement: '69', mode: 'telephone', slot })}`;
	await measure('Rendez-vous (coordonnées)', contactPath, 'forms');
	const contactHtml = await (await request(contactPath)).text();
	const manageToken = formToken(contactHtml);
	await post(
		`${contactPath}&/book`,
		bookingFields({
			departement: '69',
			slot,
			token: manageToken,
			nom: 'Budget',
			telephone: '0600000000'
		})
	);
	await measure('Rendez-vous (gérer)', `/rendez-vous/gerer/${manageToken}`, 'forms');
	await measure('Rendez-vous (rappel)', '/rendez-vous/rappel?departement=69', 'forms');
	await measure('Mentions légales', '/mentions-legales', 'information');
	await measure('Confidentialité', '/confidentialite', 'information');
	await measure('Accessibilité', '/accessibilite', 'information');
	await measure('Plan du site', '/plan-du-site', 'information');
	await measure(
		'Professionnels',
		'/professionnels?type=medecin-traitant&departement=69',
		'information'
	);
	await measure(
		'Professionnels (affiche A4)',
		'/professionnels/flyer?type=medecin-traitant',
		'information'
	);
	await measure(
		'Professionnels (note)',
		'/professionnels/note?type=medecin-traitant',
		'information'
	);
	await measure('Professionnels (orienter)', '/professionnels/orienter', 'forms');
	await measure('Professionnels (merci)', '/professionnels/orienter/merci', 'information');

	const kb = (/** @type {number} */ n) => (n / KB).toFixed(1).padStart(6);
	console.log('Page                             JS gzip KB  CSS gzip KB  budget (JS/CSS KB)  ');
	for (const r of rows) {
		const b = BUDGETS[r.kind];
		console.log(
			`${r.label.padEnd(32)} ${kb(r.jsBytes)}      ${kb(r.cssBytes)}       ${String(b.js / KB).padStart(3)} / ${b.css / KB}  ${r.ok ? 'ok' : 'OVER BUDGET'}`
		);
	}
	failed = rows.some((r) => !r.ok);
	if (failed) console.error('\nSome pages are over budget.');

	// The locale files reach the browser only as page data (ADR 022), never inside a client
	// chunk: the root layout's server-only branch must be dropped from the client build.
	const leaks = localeLeaks();
	if (leaks.length > 0) {
		console.error(`\nLocale files bundled into client JavaScript: ${leaks.join(', ')}`);
		failed = true;
	} else {
		console.log('No locale file bundled into client JavaScript.');
	}
} catch (error) {
	console.error(`budget: ${error instanceof Error ? error.message : error}`);
	failed = true;
} finally {
	await portal.stop();
}
process.exit(failed ? 1 : 0);
