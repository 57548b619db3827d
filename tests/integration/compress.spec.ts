import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding, compressResponse } from '../../scripts/lib/compress.js';

/** scripts/lib/compress.js (ADR 036) on a plain node:http server, as scripts/serve.js installs it. */

const big = '<!doctype html><p>' + 'Prévention de la désinsertion professionnelle. '.repeat(2000);

const routes: Record<string, (response: ServerResponse) => void> = {
	'/page': (response) => {
		response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		response.end(big);
	},
	// Streamed in two writes; the first is big enough to fill the compressor's buffer.
	'/stream': (response) => {
		response.writeHead(200, { 'content-type': 'text/html' });
		const first = response.write(big);
		const rest = () => response.end('<p>fin</p>');
		if (first) rest();
		else response.once('drain', rest);
	},
	'/small': (response) => {
		response.setHeader('content-type', 'application/json');
		response.setHeader('content-length', '11');
		response.end('{"ok":true}');
	},
	'/redirect': (response) => {
		response.writeHead(303, { location: '/page', 'content-type': 'text/html' });
		response.end();
	},
	'/css': (response) => {
		response.writeHead(200, { 'content-type': 'text/css', 'content-encoding': 'br' });
		response.end('already');
	}
};

let server: Server;
let port = 0;

beforeAll(async () => {
	server = createServer((req, res) => {
		compressResponse(req, res);
		routes[req.url ?? '']!(res);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(path: string, acceptEncoding?: string, method = 'GET') {
	return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
		(resolve, reject) => {
			const req = request(
				{
					host: '127.0.0.1',
					port,
					path,
					method,
					headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c: Buffer) => chunks.push(c));
					res.on('end', () =>
						resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) })
					);
				}
			);
			req.on('error', reject);
			req.end();
		}
	);
}

describe('chooseEncoding', () => {
	it('prefers brotli, follows q-values, refuses what is refused', () => {
		expect(chooseEncoding('gzip, deflate, br')).toBe('br');
		expect(chooseEncoding('br;q=0.5, gzip')).toBe('gzip');
		expect(chooseEncoding('gzip;q=0, br;q=0')).toBeNull();
		expect(chooseEncoding('*')).toBe('br');
		expect(chooseEncoding('identity')).toBeNull();
		expect(chooseEncoding('')).toBeNull();
		expect(chooseEncoding(undefined)).toBeNull();
	});
});

describe('compressResponse', () => {
	it('compresses HTML with brotli or gzip, drops Content-Length, adds Vary', async () => {
		const br = await get('/page', 'br, gzip');
		expect(br.headers['content-encoding']).toBe('br');
		expect(br.headers['vary']).toBe('Accept-Encoding');
		expect(brotliDecompressSync(br.body).toString()).toBe(big);
		const gzip = await get('/page', 'gzip');
		expect(gzip.headers['content-encoding']).toBe('gzip');
		expect(gunzipSync(gzip.body).toString()).toBe(big);
		const plain = await get('/page');
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.headers['vary']).toBe('Accept-Encoding');
		expect(plain.body.toString()).toBe(big);
	});

	it('finishes a streamed body whose writer waits for drain', async () => {
		const response = await get('/stream', 'br');
		expect(brotliDecompressSync(response.body).toString()).toBe(`${big}<p>fin</p>`);
	});

	it('leaves small bodies, redirects, HEAD and already-encoded files alone', async () => {
		const small = await get('/small', 'br');
		expect(small.headers['content-encoding']).toBeUndefined();
		expect(small.body.toString()).toBe('{"ok":true}');
		const redirect = await get('/redirect', 'br');
		expect(redirect.status).toBe(303);
		expect(redirect.headers['content-encoding']).toBeUndefined();
		const head = await get('/page', 'br', 'HEAD');
		expect(head.headers['content-encoding']).toBeUndefined();
		expect(head.body.length).toBe(0);
		const css = await get('/css', 'gzip');
		expect(css.headers['content-encoding']).toBe('br');
		expect(css.body.toString()).toBe('already');
	});
});
