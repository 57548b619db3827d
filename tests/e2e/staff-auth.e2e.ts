import { hashSync } from '@node-rs/argon2';
import { generateTOTP } from '@oslojs/otp';
import {
	decodeBase32IgnorePadding,
	encodeBase32LowerCaseNoPadding,
	encodeHexLowerCase
} from '@oslojs/encoding';
import { sha256 } from '@oslojs/crypto/sha2';
import { expect, test, type Page } from '@playwright/test';
import { expectNoA11yViolations, submitTotpCode } from './helpers';
import * as schema from '../../src/lib/server/db/schema';
import { staffAccount } from './builders';
import { e2eDb } from './db';

/*
 * Staff accounts and sessions (ADR 010). The demo accounts come from seedDemoData
 * (DEMO_DATA=1). Tests that end sessions or fail logins use accounts of their own, written
 * into the e2e database, so that they never disturb the back-office suite.
 */

const PASSWORD = 'demo-portail-pdp-2026';
const AGENT = 'agent.69@demo.portail-pdp.invalid';
const ADMIN = 'admin@demo.portail-pdp.invalid';
const ADMIN_TOTP_SECRET = 'DC4O7HFDYFE47IG6DMI5TVP2FVEDG72O';
const GENERIC_ERROR = 'Adresse e-mail ou mot de passe incorrect';

const newToken = () => encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
const hashToken = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** A staff account written straight into the e2e database; returns its e-mail (and a setup link). */
async function createAccount(options: { password?: string; setupLink?: boolean } = {}): Promise<{
	email: string;
	setupPath: string | null;
}> {
	const email = `e2e-${unique()}@example.invalid`;
	const hash = options.password
		? hashSync(options.password, {
				algorithm: 2,
				memoryCost: 19456,
				timeCost: 2,
				outputLen: 32,
				parallelism: 1
			})
		: null;
	const userId = await staffAccount({
		email,
		name: 'Agent e2e',
		passwordHash: hash,
		departement: '69'
	});
	let setupPath: string | null = null;
	if (options.setupLink) {
		const token = newToken();
		await e2eDb()
			.insert(schema.staffSetupTokens)
			.values({ id: hashToken(token), userId, expiresAt: new Date(Date.now() + 72 * 3600 * 1000) });
		setupPath = `/espace-pro/activation/${token}`;
	}
	return { email, setupPath };
}

async function fillLogin(page: Page, email: string, password: string): Promise<void> {
	await page.getByLabel('Adresse e-mail professionnelle').fill(email);
	await page.getByLabel('Mot de passe', { exact: true }).fill(password);
	await Promise.all([
		page.waitForResponse(
			(r) => r.url().includes('/espace-pro/connexion') && r.request().method() === 'POST'
		),
		page.getByRole('button', { name: 'Se connecter' }).click()
	]);
}

/** After a refused login, the page shows the generic error and an empty password field. */
async function expectRefused(page: Page): Promise<void> {
	await expect(page.getByRole('alert')).toContainText(GENERIC_ERROR);
	await expect(page.getByLabel('Mot de passe', { exact: true })).toHaveValue('');
}

const totpNow = () => generateTOTP(decodeBase32IgnorePadding(ADMIN_TOTP_SECRET), 30, 6);

