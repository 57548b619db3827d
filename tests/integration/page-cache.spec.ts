import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compressResponse } from '../../scripts/lib/compress.js';
import {
	CACHEABLE_PATHS,
	LOCALES,
	LOCALE_COOKIE as CACHE_LOCALE_COOKIE,
	createPageCache,
	negotiateLocale as cacheNegotiate,
	requestLocale
} from '../../scripts/lib/page-cache.js';
import { LOCALE_COOKIE, locales, negotiateLocale } from '$lib/i18n/config';
import { isPrivateRoute } from '$lib/server/cache-policy';

/**
 * scripts/lib/page-cache.js (ADR 046) on a plain node:http server, installed as scripts/serve.js
 * installs it (cache first, then compression, then capture, then the handler). The handler plays
 * SvelteKit: it renders a page in the language negotiated like src/hooks.server.ts and counts
 * what it rendered, so that a test sees whether an answer came from the cache.
 */

let rendered = 0;
const kitLocale = (cookie: string | undefined, acceptLanguage: string | undefined) => {
	const fromCookie = /(?:^|;\s*)pdp_lang=([^;]*)/.exec(cookie ?? '')?.[1];
	const decoded = fromCookie === undefined ? undefined : decodeURIComponent(fromCookie);
	return decoded === 'fr' || decoded === 'en' ? decoded : negotiateLocale(acceptLanguage);
};
const page = (lang: string, path: string) =>
	`<!doctype html>\n<html lang="${lang}">\n<head><title>${path}</title></head><body>` +
	`<p>${lang === 'en' ? 'Return to work' : 'Retour au travail'}</p>`.repeat(200) +
	'</body></html>';

const routes: Record<string, (response: ServerResponse, lang: string, path: string) => void> = {
	'/': (response, lang, path) => {
		response.writeHead(200, { 'content-type': 'text/html', etag: `"home-${lang}"` });
		response.end(page(lang, path));
	},
	// Streamed in pieces, as SvelteKit may write a page.
	'/dispositifs': (response, lang, path) => {
		response.setHeader('content-type', 'text/html');
		const html = page(lang, path);
		response.write(html.slice(0, 100));
		response.end(html.slice(100));
	},
	'/professionnels': (response, lang, path) => {
		response.writeHead(200, { 'content-type': 'text/html' });
		response.end(page(lang, path));
	},
	// A page that sets a cookie (an entry link remembered) is never kept.
	'/plan-du-site': (response, lang, path) => {
		response.writeHead(200, { 'content-type': 'text/html', 'set-cookie': 'pdp_source=x' });
		response.end(page(lang, path));
	},
	// Allowed by path, but answered no-store: never kept.
	'/accessibilite': (response, lang, path) => {
		response.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'private, no-store' });
		response.end(page(lang, path));
	},
	// An error is never kept.
	'/mentions-legales': (response, lang, path) => {
		response.writeHead(500, { 'content-type': 'text/html' });
		response.end(page(lang, path));
	},
	// Not on the list: a personal page.
	'/questionnaire/resultat': (response, lang, path) => {
		response.writeHead(200, { 'content-type': 'text/html' });
		response.end(page(lang, path));
	}
};

const cache = createPageCache({ version: 'build-1' });
let server: Server;
let port = 0;

beforeAll(async () => {
	server = createServer((req, res) => {
		if (cache.serve(req, res)) return;
		compressResponse(req, res);
		cache.capture(req, res);
		rendered++;
		const path = (req.url ?? '/').split('?')[0]!;
		const lang = kitLocale(req.headers.cookie, req.headers['accept-language']);
		routes[path]!(res, lang, path);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
	rendered = 0;
});

type Answer = {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
};
function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
	return new Promise<Answer>((resolve, reject) => {
		const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const body = Buffer.concat(chunks);
				const encoding = res.headers['content-encoding'];
				const text =
					encoding === 'br'
						? brotliDecompressSync(body).toString()
						: encoding === 'gzip'
							? gunzipSync(body).toString()
							: body.toString();
				resolve({ status: res.statusCode!, headers: res.headers, text });
			});
		});
		req.on('error', reject);
		req.end();
	});
}

