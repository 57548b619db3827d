import { hashSync } from '@node-rs/argon2';
import { expect, test, type Page } from '@playwright/test';
import { expectNoA11yViolations, formLogin, queuedMailsTo, staffLogin } from './helpers';
import { E2E_LINK_KEY_FILE } from './env';
import { readOrCreateLinkKey, renderMail } from '../../src/lib/server/mail/seal';
import { eq } from 'drizzle-orm';
import * as schema from '../../src/lib/server/db/schema';
import { attempt, staffAccount } from './builders';
import { e2eDb } from './db';

/*
 * The team pages and the forgotten password (docs/accounts.md). The demo administrator and
 * the demo responsable of La Réunion (974) act; the accounts they create, disable or reset
 * are new ones, so that other suites never see a change.
 */

const ADMIN = 'admin@demo.portail-pdp.invalid';
const RESPONSABLE = 'responsable.974@demo.portail-pdp.invalid';
const AGENT = 'agent.69@demo.portail-pdp.invalid';
const NEUTRAL = 'Si cette adresse correspond à un compte actif';

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

const userId = async (email: string) =>
	(
		await e2eDb()
			.select({ id: schema.staffUsers.id })
			.from(schema.staffUsers)
			.where(eq(schema.staffUsers.email, email))
	)[0]?.id;
/** The mails queued for `email`, as they will be sent: their link's sealed token put in (ADR 025). */
const mailsTo = async (email: string) =>
	(await queuedMailsTo(email)).map((mail) => ({
		subject: mail.subject,
		text: renderMail(mail, readOrCreateLinkKey(E2E_LINK_KEY_FILE))!.text
	}));

/** An agent of 974 with a password, written straight into the e2e database. */
async function insertAgent(password: string): Promise<string> {
	const email = `e2e-equipe-${unique()}@example.invalid`;
	const hash = hashSync(password, {
		algorithm: 2,
		memoryCost: 19456,
		timeCost: 2,
		outputLen: 32,
		parallelism: 1
	});
	await staffAccount({ email, name: 'Agent e2e équipe', passwordHash: hash, departement: '974' });
	return email;
}

async function setPassword(page: Page, password: string, submit: string): Promise<void> {
	await page.getByLabel('Nouveau mot de passe').fill(password);
	await page.getByLabel('Confirmez le mot de passe').fill(password);
	await page.getByRole('button', { name: submit }).click();
}

