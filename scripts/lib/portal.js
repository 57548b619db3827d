// Shared by the scripts that run the production build: `npm start`, `npm run budget` and
// `npm run bench`. Plain Node (no TypeScript, no dependency): they run before or without a build.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname;

/** @param {string} path @returns {number} */
function newest(path) {
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return readdirSync(path).reduce(
		(max, name) => Math.max(max, newest(join(path, name))),
		stat.mtimeMs
	);
}

/** Builds (`npm run build`) when the build is missing or older than the sources; exits on failure. */
export function buildIfStale(message = 'Building the portal…') {
	const built = join(root, 'build', 'handler.js');
	const sources = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'].map(
		(p) => join(root, p)
	);
	if (
		existsSync(built) &&
		!sources.some((p) => existsSync(p) && newest(p) > statSync(built).mtimeMs)
	)
		return;
	console.log(message);
	const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Exits with a message when there is no build (scripts that build nothing: budget, lighthouse). */
export function requireBuild() {
	if (existsSync(join(root, 'build', 'handler.js'))) return;
	console.error('No build found: run `npm run build` first.');
	process.exit(1);
}

/** The situation and the six answers the scripts walk the questionnaire with (demo person). */
export const DEMO_PROFILE = {
	statut: 'salarie_cdi',
	arret: 'maladie',
	departement: '69',
	rqth: 'non',
	source: 'moi_meme'
};
export const DEMO_ANSWERS = ['1_3_mois', '5', 'avec_amenagements', 'correctes', 'un_peu', '6'];

/**
 * The production server (scripts/serve.js) on 127.0.0.1, a random port of the `portSpan` from
 * `portBase` (400 unless told), and a
 * fresh database with demo data in a temporary folder; rate limits off. `stop()` ends it with
 * SIGTERM and removes the folder. An unexpected exit ends this process with status 1.
 * `database`: serve this existing database instead (the scale bench's, or a PostgreSQL URL; it is
 * kept). On PostgreSQL the link and login-throttle keys are files of the temporary folder too.
 * @param {{ name: string, portBase: number, portSpan?: number, stdio?: import('node:child_process').StdioOptions, database?: string }} options
 */
export function startThrowawayServer({
	name,
	portBase,
	portSpan = 400,
	stdio = ['ignore', 'inherit', 'inherit'],
	database
}) {
	const port = portBase + Math.floor(Math.random() * portSpan);
	const base = `http://127.0.0.1:${port}`;
	const dir = mkdtempSync(join(tmpdir(), `pdp-${name}-`));
	const server = spawn(process.execPath, ['scripts/serve.js'], {
		cwd: root,
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: base,
			DATABASE_URL: database ?? join(dir, `${name}.db`),
			DEMO_DATA: '1',
			NODE_ENV: 'production',
			RATE_LIMIT_DISABLED: '1',
			LOG_LEVEL: 'warn',
			...(database && /^postgres(ql)?:\/\//i.test(database)
				? {
						LINK_KEY_FILE: join(dir, 'link.key'),
						THROTTLE_KEY_FILE: join(dir, 'login-throttle.key')
					}
				: {})
		},
		stdio
	});
	let stopping = false;
	server.on('exit', (code) => {
		if (!stopping) {
			console.error(`The server stopped (exit ${code}).`);
			process.exit(1);
		}
	});
	return {
		base,
		server,
		/** Resolves once `/healthz` answers 200 (30 s at most). */
		async ready() {
			for (let i = 0; i < 300; i++) {
				try {
					if ((await fetch(`${base}/healthz`)).ok) return;
				} catch {
					/* not up yet */
				}
				await new Promise((r) => setTimeout(r, 100));
			}
			throw new Error('the server did not start');
		},
		async stop() {
			stopping = true;
			server.kill('SIGTERM');
			await /** @type {Promise<void>} */ (
				new Promise((resolve) =>
					server.exitCode !== null ? resolve() : server.once('exit', resolve)
				)
			);
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * A client that keeps cookies like a browser, for walking the questionnaire and booking forms.
 * @param {string} base
 */
export function cookieClient(base) {
	const cookies = new Map();
	const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	/**
	 * @param {string} path
	 * @param {{ method?: string, body?: URLSearchParams, headers?: Record<string, string> }} [init]
	 */
	async function request(path, init = {}) {
		const headers = { accept: 'text/html', cookie: cookieHeader(), ...init.headers };
		const response = await fetch(base + path, { ...init, headers, redirect: 'manual' });
		for (const line of response.headers.getSetCookie()) {
			const [pair] = /** @type {[string]} */ (line.split(';'));
			const [name, value] = /** @type {[string, string]} */ (pair.split('='));
			cookies.set(name.trim(), value.trim());
		}
		return response;
	}
	/**
	 * A form post that must answer 303 (a form action's success).
	 * @param {string} path
	 * @param {Record<string, string>} fields
	 */
	async function post(path, fields) {
		const response = await request(path, {
			method: 'POST',
			body: new URLSearchParams(fields),
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base }
		});
		if (response.status !== 303) throw new Error(`POST ${path} answered ${response.status}`);
	}
	return { request, post, cookieHeader };
}

/**
 * The form token of a rendered booking contact form (it becomes the manage link's token).
 * @param {string} html
 * @returns {string}
 */
export function formToken(html) {
	const match =
		/name="token"[^>]*value="([a-z2-7]{32})"|value="([a-z2-7]{32})"[^>]*name="token"/.exec(html);
	if (!match) throw new Error('no token in the contact form');
	return /** @type {string} */ (match[1] ?? match[2]);
}

/**
 * The fields of a booking post by telephone for a fictitious person (no e-mail, no NIR).
 * @param {{ departement: string, slot: string, token: string, nom: string, telephone: string }} booking
 */
export function bookingFields({ departement, slot, token, nom, telephone }) {
	return {
		departement,
		nom,
		prenom: 'Mesure',
		email: '',
		telephone,
		nir: '',
		message: '',
		shareResult: 'non',
		website: '',
		mode: 'telephone',
		slot,
		token
	};
}

/**
 * The `slot` radio values of a rendered slot list.
 * @param {string} html
 * @returns {string[]}
 */
export function slotValues(html) {
	return [...html.matchAll(/name="slot"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="slot"/g)].map(
		(m) => /** @type {string} */ (m[1] ?? m[2]).replaceAll('&#124;', '|')
	);
}