describe('the information-page cache', () => {
	it('answers a page the second time without rendering it, with the same bytes', async () => {
		const first = await get('/?x=1', { 'accept-encoding': 'br' });
		const second = await get('/?x=1', { 'accept-encoding': 'br' });
		expect(rendered).toBe(1);
		expect(second.status).toBe(200);
		expect(second.text).toBe(first.text);
		expect(second.headers['content-encoding']).toBe('br');
		expect((await get('/?x=1', { 'accept-encoding': 'gzip' })).headers['content-encoding']).toBe(
			'gzip'
		);
		const plain = await get('/?x=1');
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.text).toBe(first.text);
		expect(rendered).toBe(1);
	});

	it('keeps one page per language, from the cookie or Accept-Language', async () => {
		const fr = await get('/dispositifs', { 'accept-language': 'fr-FR,fr;q=0.9' });
		const en = await get('/dispositifs', { 'accept-language': 'en-GB,en;q=0.8' });
		expect(fr.text).toContain('<html lang="fr">');
		expect(en.text).toContain('<html lang="en">');
		expect(rendered).toBe(2);
		// The cookie wins over the header, as in the hooks.
		const byCookie = await get('/dispositifs', {
			cookie: `${LOCALE_COOKIE}=en`,
			'accept-language': 'fr'
		});
		expect(byCookie.text).toContain('<html lang="en">');
		expect((await get('/dispositifs', { 'accept-language': 'de, en;q=0.5' })).text).toContain(
			'<html lang="en">'
		);
		expect((await get('/dispositifs')).text).toContain('<html lang="fr">');
		expect(rendered).toBe(2);
	});

	it('says what the page varies on, on a miss and on a hit', async () => {
		const miss = await get('/professionnels?type=medecin-traitant');
		const hit = await get('/professionnels?type=medecin-traitant');
		expect(rendered).toBe(1);
		for (const answer of [miss, hit])
			expect(answer.headers['vary']).toBe('Accept-Encoding, Accept-Language, Cookie');
	});

	it('answers 304 when the ETag matches, in either form', async () => {
		const page = await get('/', { 'accept-language': 'en' });
		const hit = await get('/', { 'accept-language': 'en' });
		const etag = String(hit.headers['etag']);
		expect(etag).toBe('W/"home-en"');
		expect(page.text).toContain('lang="en"');
		for (const tag of [etag, '"home-en"', `"other", ${etag}`]) {
			const again = await get('/', { 'accept-language': 'en', 'if-none-match': tag });
			expect(again.status).toBe(304);
			expect(again.text).toBe('');
		}
		// The French page's ETag is not the English one's.
		expect((await get('/', { 'if-none-match': etag })).status).toBe(200);
	});

	it('stays out of requests with any other cookie, or a language cookie it does not know', async () => {
		await get('/?c=1');
		expect(rendered).toBe(1);
		for (const cookie of [
			'pdp_session=abc',
			`${LOCALE_COOKIE}=en; pdp_draft=abc`,
			`${LOCALE_COOKIE}=%65n`,
			`${LOCALE_COOKIE}="en"`,
			`${LOCALE_COOKIE}=de`
		]) {
			const answer = await get('/?c=1', { cookie });
			expect(answer.status, cookie).toBe(200);
		}
		expect(rendered).toBe(6);
		// An encoded cookie the server decodes never lands under another language's key.
		expect((await get('/?c=1', { cookie: `${LOCALE_COOKIE}=%65n` })).text).toContain('lang="en"');
		expect((await get('/?c=1')).text).toContain('lang="fr"');
	});

	it('never keeps a personal page, a page that sets a cookie, a no-store page or an error', async () => {
		for (const path of [
			'/questionnaire/resultat',
			'/plan-du-site',
			'/accessibilite',
			'/mentions-legales'
		]) {
			await get(path);
			await get(path);
		}
		expect(rendered).toBe(8);
	});

	it('answers HEAD from the cache without a body, and leaves other methods to the server', async () => {
		await get('/?h=1');
		const head = await get('/?h=1', {}, 'HEAD');
		expect(head.status).toBe(200);
		expect(head.text).toBe('');
		expect(rendered).toBe(1);
		expect(cache.keyOf({ method: 'POST', url: '/', headers: {} } as never)).toBeNull();
	});

	it('starts empty for another build: the version is in the key', () => {
		const request = { method: 'GET', url: '/', headers: {} } as never;
		expect(cache.keyOf(request)).not.toBe(createPageCache({ version: 'build-2' }).keyOf(request));
	});

	it('is bounded: the least recently used page goes first', async () => {
		const small = createPageCache({ version: 'v', maxEntries: 2 });
		const local = createServer((req, res) => {
			if (small.serve(req, res)) return;
			small.capture(req, res);
			rendered++;
			res.writeHead(200, { 'content-type': 'text/html' });
			res.end(page('fr', req.url ?? ''));
		});
		await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
		const localPort = (local.address() as AddressInfo).port;
		const hit = (path: string) =>
			new Promise<void>((resolve) =>
				request({ host: '127.0.0.1', port: localPort, path }, (res) => {
					res.resume();
					res.on('end', resolve);
				}).end()
			);
		for (const path of ['/?a', '/?b', '/?a', '/?c', '/?a', '/?b']) await hit(path);
		// a, b, c rendered; a kept as recently used; b had been dropped for c.
		expect(rendered).toBe(4);
		expect(small.stats().entries).toBe(2);
		await new Promise<void>((resolve) => local.close(() => resolve()));
	});
});

