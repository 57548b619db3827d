import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { existsSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { eq } from 'drizzle-orm';
import * as schema from '../../src/lib/server/db/schema';
import { serverDatabase, withServerDb, type ServerDatabase } from './db';
import { OWN_PORTS } from './env';
import { demandesNamed } from './helpers';
import { ownName } from './builders';

/*
 * security review (docs/security-review-2026-12.md) findings 1 and 2 against the production build (ADR 024, ADR 025):
 * - the orientation form's hidden key, which the professional holds, opens no manage page
 *   (JavaScript on and off);
 * - a production start without PUBLIC_URL/ORIGIN stops with a message naming PUBLIC_URL;
 *   a demo start without them mails links to http://localhost:<PORT> whatever the Host header.
 * The last two start their own servers (scripts/serve.js) on their OWN_PORTS (env.ts).
 */

for (const javaScriptEnabled of [true, false]) {
	test.describe(`orientation, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });

		test("the form's hidden key opens no manage page: the sender gets nothing usable", async ({
			page,
			baseURL
		}) => {
			// Of this attempt: a retry finds the first attempt's demande (looked up by name).
			const nom = ownName(javaScriptEnabled ? 'Seclienjs' : 'Secliensansjs');
			await page.goto('/professionnels/orienter');
			if (javaScriptEnabled) await page.waitForLoadState('networkidle');
			const key = await page.locator('input[name="token"]').inputValue();
			expect(key).toMatch(/^[a-z2-7]{32}$/);
			await page.getByLabel('Vous êtes').selectOption('employeur');
			await page.getByLabel('Votre nom').fill('Marc Patron');
			await page.getByLabel('Votre adresse e-mail professionnelle').fill('rh@dupuis.example');
			await page.getByLabel('Nom', { exact: true }).fill(nom);
			await page.getByLabel('Prénom', { exact: true }).fill('Jeanne');
			await page.getByLabel('Son numéro de téléphone').fill('06 12 34 56 78');
			await page.getByLabel('Son département de résidence').selectOption('69');
			await page.getByLabel('Pourquoi cette orientation ? (en quelques mots)').fill('Arrêt long.');
			await page.getByLabel(/La personne est d'accord/).check();
			await page.getByRole('button', { name: 'Envoyer la demande' }).click();
			await expect(page).toHaveURL(/\/professionnels\/orienter\/merci$/);
			expect(await demandesNamed(nom)).toHaveLength(1);

			// What an employer would try with the key they held: the manage page, its data, its erasure.
			expect((await page.request.get(`/rendez-vous/gerer/${key}`)).status()).toBe(404);
			expect((await page.request.get(`/rendez-vous/gerer/${key}/donnees`)).status()).toBe(404);
			const erase = await page.request.post(`/rendez-vous/gerer/${key}?/erase`, {
				form: {},
				maxRedirects: 0,
				headers: { origin: baseURL! }
			});
			expect(erase.status()).toBe(404);
			expect(await demandesNamed(nom)).toHaveLength(1);
		});
	});
}

/** Starts scripts/serve.js with exactly `env` (plus PATH), on a fresh database. */
async function serve(
	name: string,
	port: number,
	env: Record<string, string>
): Promise<{ child: ChildProcess; output: () => string; database: ServerDatabase }> {
	const database = await serverDatabase(`sec-links-${name}`);
	let output = '';
	const child = spawn(process.execPath, ['scripts/serve.js'], {
		env: {
			PATH: process.env.PATH ?? '',
			PORT: String(port),
			HOST: '127.0.0.1',
			...database.env,
			LOG_LEVEL: 'warn',
			RATE_LIMIT_DISABLED: '1',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	return { child, output: () => output, database };
}

async function stop(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	child.kill('SIGTERM');
	await new Promise((resolve) => child.once('exit', resolve));
}

/** A raw HTTP POST with the headers we choose (fetch would not let us set Host). */
function rawPost(
	port: number,
	path: string,
	headers: Record<string, string>,
	body: string
): Promise<{ status: number; location?: string }> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(
			{
				host: '127.0.0.1',
				port,
				path,
				method: 'POST',
				headers: { ...headers, 'content-length': Buffer.byteLength(body) }
			},
			(res) => {
				res.resume();
				resolve({ status: res.statusCode ?? 0, location: res.headers.location });
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

test.describe('public URL of links', () => {
	test.describe.configure({ mode: 'serial' });

	test('a production start without PUBLIC_URL or ORIGIN stops, naming PUBLIC_URL', async () => {
		const port = OWN_PORTS.secLinksProduction;
		const { child, output, database } = await serve('prod', port, { NODE_ENV: 'production' });
		try {
			const code = await Promise.race([
				new Promise<number | null>((resolve) =>
					child.once('exit', (exitCode) => resolve(exitCode))
				),
				new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 15_000))
			]);
			expect(code).not.toBe('running');
			expect(code).not.toBe(0);
			expect(output()).toContain('PUBLIC_URL: required in production');
		} finally {
			await stop(child);
			await database.drop();
		}
	});

	test("a demo without PUBLIC_URL or ORIGIN mails reset links to localhost, whatever the request's Host", async () => {
		test.slow();
		const port = OWN_PORTS.secLinksDemo;
		const { child, output, database } = await serve('demo', port, {
			NODE_ENV: 'production',
			DEMO_DATA: '1'
		});
		try {
			await expect
				.poll(
					async () =>
						(await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status ?? 0,
					{ timeout: 30_000, message: output() }
				)
				.toBe(200);
			const answer = await rawPost(
				port,
				'/espace-pro/mot-de-passe-oublie',
				{
					accept: 'text/html',
					host: 'evil.example',
					origin: 'https://evil.example',
					'content-type': 'application/x-www-form-urlencoded'
				},
				new URLSearchParams({ email: 'agent.69@demo.portail-pdp.invalid' }).toString()
			);
			expect(answer).toEqual({ status: 303, location: '/espace-pro/mot-de-passe-oublie?envoye=1' });
			expect(existsSync(database.linkKeyFile)).toBe(true);
			const mails = await withServerDb(
				database.url,
				async (db) =>
					await db
						.select({ text: schema.outbox.text })
						.from(schema.outbox)
						.where(eq(schema.outbox.recipient, 'agent.69@demo.portail-pdp.invalid')),
				{ readonly: true }
			);
			expect(mails).toHaveLength(1);
			expect(mails[0]!.text).not.toContain('evil.example');
			expect(mails[0]!.text).toContain(`http://localhost:${port}/espace-pro/activation/`);
		} finally {
			await stop(child);
			await database.drop();
		}
	});
});
