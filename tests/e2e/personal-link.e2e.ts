import { expect, test, type Page } from '@playwright/test';
import { expectNoA11yViolations, queuedMailsTo, staffLogin } from './helpers';
import { E2E_LINK_KEY_FILE } from './env';
import { readOrCreateLinkKey, renderMail } from '../../src/lib/server/mail/seal';
import { eq } from 'drizzle-orm';
import * as schema from '../../src/lib/server/db/schema';
import { e2eDb } from './db';
import { ownName } from './builders';

/*
 * "Send the person their personal link" (ADR 024, docs/backoffice.md) against the production
 * build: a professional orients a person (nobody holds the manage link), an agent of the
 * département sends the person a fresh link at an address confirmed on the phone (JavaScript
 * on and off), the mail is queued with its sealed token, and the link opens the person's
 * manage page. An agent of another département gets 404 and changes nothing.
 */

const AGENT = 'agent.69@demo.portail-pdp.invalid';
const FOREIGN = 'responsable.974@demo.portail-pdp.invalid';

const demandeOf = async (nom: string) =>
	(
		await e2eDb()
			.select({
				reference: schema.demandes.reference,
				email: schema.demandes.email,
				hash: schema.demandes.manageTokenHash
			})
			.from(schema.demandes)
			.where(eq(schema.demandes.nom, nom))
	)[0]!;
/** The mails queued for `email`, as they will be sent: their link's sealed token put in (ADR 025). */
const mailsTo = async (email: string) =>
	(await queuedMailsTo(email)).map((mail) => ({
		subject: mail.subject,
		queued: mail.text,
		text: renderMail(mail, readOrCreateLinkKey(E2E_LINK_KEY_FILE))!.text
	}));

/** A professional orients the person (département 69) through the public form. */
async function orient(page: Page, nom: string, javaScriptEnabled: boolean): Promise<string> {
	await page.goto('/professionnels/orienter');
	if (javaScriptEnabled) await page.waitForLoadState('networkidle');
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
	return (await demandeOf(nom)).reference;
}

for (const javaScriptEnabled of [true, false]) {
	test.describe(`personal link, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });

		test('an agent sends the oriented person a fresh link, which opens their manage page', async ({
			page,
			browser
		}) => {
			// Of this attempt: a retry finds the first attempt's demande and mail in the database.
			const nom = ownName(javaScriptEnabled ? 'Lienpersojs' : 'Lienpersosansjs');
			const email = `${ownName(javaScriptEnabled ? 'lienperso.js' : 'lienperso.sansjs')}@example.org`;
			const reference = await orient(page, nom, javaScriptEnabled);
			const before = await demandeOf(nom);

			await staffLogin(page, AGENT, { retour: `/espace-pro/demandes/${reference}` });
			await page.getByRole('link', { name: 'Envoyer à la personne son lien personnel' }).click();
			await expect(page).toHaveURL(new RegExp(`/espace-pro/demandes/${reference}/lien$`));
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				'Envoyer à la personne son lien personnel'
			);
			if (javaScriptEnabled) await expectNoA11yViolations(page);

			// Nothing filled in: both errors, announced, the typed value kept; nothing stored.
			await page.getByLabel('Adresse e-mail de la personne').fill('pas-une-adresse');
			await page.getByRole('button', { name: 'Envoyer le lien' }).click();
			const summary = page.getByRole('alert');
			await expect(summary).toContainText('Indiquez une adresse e-mail valide');
			await expect(summary).toContainText(
				"Cochez la case pour dire que vous avez confirmé l'adresse avec la personne par téléphone."
			);
			await expect(page.getByLabel('Adresse e-mail de la personne')).toHaveValue('pas-une-adresse');
			await expect(page.getByLabel('Adresse e-mail de la personne')).toHaveAttribute(
				'aria-invalid',
				'true'
			);
			if (javaScriptEnabled) await expectNoA11yViolations(page);
			expect(await demandeOf(nom)).toEqual(before);

			await page.getByLabel('Adresse e-mail de la personne').fill(` ${email.toUpperCase()} `);
			await page.getByLabel("J'ai confirmé cette adresse avec la personne par téléphone").check();
			await page.getByRole('button', { name: 'Envoyer le lien' }).click();
			await expect(page).toHaveURL(
				new RegExp(`/espace-pro/demandes/${reference}\\?fait=lien-envoye$`)
			);
			await expect(page.getByRole('status')).toContainText(
				'Le lien personnel est envoyé à la personne.'
			);
			await expect(page.getByText('Lien personnel envoyé à la personne')).toBeVisible();

			const after = await demandeOf(nom);
			expect(after.email).toBe(email);
			expect(after.hash).not.toBe(before.hash);
			const mails = await mailsTo(email);
			expect(mails).toHaveLength(1);
			expect(mails[0]!.subject).toBe(
				`[DÉMO] Votre lien personnel pour suivre votre demande (${reference})`
			);
			// The queued text holds no token: it is sealed apart until sending (ADR 025).
			expect(mails[0]!.queued.match(/[a-z2-7]{32}/g) ?? []).toEqual([]);
			const link = mails[0]!.text.match(/https?:\/\/\S+\/rendez-vous\/gerer\/[a-z2-7]{32}/)![0];

			// The person opens it, in their own browser.
			const person = await browser.newContext({ javaScriptEnabled });
			try {
				const personPage = await person.newPage();
				const response = await personPage.goto(new URL(link).pathname);
				expect(response?.status()).toBe(200);
				await expect(personPage.getByText(reference).first()).toBeVisible();
			} finally {
				await person.close();
			}
		});
	});
}

test('an agent of another département gets 404 and changes nothing', async ({ page, browser }) => {
	const nom = ownName('Lienpersoailleurs');
	const email = `${ownName('lienperso.ailleurs')}@example.org`;
	const professional = await browser.newContext();
	let reference: string;
	try {
		reference = await orient(await professional.newPage(), nom, true);
	} finally {
		await professional.close();
	}
	const before = await demandeOf(nom);
	await staffLogin(page, FOREIGN);
	expect((await page.goto(`/espace-pro/demandes/${reference}/lien`))?.status()).toBe(404);
	const origin = new URL(page.url()).origin;
	const response = await page.request.post(`/espace-pro/demandes/${reference}/lien`, {
		form: { email, confirme: 'oui' },
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(404);
	expect(await response.text()).not.toContain(nom);
	expect(await demandeOf(nom)).toEqual(before);
	expect(await mailsTo(email)).toEqual([]);
});