describe('what the cache may hold', () => {
	it('no page of a private route', () => {
		const samples = [
			'/',
			'/dispositifs',
			'/dispositifs/essai-encadre',
			'/mentions-legales',
			'/confidentialite',
			'/accessibilite',
			'/plan-du-site',
			'/langue',
			'/professionnels',
			'/professionnels/flyer',
			'/professionnels/note'
		];
		for (const path of samples) {
			expect(
				CACHEABLE_PATHS.some((p) => p.test(path)),
				path
			).toBe(true);
			expect(
				isPrivateRoute(
					path === '/dispositifs/essai-encadre' ? '/dispositifs/[id=dispositif]' : path
				)
			).toBe(false);
		}
		for (const path of [
			'/questionnaire',
			'/questionnaire/resultat',
			'/rendez-vous',
			'/rendez-vous/gerer/abc',
			'/professionnels/orienter',
			'/espace-pro',
			'/api/v1/questionnaire',
			'/dispositifs/__data.json',
			'/%72endez-vous',
			'/dispositifs/'
		])
			expect(
				CACHEABLE_PATHS.some((p) => p.test(path)),
				path
			).toBe(false);
	});

	it('chooses the language exactly as the server does', () => {
		expect(CACHE_LOCALE_COOKIE).toBe(LOCALE_COOKIE);
		expect([...LOCALES]).toEqual([...locales]);
		const tag = fc.constantFrom('fr', 'en', 'fr-FR', 'en-GB', 'de', 'EN', '*', '', 'es-419');
		const part = fc
			.tuple(tag, fc.option(fc.constantFrom('q=0', 'q=0.5', 'q=1', 'q=abc', 'q=0.9 ')))
			.map(([t, q]) => (q === null ? t : `${t};${q}`));
		fc.assert(
			fc.property(
				fc.oneof(
					fc.array(part, { maxLength: 25 }).map((parts) => parts.join(', ')),
					fc.string()
				),
				(header) => {
					expect(cacheNegotiate(header)).toBe(negotiateLocale(header));
					expect(requestLocale(undefined, header)).toBe(negotiateLocale(header));
				}
			)
		);
	});
});
