import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { serverDatabase, type ServerDatabase } from './db';
import { E2E_DATABASE, E2E_ON_POSTGRES, LEGAL_ENV, OWN_PORTS, SQLITE_ONLY } from './env';

/**
 * security review (docs/security-review-2026-12.md) findings 3, 10, 12 and 14 through the production build (ADR 028):
 * - the rate-limit tier comes from the route SvelteKit resolved, so a percent-encoded path is
 *   counted where it is routed (an instance of its own with rate limits on: the main e2e
 *   server runs with RATE_LIMIT_DISABLED=1);
 * - the language form redirects only to a path of the portal, and answers bad ones with a 400;
 * - /healthz proves the database takes a write;
 * - the database file the server created is the owner's only.
 */

const LIMITED_PORT = OWN_PORTS.secOpsLimited;
let limitedDatabase: ServerDatabase | undefined;
let limited: ChildProcess | undefined;
const limitedUrl = `http://127.0.0.1:${LIMITED_PORT}`;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	limitedDatabase = await serverDatabase('sec-ops');
	limited = spawn(process.execPath, ['scripts/serve.js'], {
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {
			PATH: process.env.PATH ?? '',
			PORT: String(LIMITED_PORT),
			HOST: '127.0.0.1',
			ORIGIN: limitedUrl,
			...limitedDatabase.env,
			DEMO_DATA: '0',
			...LEGAL_ENV,
			NODE_ENV: 'production',
			RATE_LIMIT_DISABLED: '0',
			LOG_LEVEL: 'error'
		}
	});
	for (let i = 0; i < 100; i++) {
		try {
			if ((await fetch(`${limitedUrl}/healthz`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error('rate-limited instance did not start');
});

test.afterAll(async () => {
	if (limited && limited.exitCode === null && limited.signalCode === null) {
		const exited = new Promise((resolve) => limited!.once('exit', resolve));
		limited.kill('SIGTERM');
		await exited;
	}
	await limitedDatabase?.drop();
});

/** A same-origin form post as a browser sends it; `path` is sent as written (fetch keeps %xx). */
function post(path: string, body = 'nom=x') {
	return fetch(`${limitedUrl}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			origin: limitedUrl,
			accept: 'text/html'
		},
		body
	});
}

test('percent-encoded paths are counted in the tier of the route they reach', async () => {
	const cases: { encoded: string; plain: string; capacity: number }[] = [
		{ encoded: '/%72endez-vous/rappel', plain: '/rendez-vous/rappel', capacity: 5 },
		{
			encoded: '/espace-pro/mot-de-passe-oubli%65',
			plain: '/espace-pro/mot-de-passe-oublie',
			capacity: 3
		},
		{ encoded: '/professionnels/%6Frienter', plain: '/professionnels/orienter', capacity: 5 },
		{
			encoded: '/espace-pro/%63onnexion?/login',
			plain: '/espace-pro/connexion?/login',
			capacity: 10
		},
		{
			encoded: '/%72endez-vous/coordonnees?/book',
			plain: '/rendez-vous/coordonnees?/book',
			capacity: 10
		}
	];
	for (const { encoded, plain, capacity } of cases) {
		for (let i = 0; i < capacity; i++) {
			const response = await post(encoded);
			expect(response.status, `${encoded} #${i + 1}`).not.toBe(429);
			expect(response.status, `${encoded} #${i + 1}`).toBeLessThan(500);
			await response.arrayBuffer();
		}
		const refused = await post(encoded);
		expect(refused.status, `${encoded} after ${capacity}`).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		// The plain spelling shares the bucket.
		expect((await post(plain)).status, plain).toBe(429);
	}
});

test('the language form goes back only to a path of the portal; anything else is a localized 400', async ({
	request,
	baseURL
}) => {
	const origin = baseURL!;
	const send = (redirectTo: string, lang = 'fr', acceptLanguage = 'fr') =>
		request.post('/langue', {
			form: { lang, redirectTo },
			headers: { origin, accept: 'text/html', 'accept-language': acceptLanguage },
			maxRedirects: 0
		});

	// First, while no language cookie is set: an English visitor reads the refusal in English.
	const english = await send('/\t/evil.example', 'en', 'en');
	expect(english.status()).toBe(400);
	expect(await english.text()).toContain('This return address is not part of the portal.');

	for (const hostile of [
		'/\r\nSet-Cookie: x=1',
		'/\n/evil.example',
		'/\t/evil.example',
		'/\\evil.example',
		'//evil.example',
		'/.//evil.example',
		'https://evil.example/'
	]) {
		const response = await send(hostile);
		expect(response.status(), JSON.stringify(hostile)).toBe(400);
		expect(response.headers()['location']).toBeUndefined();
		expect(await response.text()).toContain("Cette adresse de retour n'appartient pas au portail.");
	}
	// An unknown language still says so.
	const badLanguage = await send('/', 'xx');
	expect(badLanguage.status()).toBe(400);
	expect(await badLanguage.text()).toContain("Cette langue n'est pas disponible.");
	// A path of the portal, with its query: 303 there.
	const ok = await send('/rendez-vous/creneaux?departement=69&mode=telephone');
	expect(ok.status()).toBe(303);
	expect(ok.headers()['location']).toBe('/rendez-vous/creneaux?departement=69&mode=telephone');
	expect((await send('')).headers()['location']).toBe('/');
});

test('/healthz reports that the database accepts a write', async ({ request }) => {
	const response = await request.get('/healthz');
	expect(response.status()).toBe(200);
	const body = (await response.json()) as {
		status: string;
		database: string;
		diskFreeBytes: number | null;
		migrations: number;
	};
	expect(body).toMatchObject({ status: 'ok', database: 'writable' });
	// On PostgreSQL the free space is the database server's to watch: null (ADR 050).
	if (E2E_ON_POSTGRES) expect(body.diskFreeBytes).toBeNull();
	else expect(body.diskFreeBytes).toBeGreaterThan(0);
	expect(body.migrations).toBeGreaterThan(0);
});

test(
	'the database the server created, its WAL and shared memory are readable by their owner only',
	{ tag: SQLITE_ONLY },
	() => {
		for (const file of [
			E2E_DATABASE,
			`${E2E_DATABASE}-wal`,
			`${E2E_DATABASE}-shm`,
			limitedDatabase!.url
		]) {
			expect((statSync(file).mode & 0o777).toString(8), file).toBe('600');
		}
	}
);
