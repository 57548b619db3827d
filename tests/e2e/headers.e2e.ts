import { readdirSync } from 'node:fs';
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';

/**
 * Security headers on every kind of response of the production build (docs/security.md):
 * pages (hydrated and csr=false), redirects, fail(400), 404 and error pages, API JSON,
 * /healthz, back-office pages, static files. The server runs over plain http here: no HSTS.
 */

type Csp = Map<string, string[]>;

export function parseCsp(header: string | undefined): Csp {
	expect(header, 'Content-Security-Policy header').toBeTruthy();
	const csp: Csp = new Map();
	for (const part of header!.split(';')) {
		const [name, ...sources] = part.trim().split(/\s+/);
		if (!name) continue;
		expect(csp.has(name), `duplicated directive ${name}`).toBe(false);
		csp.set(name.toLowerCase(), sources);
	}
	return csp;
}

/** The CSP of a SvelteKit page (kit.csp in svelte.config.js). */
function expectPageCsp(response: APIResponse, html?: string): void {
	const csp = parseCsp(response.headers()['content-security-policy']);
	expect(csp.get('default-src')).toEqual(["'self'"]);
	const scripts = csp.get('script-src')!;
	expect(scripts[0]).toBe("'self'");
	// Only nonces or hashes besides 'self': never unsafe-inline/eval, never another host.
	for (const source of scripts.slice(1))
		expect(source).toMatch(/^'(nonce-[A-Za-z0-9+/=_-]+|sha256-[A-Za-z0-9+/=]+)'$/);
	expect(csp.get('object-src')).toEqual(["'none'"]);
	expect(csp.get('base-uri')).toEqual(["'self'"]);
	expect(csp.get('form-action')).toEqual(["'self'"]);
	expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
	expect(csp.get('connect-src')).toEqual(["'self'"]);
	for (const [name, sources] of csp) {
		for (const source of sources) {
			expect(source, `${name} ${source}`).not.toMatch(/unsafe-inline|unsafe-eval|^https?:|^\*$/);
		}
	}
	if (html !== undefined) {
		// Every inline <script> that runs carries the nonce of the header. The one other kind is
		// the page's messages (ADR 022): an inert JSON data block, which no `<` can close early.
		const nonce = scripts.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
		const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g)];
		for (const [, attributes, body] of inline) {
			if (attributes === ' type="application/json" id="pdp-messages"') {
				expect(body).not.toContain('<');
				expect(() => JSON.parse(body!)).not.toThrow();
			} else {
				expect(attributes).toContain(`nonce="${nonce}"`);
			}
		}
	}
}

/** What every response carries, whatever its kind. */
function expectBaseline(response: APIResponse, label: string): void {
	const headers = response.headers();
	expect(headers['x-content-type-options'], label).toBe('nosniff');
	expect(headers['referrer-policy'], label).toBe('same-origin');
	expect(headers['cross-origin-opener-policy'], label).toBe('same-origin');
	expect(headers['x-frame-options'], label).toBe('DENY');
	const permissions = headers['permissions-policy'] ?? '';
	for (const feature of ['camera=()', 'microphone=()', 'geolocation=()', 'payment=()'])
		expect(permissions, label).toContain(feature);
	const csp = parseCsp(headers['content-security-policy']);
	expect(csp.get('frame-ancestors'), label).toEqual(["'none'"]);
	// Plain http: HSTS would be meaningless (and is ignored by browsers); see proxy.e2e.ts.
	expect(headers['strict-transport-security'], label).toBeUndefined();
}

/** A strict "allow nothing" CSP on responses that are not pages. */
function expectNonPageCsp(response: APIResponse, label: string): void {
	const csp = parseCsp(response.headers()['content-security-policy']);
	expect(csp.get('default-src'), label).toEqual(["'none'"]);
}

async function origin(request: APIRequestContext): Promise<string> {
	const response = await request.get('/healthz');
	return new URL(response.url()).origin;
}

