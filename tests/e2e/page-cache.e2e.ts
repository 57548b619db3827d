import { expect, test } from '@playwright/test';
import { bookDemande } from './builders';

/**
 * The information-page cache of scripts/serve.js (ADR 046) on the production build: a page the
 * same for everyone is answered from memory (`x-cache: hit`) in the language the request asks
 * for, with the Vary that says so, and a 304 when its ETag matches; a personal page never is.
 */

const VARY = 'Accept-Encoding, Accept-Language, Cookie';

test('an information page is answered from the cache, per language, with Vary and ETag', async ({
	request
}) => {
	for (const [language, lang] of [
		['fr-FR,fr;q=0.9', 'fr'],
		['en-GB,en;q=0.9', 'en']
	] as const) {
		const headers = { 'accept-language': language, accept: 'text/html' };
		const first = await request.get('/mentions-legales', { headers });
		expect(first.status()).toBe(200);
		expect(first.headers()['vary']).toBe(VARY);
		const second = await request.get('/mentions-legales', { headers });
		expect(second.headers()['x-cache']).toBe('hit');
		expect(second.headers()['vary']).toBe(VARY);
		expect(second.headers()['content-security-policy']).toContain("default-src 'self'");
		expect(second.headers()['x-content-type-options']).toBe('nosniff');
		expect(second.headers()['x-request-id']).not.toBe(first.headers()['x-request-id']);
		const html = await second.text();
		expect(html).toContain(`<html lang="${lang}"`);
		expect(html).toBe(await first.text());
		const etag = second.headers()['etag']!;
		expect(etag).toMatch(/^W\/"/);
		const again = await request.get('/mentions-legales', {
			headers: { ...headers, 'if-none-match': etag }
		});
		expect(again.status()).toBe(304);
	}
	// The language cookie wins over the header, as everywhere else.
	const byCookie = await request.get('/mentions-legales', {
		headers: { 'accept-language': 'fr', cookie: 'pdp_lang=en' }
	});
	expect(await byCookie.text()).toContain('<html lang="en"');
});

test('a personal page is never answered from the cache', async ({ request }) => {
	const { token } = await bookDemande({
		departement: '86',
		mode: 'telephone',
		slot: 5,
		nom: 'Cache'
	});
	for (const path of ['/questionnaire', `/rendez-vous/gerer/${token}`, '/rendez-vous']) {
		for (let i = 0; i < 2; i++) {
			const response = await request.get(path, { headers: { accept: 'text/html' } });
			expect(response.status(), path).toBe(200);
			expect(response.headers()['x-cache'], path).toBeUndefined();
		}
	}
	// An information page asked with another cookie (a questionnaire draft, a session) is
	// rendered for that request, not taken from the cache.
	await request.get('/plan-du-site');
	const withCookie = await request.get('/plan-du-site', {
		headers: { cookie: 'pdp_session=x' }
	});
	expect(withCookie.headers()['x-cache']).toBeUndefined();
});