test('an administrateur creates an agent; the one-time link sets the password in a fresh browser; disabling logs the agent out', async ({
	page,
	browser
}) => {
	// Argon2 hashes and axe runs on a shared machine.
	test.setTimeout(120_000);
	await staffLogin(page, ADMIN, { retour: '/espace-pro/equipe' });
	await expect(page).toHaveURL(/\/espace-pro\/equipe$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Équipe');
	await expect(page.getByRole('table')).toContainText('responsable.974@demo.portail-pdp.invalid');
	await expectNoA11yViolations(page);

	await page.getByRole('link', { name: 'Créer un compte' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Créer un compte');
	await expectNoA11yViolations(page);
	await page.getByRole('button', { name: 'Créer le compte' }).click();
	await expect(page.getByRole('alert')).toContainText('Saisissez le nom de la personne');
	await expect(page.getByRole('alert')).toContainText('Choisissez un rôle');
	await expectNoA11yViolations(page);

	const email = `e2e-nouvel-agent-${unique()}@example.invalid`;
	// Of this attempt: a retry finds the first attempt's account in the team list.
	const name = `Nouvel Agent ${attempt()}`;
	await page.getByLabel('Nom et prénom').fill(name);
	await page.getByLabel('Adresse e-mail professionnelle').fill(email);
	await page.getByRole('radio', { name: /^Agent/ }).check();
	await page.getByRole('checkbox', { name: '69 — Rhône' }).check();
	await page.getByRole('button', { name: 'Créer le compte' }).click();

	await expect(page).toHaveURL(/\/espace-pro\/equipe$/);
	await expect(page.getByRole('status')).toContainText(`Compte créé pour ${name}`);
	const link = (await page.getByTestId('setup-link').textContent())!.trim();
	expect(link).toMatch(/^http:\/\/localhost:\d+\/espace-pro\/activation\/[a-z2-7]{32}$/);
	await expectNoA11yViolations(page);
	// Queued by e-mail to the new member, with the same link; shown only once.
	expect(await mailsTo(email)).toEqual([
		expect.objectContaining({
			subject: "[DÉMO] Votre compte sur l'espace professionnel du Portail PDP"
		})
	]);
	expect((await mailsTo(email))[0]!.text).toContain(link);
	await page.reload();
	await expect(page.getByTestId('setup-link')).toHaveCount(0);
	await expect(page.getByRole('row', { name })).toContainText("En attente d'activation");

	const fresh = await browser.newContext({
		baseURL: test.info().project.use.baseURL,
		locale: 'fr-FR'
	});
	const agentPage = await fresh.newPage();
	await agentPage.goto(new URL(link).pathname);
	await expect(agentPage.getByRole('heading', { level: 1 })).toHaveText('Activer votre compte');
	const passphrase = 'ma clé secrète pour le portail';
	await setPassword(agentPage, passphrase, 'Enregistrer le mot de passe');
	await expect(agentPage).toHaveURL(/\/espace-pro\/connexion\?active=1$/);
	await formLogin(agentPage, email, passphrase);
	await expect(agentPage).toHaveURL(/\/espace-pro\/?$/);
	await agentPage.goto(new URL(link).pathname);
	await expect(agentPage.getByText("Ce lien n'est plus valable")).toBeVisible();

	await page.reload();
	await page.getByRole('link', { name }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
	await expectNoA11yViolations(page);
	await page.getByRole('button', { name: 'Envoyer un lien de nouveau mot de passe' }).click();
	await expect(page.getByRole('status')).toContainText(
		`Un lien pour choisir un nouveau mot de passe a été envoyé à ${email}`
	);
	expect((await mailsTo(email)).map((m) => m.subject)).toContain(
		'[DÉMO] Choisir un nouveau mot de passe – Portail PDP'
	);

	await page.getByRole('button', { name: 'Désactiver le compte' }).click();
	await expect(page.getByRole('status')).toContainText('Le compte est désactivé');
	await expectNoA11yViolations(page);
	await agentPage.goto('/espace-pro');
	await expect(agentPage).toHaveURL(/\/espace-pro\/connexion\?retour=/);
	await page.getByRole('button', { name: 'Réactiver le compte' }).click();
	await expect(page.getByRole('status')).toContainText('Le compte est réactivé');
	await fresh.close();
});

test('a responsable creates only agents and responsables of their départements: tampered forms are refused', async ({
	page
}) => {
	await staffLogin(page, RESPONSABLE, { retour: '/espace-pro/equipe' });
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Équipe');
	await expect(page.getByRole('table')).not.toContainText(ADMIN);
	await page.goto('/espace-pro/equipe/nouveau');
	await expect(page.getByRole('radio')).toHaveCount(2);
	await expect(page.getByRole('radio', { name: /^Administrateur/ })).toHaveCount(0);
	await expect(page.getByRole('checkbox')).toHaveCount(1);

	// The browser form, tampered: the "Agent" radio now says "administrateur".
	const email = `e2e-tampered-${unique()}@example.invalid`;
	await page.getByLabel('Nom et prénom').fill('Faux Administrateur');
	await page.getByLabel('Adresse e-mail professionnelle').fill(email);
	await page
		.locator('#role-agent')
		.evaluate((input: HTMLInputElement) => (input.value = 'administrateur'));
	await page.getByRole('radio', { name: /^Agent/ }).check();
	await page.getByRole('checkbox', { name: '974 — La Réunion' }).check();
	await page.getByRole('button', { name: 'Créer le compte' }).click();
	await expect(page.getByRole('alert')).toContainText('Vous ne pouvez pas donner ce rôle');
	await expect(page.getByLabel('Nom et prénom')).toHaveValue('Faux Administrateur');
	expect(await userId(email)).toBeUndefined();

	// Plain posts (no JavaScript): a 400 and nothing stored.
	const origin = new URL(page.url()).origin;
	for (const [role, departement] of [
		['administrateur', '974'],
		['agent', '69']
	]) {
		const response = await page.request.post('/espace-pro/equipe/nouveau', {
			headers: { origin, accept: 'text/html' },
			form: { name: 'Faux compte', email, role: role!, departements: departement! }
		});
		expect(response.status(), `${role} ${departement}`).toBe(400);
	}
	expect(await userId(email)).toBeUndefined();

	// Another département's staff and the administrators are "not found".
	for (const other of [ADMIN, AGENT]) {
		const response = await page.goto(`/espace-pro/equipe/${await userId(other)}`);
		expect(response?.status()).toBe(404);
	}
	const post = await page.request.post(`/espace-pro/equipe/${await userId(ADMIN)}?/disable`, {
		headers: { origin, accept: 'text/html' },
		form: {}
	});
	expect(post.status()).toBe(404);
	expect(
		(
			await e2eDb()
				.select({ disabled_at: schema.staffUsers.disabledAt })
				.from(schema.staffUsers)
				.where(eq(schema.staffUsers.email, ADMIN))
		)[0]
	).toEqual({ disabled_at: null });
});

test('an agent has no access to the team pages', async ({ page }) => {
	await staffLogin(page, AGENT);
	const response = await page.goto('/espace-pro/equipe');
	expect(response?.status()).toBe(403);
	expect((await page.goto('/espace-pro/equipe/nouveau'))?.status()).toBe(403);
});

test('keyboard only: a responsable creates an account', async ({ page }) => {
	await staffLogin(page, RESPONSABLE, { retour: '/espace-pro/equipe/nouveau' });
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Créer un compte');
	const focused = () => page.evaluate(() => document.activeElement?.id ?? '');
	const tabTo = async (id: string) => {
		for (let i = 0; i < 40 && (await focused()) !== id; i++) await page.keyboard.press('Tab');
		expect(await focused()).toBe(id);
	};
	const email = `e2e-clavier-${unique()}@example.invalid`;
	await tabTo('name');
	await page.keyboard.type('Agent Au Clavier');
	await page.keyboard.press('Tab');
	expect(await focused()).toBe('email');
	await page.keyboard.type(email);
	await page.keyboard.press('Tab');
	expect(await focused()).toBe('role-agent');
	await page.keyboard.press('Space');
	await page.keyboard.press('Tab');
	expect(await focused()).toBe('departement-974');
	await page.keyboard.press('Space');
	await page.keyboard.press('Tab');
	await expect(page.getByRole('button', { name: 'Créer le compte' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/espace-pro\/equipe$/);
	await expect(page.getByRole('status')).toContainText('Compte créé pour Agent Au Clavier');
	await expect(page.getByRole('status')).toBeFocused();
	expect(await userId(email)).toBeDefined();
});

test.describe('forgotten password, JavaScript off', () => {
	test.use({ javaScriptEnabled: false });

	test('same answer for an unknown and a known address; the e-mailed link resets the password and ends sessions', async ({
		page,
		browser
	}) => {
		test.setTimeout(90_000);
		const oldPassword = 'ancienne phrase de passe du test';
		const email = await insertAgent(oldPassword);
		const other = await browser.newContext({
			baseURL: test.info().project.use.baseURL,
			locale: 'fr-FR',
			javaScriptEnabled: false
		});
		const otherPage = await other.newPage();
		await staffLogin(otherPage, email);

		await page.goto('/espace-pro/connexion');
		await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
		await expect(page).toHaveURL(/\/espace-pro\/mot-de-passe-oublie$/);
		await page.getByRole('button', { name: 'Recevoir un lien' }).click();
		await expect(page.getByRole('alert')).toContainText('Saisissez votre adresse e-mail');

		const answerFor = async (address: string) => {
			await page.goto('/espace-pro/mot-de-passe-oublie');
			await page.getByLabel('Adresse e-mail professionnelle').fill(address);
			await page.getByRole('button', { name: 'Recevoir un lien' }).click();
			await expect(page).toHaveURL(/\/espace-pro\/mot-de-passe-oublie\?envoye=1$/);
			return page.locator('main').innerText();
		};
		const unknown = await answerFor(`inconnu-${unique()}@example.invalid`);
		const known = await answerFor(email);
		expect(known).toContain(NEUTRAL);
		expect(known).toBe(unknown);

		const mails = await mailsTo(email);
		expect(mails).toHaveLength(1);
		expect(mails[0]!.text).toContain('1 heure');
		const path = mails[0]!.text.match(/\/espace-pro\/activation\/[a-z2-7]{32}/)![0];
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Choisir un nouveau mot de passe'
		);
		const newPassword = 'nouvelle phrase de passe du test';
		await setPassword(page, newPassword, 'Enregistrer le nouveau mot de passe');
		await expect(page).toHaveURL(/\/espace-pro\/connexion\?reinitialise=1$/);
		await expect(page.getByRole('status')).toContainText('toutes vos sessions ont été fermées');

		await otherPage.goto('/espace-pro');
		await expect(otherPage).toHaveURL(/\/espace-pro\/connexion\?retour=/);
		await formLogin(page, email, newPassword);
		await page.goto(path);
		await expect(page.getByText("Ce lien n'est plus valable")).toBeVisible();
		await other.close();
	});
});

test('forgotten password pages have no accessibility violations', async ({ page }) => {
	test.setTimeout(90_000);
	await page.goto('/espace-pro/connexion');
	await expectNoA11yViolations(page);
	await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mot de passe oublié');
	await expectNoA11yViolations(page);
	await page.getByLabel('Adresse e-mail professionnelle').fill('pas-une-adresse');
	await page.getByRole('button', { name: 'Recevoir un lien' }).click();
	await expect(page.getByRole('alert')).toContainText('Saisissez une adresse e-mail valide');
	await expect(page.getByLabel('Adresse e-mail professionnelle')).toHaveValue('pas-une-adresse');
	await expectNoA11yViolations(page);
	await page
		.getByLabel('Adresse e-mail professionnelle')
		.fill(`inconnu-${unique()}@example.invalid`);
	await page.getByRole('button', { name: 'Recevoir un lien' }).click();
	await expect(page.getByRole('status')).toContainText(NEUTRAL);
	await expectNoA11yViolations(page);

	const email = await insertAgent('une phrase de passe pour axe');
	await page.goto('/espace-pro/mot-de-passe-oublie');
	await page.getByLabel('Adresse e-mail professionnelle').fill(email);
	await page.getByRole('button', { name: 'Recevoir un lien' }).click();
	await expect(page.getByRole('status')).toContainText(NEUTRAL);
	const path = (await mailsTo(email))[0]!.text.match(/\/espace-pro\/activation\/[a-z2-7]{32}/)![0];
	await page.goto(path);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Choisir un nouveau mot de passe'
	);
	await expectNoA11yViolations(page);
	await setPassword(page, 'une nouvelle phrase pour axe', 'Enregistrer le nouveau mot de passe');
	await expect(page.getByRole('status')).toContainText('Votre nouveau mot de passe est enregistré');
	await expectNoA11yViolations(page);
});