test.describe('security headers on every route type', () => {
	// No public page hydrates any more (ADR 046): the staff login page does.
	test('a hydrated page (staff login) and a csr=false page (/dispositifs)', async ({ request }) => {
		const hydrated = await request.get('/espace-pro/connexion');
		expect(hydrated.status()).toBe(200);
		const html = await hydrated.text();
		expectBaseline(hydrated, 'staff login');
		expectPageCsp(hydrated, html);
		expect(html).toMatch(/<script[^>]*nonce=/);
		// The hydrating page carries its messages once, as the JSON data block (ADR 022).
		expect(html.match(/id="pdp-messages"/g)).toHaveLength(1);

		const info = await request.get('/dispositifs');
		expect(info.status()).toBe(200);
		expectBaseline(info, 'dispositifs');
		const infoHtml = await info.text();
		expectPageCsp(info, infoHtml);
		// No client JavaScript, so no messages block either.
		expect(infoHtml).not.toContain('<script');
	});

	test('a 303 after a form post, a fail(400), a 404 and an error page', async ({ request }) => {
		const base = await origin(request);
		const redirect = await request.post('/langue', {
			form: { lang: 'fr', redirectTo: '/' },
			headers: { origin: base, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(redirect.status()).toBe(303);
		expectBaseline(redirect, '303');

		const invalid = await request.post('/langue', {
			form: { lang: 'xx' },
			headers: { origin: base, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(invalid.status()).toBe(400);
		expectBaseline(invalid, 'fail(400)');
		expectPageCsp(invalid, await invalid.text());

		const missing = await request.get('/cette-page-n-existe-pas');
		expect(missing.status()).toBe(404);
		expectBaseline(missing, '404');
		expectPageCsp(missing, await missing.text());

		const error = await request.get('/rendez-vous/creneaux?departement=zz&mode=x');
		expect(error.status()).toBe(400);
		expectBaseline(error, 'error page');
		expectPageCsp(error, await error.text());
	});

	test('API JSON 200 and 4xx, and /healthz', async ({ request }) => {
		const ok = await request.get('/api/v1/questionnaire');
		expect(ok.status()).toBe(200);
		expectBaseline(ok, 'api 200');
		expectNonPageCsp(ok, 'api 200');

		const bad = await request.post('/api/v1/scoring', {
			data: Buffer.from('{not json'),
			headers: { 'content-type': 'application/json' }
		});
		expect(bad.status()).toBe(400);
		expect(bad.headers()['content-type']).toMatch(/^application\/json/);
		expectBaseline(bad, 'api 400');
		expectNonPageCsp(bad, 'api 400');

		const notFound = await request.get('/api/v1/departements/zz/creneaux');
		expect(notFound.status()).toBeGreaterThanOrEqual(400);
		expect(notFound.status()).toBeLessThan(500);
		expectBaseline(notFound, 'api 4xx');

		const health = await request.get('/healthz');
		expect(health.status()).toBe(200);
		expect(health.headers()['cache-control']).toBe('no-store');
		expectBaseline(health, 'healthz');
		expectNonPageCsp(health, 'healthz');
	});

	test('back-office pages are never stored by a cache', async ({ request }) => {
		const base = await origin(request);
		const login = await request.get('/espace-pro/connexion');
		expect(login.headers()['cache-control']).toBe('private, no-store');
		expectBaseline(login, 'connexion');
		expectPageCsp(login, await login.text());
		const signedIn = await request.post('/espace-pro/connexion?/login', {
			form: {
				email: 'responsable.974@demo.portail-pdp.invalid',
				password: 'demo-portail-pdp-2026'
			},
			headers: { origin: base, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(signedIn.status()).toBe(303);
		const inbox = await request.get('/espace-pro');
		expect(inbox.status()).toBe(200);
		expect(inbox.headers()['cache-control']).toBe('private, no-store');
		expectBaseline(inbox, 'espace-pro');
		expectPageCsp(inbox, await inbox.text());
	});

	test('pages with personal or health data are never stored; public pages are left alone', async ({
		request
	}) => {
		// One hook decides from the resolved route (src/lib/server/cache-policy.ts): an encoded
		// spelling of a private path is private too.
		for (const path of [
			'/questionnaire',
			'/questionnaire/resultat',
			'/rendez-vous/rappel',
			'/%72endez-vous/rappel',
			'/professionnels/orienter',
			'/rendez-vous/gerer/not-a-real-token'
		]) {
			const response = await request.get(path, { maxRedirects: 0 });
			expect(response.headers()['cache-control'], path).toBe('private, no-store');
		}
		for (const path of ['/', '/dispositifs']) {
			const response = await request.get(path);
			expect(response.status(), path).toBe(200);
			expect(response.headers()['cache-control'] ?? '', path).not.toContain('no-store');
		}
	});

	test('static files: an immutable script, the favicon, robots.txt', async ({ request }) => {
		const entry = readdirSync('build/client/_app/immutable/entry').find((name) =>
			name.endsWith('.js')
		);
		expect(entry).toBeTruthy();
		for (const path of [`/_app/immutable/entry/${entry}`, '/favicon.svg', '/robots.txt']) {
			const response = await request.get(path);
			expect(response.status(), path).toBe(200);
			expectBaseline(response, path);
			expectNonPageCsp(response, path);
			expect(response.headers()['cross-origin-resource-policy'], path).toBe('same-origin');
		}
	});

	test("SvelteKit's origin check refuses a cross-origin form post", async ({ request }) => {
		for (const path of [
			'/langue',
			'/rendez-vous/rappel',
			'/espace-pro/connexion?/login',
			'/questionnaire?/start'
		]) {
			const response = await request.post(path, {
				form: { lang: 'en', email: 'a@b.c', password: 'x' },
				headers: { origin: 'https://evil.example', accept: 'text/html' },
				maxRedirects: 0
			});
			expect(response.status(), path).toBe(403);
			expectBaseline(response, `403 ${path}`);
		}
		// The language did not change.
		const page = await request.get('/');
		expect(await page.text()).toContain('<html lang="fr"');
	});
});
