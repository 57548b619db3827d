import http from 'node:http';
import { hashSync } from '@node-rs/argon2';
import { expect, test, type Page } from '@playwright/test';
import { expectNoA11yViolations } from './helpers';
import { eq } from 'drizzle-orm';
import * as schema from '../../src/lib/server/db/schema';
import { staffAccount } from './builders';
import { e2eDb } from './db';

/*
 * security review (docs/security-review-2026-12.md) findings 9 and 13 (ADR 027): staff sessions end after inactivity and after a
 * maximum lifetime, with a notice on the login page; failed logins from another address never
 * lock the owner out. Each test uses an account of its own, written into the e2e database.
 */

const PASSWORD = 'une phrase de passe pour le test';
const EXPIRED_NOTICE = 'Votre session a expiré';
/** The attacker's requests leave from this address (the browser uses 127.0.0.1, the fuzz run 127.0.0.2). */
const ATTACKER_ADDRESS = '127.0.0.3';

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

async function createAccount(): Promise<string> {
	const email = `e2e-sec-${unique()}@example.invalid`;
	const hash = hashSync(PASSWORD, {
		algorithm: 2,
		memoryCost: 19456,
		timeCost: 2,
		outputLen: 32,
		parallelism: 1
	});
	await staffAccount({ email, name: 'Agent e2e', passwordHash: hash, departement: '69' });
	return email;
}

/** The account's id (-1, which no session has, when there is none). */
const userIdOf = async (email: string) =>
	(
		await e2eDb()
			.select({ id: schema.staffUsers.id })
			.from(schema.staffUsers)
			.where(eq(schema.staffUsers.email, email))
	)[0]?.id ?? -1;

/** Moves the account's sessions back in time, as if the clock had run on. */
async function ageSessions(
	email: string,
	change: { expiresAt?: number; createdAt?: number }
): Promise<number> {
	const moved = await e2eDb()
		.update(schema.staffSessions)
		.set({
			...(change.expiresAt !== undefined ? { expiresAt: new Date(change.expiresAt) } : {}),
			...(change.createdAt !== undefined ? { createdAt: new Date(change.createdAt) } : {})
		})
		.where(eq(schema.staffSessions.userId, await userIdOf(email)))
		.returning({ id: schema.staffSessions.id });
	return moved.length;
}

async function sessionRow(
	email: string
): Promise<{ created_at: number; expires_at: number } | undefined> {
	const [row] = await e2eDb()
		.select({
			createdAt: schema.staffSessions.createdAt,
			expiresAt: schema.staffSessions.expiresAt
		})
		.from(schema.staffSessions)
		.where(eq(schema.staffSessions.userId, await userIdOf(email)));
	return row && { created_at: row.createdAt.getTime(), expires_at: row.expiresAt.getTime() };
}

async function login(page: Page, email: string, password = PASSWORD): Promise<void> {
	await page.getByLabel('Adresse e-mail professionnelle').fill(email);
	await page.getByLabel('Mot de passe', { exact: true }).fill(password);
	await Promise.all([
		page.waitForResponse(
			(r) => r.url().includes('/espace-pro/connexion') && r.request().method() === 'POST'
		),
		page.getByRole('button', { name: 'Se connecter' }).click()
	]);
}

/** A same-origin login post (no JavaScript) from ATTACKER_ADDRESS; returns the status. */
function attackerLogin(baseURL: string, email: string, password: string): Promise<number> {
	const url = new URL('/espace-pro/connexion?/login', baseURL);
	const body = new URLSearchParams({ email, password }).toString();
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: url.hostname,
				port: url.port,
				path: `${url.pathname}${url.search}`,
				method: 'POST',
				localAddress: ATTACKER_ADDRESS,
				agent: false,
				headers: {
					accept: 'text/html',
					origin: url.origin,
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': String(Buffer.byteLength(body))
				}
			},
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

for (const javaScriptEnabled of [true, false]) {
	test.describe(`JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });

		test('a session idle for longer than the timeout ends; the login page says so and brings the person back', async ({
			page
		}) => {
			const email = await createAccount();
			await page.goto('/espace-pro/connexion?retour=%2Fespace-pro%2Fcompte');
			await login(page, email);
			await expect(page).toHaveURL(/\/espace-pro\/compte$/);
			const opened = (await sessionRow(email))!;
			// 30 minutes by default, never beyond 12 hours.
			expect(opened.expires_at - opened.created_at).toBe(30 * 60 * 1000);

			expect(await ageSessions(email, { expiresAt: Date.now() - 1000 })).toBe(1);
			await page.goto('/espace-pro/compte');
			await expect(page).toHaveURL(
				/\/espace-pro\/connexion\?retour=%2Fespace-pro%2Fcompte&expiree=1$/
			);
			await expect(page.getByRole('status')).toContainText(EXPIRED_NOTICE);
			if (javaScriptEnabled) await expectNoA11yViolations(page);
			expect(await sessionRow(email)).toBeUndefined();

			await login(page, email);
			await expect(page).toHaveURL(/\/espace-pro\/compte$/);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon compte');
		});

		test('a session ends 12 hours after login, however active', async ({ page }) => {
			const email = await createAccount();
			await page.goto('/espace-pro/connexion');
			await login(page, email);
			await expect(page).not.toHaveURL(/\/espace-pro\/connexion/);
			// Opened 12 hours ago and used a minute ago: still the end.
			expect(
				await ageSessions(email, {
					createdAt: Date.now() - 12 * 3600 * 1000,
					expiresAt: Date.now() + 29 * 60 * 1000
				})
			).toBe(1);
			await page.goto('/espace-pro');
			await expect(page).toHaveURL(/\/espace-pro\/connexion\?retour=%2Fespace-pro&expiree=1$/);
			await expect(page.getByRole('status')).toContainText(EXPIRED_NOTICE);
		});

		test('failed logins from another address do not lock the owner out', async ({
			page,
			baseURL
		}) => {
			const email = await createAccount();
			// Ten wrong passwords from elsewhere: the attacker is held back after five.
			for (let i = 0; i < 10; i++)
				expect(await attackerLogin(baseURL!, email, `mauvais mot de passe ${i}`)).toBeLessThan(500);
			await page.goto('/espace-pro/connexion?retour=%2Fespace-pro%2Fcompte');
			await login(page, email);
			await expect(page).toHaveURL(/\/espace-pro\/compte$/);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon compte');
			// The attacker's own streak is still counted: even the right password waits there.
			expect(await attackerLogin(baseURL!, email, PASSWORD)).toBe(429);
		});
	});
}
