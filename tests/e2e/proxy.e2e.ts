import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { serverDatabase, type ServerDatabase } from './db';
import { LEGAL_ENV, OWN_PORTS } from './env';

/**
 * Rate limits through the real hooks, and the trusted-proxy configuration (docs/security.md).
 * The main e2e server runs with RATE_LIMIT_DISABLED=1, so this file starts two more instances
 * of the production build (scripts/serve.js) with rate limits on:
 *
 * - "direct": no proxy configured (ORIGIN http) — X-Forwarded-* headers are ignored;
 * - "proxied": ADDRESS_HEADER=X-Forwarded-For, XFF_DEPTH=1, PROTOCOL_HEADER, HOST_HEADER —
 *   the client address and protocol come from the proxy's headers.
 */

interface Instance {
	url: string;
	process: ChildProcess;
	database: ServerDatabase;
}

async function startInstance(
	name: string,
	port: number,
	extraEnv: Record<string, string>
): Promise<Instance> {
	const database = await serverDatabase(`proxy-${name}`);
	const child = spawn(process.execPath, ['scripts/serve.js'], {
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {
			PATH: process.env.PATH ?? '',
			PORT: String(port),
			HOST: '127.0.0.1',
			...database.env,
			DEMO_DATA: '0',
			...LEGAL_ENV,
			NODE_ENV: 'production',
			RATE_LIMIT_DISABLED: '0',
			LOG_LEVEL: 'error',
			...extraEnv
		}
	});
	const url = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 100; i++) {
		try {
			if ((await fetch(`${url}/healthz`)).ok) return { url, process: child, database };
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	child.kill();
	await new Promise((resolve) => child.once('exit', resolve));
	await database.drop();
	throw new Error(`${name} instance did not start`);
}

test.describe.configure({ mode: 'serial' });

let direct: Instance;
let proxied: Instance;

test.beforeAll(async () => {
	[direct, proxied] = await Promise.all([
		startInstance('direct', OWN_PORTS.proxyDirect, {
			ORIGIN: `http://127.0.0.1:${OWN_PORTS.proxyDirect}`
		}),
		startInstance('proxied', OWN_PORTS.proxyProxied, {
			// Links are never built on a forwarded Host (ADR 025): production requires the public URL.
			PUBLIC_URL: 'https://portail-pdp.example',
			ADDRESS_HEADER: 'X-Forwarded-For',
			XFF_DEPTH: '1',
			PROTOCOL_HEADER: 'X-Forwarded-Proto',
			HOST_HEADER: 'X-Forwarded-Host'
		})
	]);
});

test.afterAll(async () => {
	await Promise.all(
		[direct, proxied].map(async (instance) => {
			if (!instance) return;
			const exited = new Promise((resolve) => instance.process.once('exit', resolve));
			instance.process.kill('SIGTERM');
			await exited;
			await instance.database.drop();
		})
	);
});

/** A form post like a browser's (same origin), with optional proxy headers. */
function post(
	instance: Instance,
	path: string,
	headers: Record<string, string> = {},
	origin = instance.url
) {
	return fetch(`${instance.url}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			origin,
			accept: 'text/html',
			...headers
		},
		body: 'nom=x'
	});
}

test('callback requests: 5 per address, then a localized 429 with Retry-After; a spoofed X-Forwarded-For does not help', async () => {
	for (let i = 0; i < 5; i++) {
		const response = await post(direct, '/rendez-vous/rappel', {
			'x-forwarded-for': `198.51.100.${i}`
		});
		expect(response.status).toBe(400);
	}
	const limited = await post(direct, '/rendez-vous/rappel', { 'x-forwarded-for': '198.51.100.99' });
	expect(limited.status).toBe(429);
	// About a minute (one token per minute, minus the time the test took).
	expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(50);
	expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
	expect(limited.headers.get('x-content-type-options')).toBe('nosniff');
	expect(limited.headers.get('content-security-policy')).toContain("default-src 'none'");
	const html = await limited.text();
	expect(html).toContain('<html lang="fr">');
	expect(html).toContain('Trop de demandes');
	expect(html).toMatch(/attendez \d+ secondes/);
	// Another tier of the same address still works (the language form).
	expect((await post(direct, '/langue')).status).toBe(400);
	// English visitors read it in English.
	const english = await post(direct, '/rendez-vous/rappel', { 'accept-language': 'en' });
	expect(english.status).toBe(429);
	expect(await english.text()).toContain('Too many requests');
});

test('the API answers 429 with the JSON envelope after its burst', async () => {
	// 60 at once, refilled at one per second: the first refusal comes after at least 60 requests.
	let accepted = 0;
	for (let i = 0; i < 120; i++) {
		const response = await fetch(`${direct.url}/api/v1/scoring?lang=en`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}'
		});
		if (response.status === 429) {
			expect(response.headers.get('retry-after')).toBe('1');
			expect(response.headers.get('content-type')).toMatch(/^application\/json/);
			const body = (await response.json()) as { error: { code: string; message: string } };
			expect(body.error.code).toBe('rate_limited');
			expect(body.error.message).toMatch(/1/);
			break;
		}
		expect(response.status).toBe(400);
		await response.arrayBuffer();
		accepted++;
	}
	expect(accepted).toBeGreaterThanOrEqual(60);
	expect(accepted).toBeLessThan(120);
	// Reads are never limited.
	expect((await fetch(`${direct.url}/api/v1/questionnaire`)).status).toBe(200);
});

test('behind a configured proxy, each forwarded client address has its own budget', async () => {
	const proxyHeaders = (address: string) => ({
		'x-forwarded-for': address,
		'x-forwarded-proto': 'https',
		'x-forwarded-host': 'portail.example'
	});
	const origin = 'https://portail.example';
	for (let i = 0; i < 5; i++)
		expect(
			(await post(proxied, '/rendez-vous/rappel', proxyHeaders('203.0.113.1'), origin)).status
		).toBe(400);
	expect(
		(await post(proxied, '/rendez-vous/rappel', proxyHeaders('203.0.113.1'), origin)).status
	).toBe(429);
	// Another client behind the same proxy is not affected.
	expect(
		(await post(proxied, '/rendez-vous/rappel', proxyHeaders('203.0.113.2'), origin)).status
	).toBe(400);
	// XFF_DEPTH=1: the address the proxy appended (rightmost) counts, not what the client wrote.
	expect(
		(await post(proxied, '/rendez-vous/rappel', proxyHeaders('10.9.9.9, 203.0.113.1'), origin))
			.status
	).toBe(429);
});

test('HSTS only when the request reached the portal over https', async () => {
	const https = await fetch(`${proxied.url}/healthz`, {
		headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'portail.example' }
	});
	expect(https.headers.get('strict-transport-security')).toBe(
		'max-age=63072000; includeSubDomains'
	);
	const http = await fetch(`${proxied.url}/healthz`, {
		headers: { 'x-forwarded-proto': 'http', 'x-forwarded-host': 'portail.example' }
	});
	expect(http.headers.get('strict-transport-security')).toBeNull();
	// Without a configured proxy, a client cannot claim https.
	const spoofed = await fetch(`${direct.url}/healthz`, {
		headers: { 'x-forwarded-proto': 'https' }
	});
	expect(spoofed.status).toBe(200);
	expect(spoofed.headers.get('strict-transport-security')).toBeNull();
	// Pages get it too, next to their CSP.
	const page = await fetch(`${proxied.url}/dispositifs`, {
		headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'portail.example' }
	});
	expect(page.headers.get('strict-transport-security')).toContain('max-age=');
	expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
});

test('the origin check still applies behind the proxy', async () => {
	const response = await post(
		proxied,
		'/langue',
		{
			'x-forwarded-for': '203.0.113.50',
			'x-forwarded-proto': 'https',
			'x-forwarded-host': 'portail.example'
		},
		'https://evil.example'
	);
	expect(response.status).toBe(403);
});
