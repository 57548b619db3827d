import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { serverDatabase } from './db';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { E2E_LEGAL_DPO, E2E_LEGAL_PUBLISHER, E2E_PORT, OWN_PORTS } from './env';

/**
 * Issue #13 §3 and §4 (ADR 036), over HTTP against the production server (scripts/serve.js):
 * - HTML and JSON responses are compressed (brotli or gzip per Accept-Encoding, Vary), never a
 *   redirect, a HEAD or a small body; the precompressed static files still are served as such;
 * - the legal pages show the configured organisme (LEGAL_*), the demo values for the rest, never
 *   a placeholder; a production start without them stops, naming them.
 */

interface Raw {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

/** A request whose body comes back as sent (fetch would decode it). */
function raw(
	path: string,
	headers: Record<string, string> = {},
	method = 'GET',
	body?: string
): Promise<Raw> {
	return new Promise((resolve, reject) => {
		const req = httpRequest({ host: '127.0.0.1', port: E2E_PORT, path, method, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () =>
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
			);
		});
		req.on('error', reject);
		req.end(body);
	});
}

function decoded(response: Raw): string {
	const encoding = response.headers['content-encoding'];
	if (encoding === 'br') return brotliDecompressSync(response.body).toString('utf8');
	if (encoding === 'gzip') return gunzipSync(response.body).toString('utf8');
	return response.body.toString('utf8');
}

test.describe('compression', () => {
	test('HTML pages are brotli or gzip as asked, with Vary: Accept-Encoding', async () => {
		const plain = await raw('/mentions-legales');
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.headers['vary']).toMatch(/Accept-Encoding/i);

		for (const [accept, expected] of [
			['gzip, deflate, br', 'br'],
			['br;q=0.5, gzip', 'gzip'],
			['gzip', 'gzip'],
			['identity', undefined]
		] as const) {
			const response = await raw('/mentions-legales', { 'accept-encoding': accept });
			expect(response.status).toBe(200);
			expect(response.headers['content-encoding'], accept).toBe(expected);
			expect(response.headers['vary']).toMatch(/Accept-Encoding/i);
			// A streamed page has no length; one from the page cache (ADR 046) has its own.
			const length = response.headers['content-length'];
			if (length !== undefined) expect(Number(length)).toBe(response.body.length);
			const html = decoded(response);
			expect(html).toMatch(/^<!doctype html>/i);
			expect(html).toBe(decoded(plain));
			if (expected) expect(response.body.length).toBeLessThan(plain.body.length / 2);
		}
	});

	test('personal pages stay private, no-store when compressed; JSON is compressed too', async () => {
		const callback = await raw('/rendez-vous/rappel', { 'accept-encoding': 'br' });
		expect(callback.headers['content-encoding']).toBe('br');
		expect(callback.headers['cache-control']).toBe('private, no-store');
		expect(decoded(callback)).toContain('</html>');

		const api = await raw('/api/v1/departements', { 'accept-encoding': 'gzip' });
		expect(api.status).toBe(200);
		expect(api.headers['content-encoding']).toBe('gzip');
		expect(JSON.parse(decoded(api))).toBeTruthy();
	});

	test('never a HEAD, a redirect or a small body; static files keep their precompressed copies', async () => {
		const head = await raw('/mentions-legales', { 'accept-encoding': 'br, gzip' }, 'HEAD');
		expect(head.status).toBe(200);
		expect(head.headers['content-encoding']).toBeUndefined();
		expect(head.body.length).toBe(0);

		const redirect = await raw(
			'/langue',
			{
				'accept-encoding': 'br, gzip',
				'content-type': 'application/x-www-form-urlencoded',
				origin: `http://localhost:${E2E_PORT}`,
				accept: 'text/html'
			},
			'POST',
			'lang=en&retour=%2F'
		);
		expect(redirect.status).toBe(303);
		expect(redirect.headers['content-encoding']).toBeUndefined();
		expect(redirect.headers['location']).toBe('/');

		const health = await raw('/healthz', { 'accept-encoding': 'br, gzip' });
		expect(health.status).toBe(200);
		expect(health.headers['content-encoding']).toBeUndefined();

		const html = decoded(await raw('/'));
		const stylesheet = /href="\.?(\/_app\/immutable\/[^"]+\.css)"/.exec(html)?.[1];
		expect(stylesheet).toBeDefined();
		const css = await raw(stylesheet!, { 'accept-encoding': 'br, gzip' });
		expect(css.status).toBe(200);
		expect(css.headers['content-encoding']).toBe('br');
		expect(decoded(css).length).toBeGreaterThan(100);
	});
});

test.describe('legal pages from the configuration', () => {
	const pages = ['/mentions-legales', '/confidentialite', '/accessibilite'];

	test('show the configured values and the demo ones, never "À compléter", in both languages', async () => {
		for (const language of ['fr', 'en']) {
			const texts = new Map<string, string>();
			for (const path of pages)
				texts.set(path, decoded(await raw(path, { 'accept-language': language })));
			for (const text of texts.values()) {
				expect(text).not.toContain('À compléter');
				expect(text).not.toContain('To be completed');
			}
			expect(texts.get('/mentions-legales')).toContain(E2E_LEGAL_PUBLISHER);
			expect(texts.get('/confidentialite')).toContain(E2E_LEGAL_DPO);
			// Not configured in the e2e server: the fictitious demo values.
			expect(texts.get('/mentions-legales')).toContain('Camille Exemple');
			expect(texts.get('/accessibilite')).toContain('accessibilite@portail-pdp.invalid');
		}
	});

	test('a production start without them stops, naming the missing variables', async () => {
		const database = await serverDatabase('legal');
		const child = spawn(process.execPath, ['scripts/serve.js'], {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: {
				PATH: process.env.PATH ?? '',
				PORT: String(OWN_PORTS.stdHttpProduction),
				HOST: '127.0.0.1',
				ORIGIN: `http://127.0.0.1:${OWN_PORTS.stdHttpProduction}`,
				...database.env,
				DEMO_DATA: '0',
				NODE_ENV: 'production',
				LOG_LEVEL: 'error',
				LEGAL_PUBLISHER: 'Organisme (fictif)'
			}
		});
		let output = '';
		child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
		try {
			const code = await Promise.race([
				new Promise<number | null>((resolve) => child.once('exit', (exit) => resolve(exit))),
				new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 15_000))
			]);
			expect(code).not.toBe('running');
			expect(code).not.toBe(0);
			expect(output).toContain('LEGAL_HOST: required in production');
			expect(output).toContain('LEGAL_DPO_CONTACT: required in production');
			expect(output).not.toContain('LEGAL_PUBLISHER: required');
		} finally {
			if (child.exitCode === null && child.signalCode === null) {
				const exited = new Promise((resolve) => child.once('exit', resolve));
				child.kill('SIGTERM');
				await exited;
			}
			await database.drop();
		}
	});
});