for (const javaScriptEnabled of [true, false]) {
	test.describe(`JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });

		test('login, account page, logout', async ({ page, context }) => {
			await page.goto('/espace-pro/connexion?retour=%2Fespace-pro%2Fcompte');
			await fillLogin(page, AGENT, PASSWORD);
			await expect(page).toHaveURL(/\/espace-pro\/compte$/);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon compte');
			await expect(page.getByText('agent.69@demo.portail-pdp.invalid')).toBeVisible();
			const cookie = (await context.cookies()).find((c) => c.name === 'pdp_staff');
			expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
			if (javaScriptEnabled) await expectNoA11yViolations(page);

			await page.goto('/espace-pro/deconnexion');
			if (javaScriptEnabled) await expectNoA11yViolations(page);
			await page.getByRole('button', { name: 'Se déconnecter' }).click();
			await expect(page).toHaveURL(/\/espace-pro\/connexion\?deconnecte=1$/);
			await expect(page.getByText('Vous êtes déconnecté(e).')).toBeVisible();
			expect((await context.cookies()).find((c) => c.name === 'pdp_staff')).toBeUndefined();
			await page.goto('/espace-pro/compte');
			await expect(page).toHaveURL(/\/espace-pro\/connexion\?retour=%2Fespace-pro%2Fcompte$/);
		});

		test('a wrong password gets the generic message', async ({ page }) => {
			await page.goto('/espace-pro/connexion');
			await fillLogin(page, AGENT, 'ce nest pas le bon mot de passe');
			await expectRefused(page);
			await fillLogin(page, `inconnu-${unique()}@example.invalid`, PASSWORD);
			await expectRefused(page);
			if (javaScriptEnabled) await expectNoA11yViolations(page);
		});

		test('keyboard only: the login form is filled and sent without a mouse', async ({ page }) => {
			// With JS, wait for hydration: the login page's inputs are re-rendered (and emptied) when it hydrates.
			await page.goto('/espace-pro/connexion', {
				waitUntil: javaScriptEnabled ? 'networkidle' : 'load'
			});
			for (const [label, text] of [
				['Adresse e-mail professionnelle', AGENT],
				['Mot de passe', PASSWORD]
			] as const) {
				const field = page.getByLabel(label, { exact: true });
				for (
					let i = 0;
					i < 40 && !(await field.evaluate((el) => el === document.activeElement));
					i++
				)
					await page.keyboard.press('Tab');
				await expect(field).toBeFocused();
				await page.keyboard.type(text);
			}
			await page.keyboard.press('Enter');
			await expect(page).toHaveURL(/\/espace-pro\/?(\?.*)?$/);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Demandes reçues');
		});
	});
}

test('unauthenticated pages redirect to the login page with retour; the page is not cached nor indexed', async ({
	page
}) => {
	const response = await page.goto('/espace-pro/compte');
	await expect(page).toHaveURL(/\/espace-pro\/connexion\?retour=%2Fespace-pro%2Fcompte$/);
	expect(response?.headers()['cache-control']).toBe('private, no-store');
	await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		"Connexion à l'espace professionnel"
	);
	await expectNoA11yViolations(page);
});

test('an off-site retour is ignored', async ({ page }) => {
	await page.goto('/espace-pro/connexion?retour=%2F%2Fevil.example%2F');
	await fillLogin(page, AGENT, PASSWORD);
	await expect(page).toHaveURL(/\/espace-pro\/?$/);
});

test('a stolen cookie stops working after "Se déconnecter partout"', async ({
	page,
	context,
	browser
}) => {
	const { email } = await createAccount({ password: 'une phrase de passe pour le test' });
	await page.goto('/espace-pro/connexion?retour=%2Fespace-pro%2Fcompte');
	await fillLogin(page, email, 'une phrase de passe pour le test');
	await expect(page).toHaveURL(/\/espace-pro\/compte$/);

	const thief = await browser.newContext({
		baseURL: test.info().project.use.baseURL,
		locale: 'fr-FR'
	});
	await thief.addCookies(await context.cookies());
	const other = await thief.newPage();
	await other.goto('/espace-pro/compte');
	await expect(other.getByRole('heading', { level: 1 })).toHaveText('Mon compte');

	await page.getByRole('button', { name: 'Se déconnecter partout' }).click();
	await expect(page).toHaveURL(/\/espace-pro\/connexion\?deconnecte=1$/);
	await other.goto('/espace-pro/compte');
	await expect(other).toHaveURL(/\/espace-pro\/connexion\?retour=/);
	await thief.close();
});

test('login is throttled after repeated failures, even with the right password', async ({
	page
}) => {
	const password = 'une phrase de passe pour le test';
	const { email } = await createAccount({ password });
	await page.goto('/espace-pro/connexion');
	for (let i = 0; i < 5; i++) {
		await fillLogin(page, email, `mauvais mot de passe ${i}`);
		await expectRefused(page);
	}
	await fillLogin(page, email, password);
	await expect(page.getByRole('alert')).toContainText(
		'Trop de tentatives, réessayez dans 1 minute.'
	);
	await expect(page).toHaveURL(/\/espace-pro\/connexion/);
});

test('a cross-origin form post to the login is refused', async ({ request }) => {
	const response = await request.post('/espace-pro/connexion?/login', {
		headers: {
			origin: 'https://evil.example',
			'content-type': 'application/x-www-form-urlencoded'
		},
		data: `email=${encodeURIComponent(AGENT)}&password=${encodeURIComponent(PASSWORD)}`
	});
	expect(response.status()).toBe(403);
	expect(response.headers()['set-cookie'] ?? '').not.toContain('pdp_staff');
});

test('an administrator needs the TOTP code after the password', async ({ page }) => {
	await page.goto('/espace-pro/connexion?retour=%2Fespace-pro%2Fcompte');
	await fillLogin(page, ADMIN, PASSWORD);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Validation en deux étapes');
	await expectNoA11yViolations(page);
	// Not logged in yet: the back-office still sends to the login page.
	await page.goto('/espace-pro/compte');
	await expect(page).toHaveURL(/\/espace-pro\/connexion\?retour=/);
	await page.getByLabel('Code à 6 chiffres').fill(totpNow() === '000000' ? '111111' : '000000');
	await page.getByRole('button', { name: 'Valider le code' }).click();
	await expect(page.getByRole('alert')).toContainText("Ce code n'est pas valable");
	// A code is accepted once (ADR 014): another test may just have used this one.
	test.setTimeout(90_000);
	await submitTotpCode(page, ADMIN_TOTP_SECRET);
	await expect(page).toHaveURL(/\/espace-pro\/compte$/);
	await expect(page.getByText('Elle est obligatoire pour les administrateurs')).toBeVisible();
});

test('a one-time setup link sets the password once', async ({ page }) => {
	const { email, setupPath } = await createAccount({ setupLink: true });
	await page.goto(setupPath!);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Activer votre compte');
	await expectNoA11yViolations(page);
	await page.getByLabel('Nouveau mot de passe').fill('azerty123456');
	await page.getByLabel('Confirmez le mot de passe').fill('azerty123456');
	await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
	await expect(page.getByRole('alert')).toContainText('Ce mot de passe est trop courant');
	await expectNoA11yViolations(page);
	const passphrase = 'ma phrase de passe du portail';
	await page.getByLabel('Nouveau mot de passe').fill(passphrase);
	await page.getByLabel('Confirmez le mot de passe').fill(passphrase);
	await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
	await expect(page).toHaveURL(/\/espace-pro\/connexion\?active=1$/);
	await page.goto('/espace-pro/connexion?retour=%2Fespace-pro%2Fcompte');
	await fillLogin(page, email, passphrase);
	await expect(page).toHaveURL(/\/espace-pro\/compte$/);
	await page.goto(setupPath!);
	await expect(page.getByText("Ce lien n'est plus valable")).toBeVisible();
	await expectNoA11yViolations(page);
});
