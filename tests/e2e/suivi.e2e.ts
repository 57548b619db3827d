import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { SMTPServer } from 'smtp-server';
import nodemailer from 'nodemailer';
import { readOrCreateLinkKey, renderMail } from '../../src/lib/server/mail/seal';
import { E2E_DATABASE, E2E_LINK_KEY_FILE, E2E_PORT } from './env';
import { answerQuestions, choose, labels, staffLogin } from './helpers';
import { desc, eq } from 'drizzle-orm';
import * as schema from '../../src/lib/server/db/schema';
import { e2eDb } from './db';
import { ownName } from './builders';
import {
	RESPONSABLE_974,
	evenementStarted,
	inscriptionOf,
	messagesOf,
	publishedEvenement,
	startOf
} from './evenement-builders';

/*
 * The 6-month follow-up (ADR 045) against the production build: the consent on the callback
 * form and its withdrawal from the manage page (JavaScript on and off); then, from an outreach
 * letter's link (ADR 044), the questionnaire and a booking with the result shared and consent,
 * its closure, the job run six months later (`npm run suivi:run -- --now=…`, the
 * clock injected), the e-mail sent through a local SMTP server, the answer on the one-time page
 * without JavaScript, the spent link, and the staff's demande page, cohort and calibration.
 */

/** The journey's département: no other spec writes follow-ups there (a11y.e2e.ts uses 69). */
const RESPONSABLE_971 = 'responsable.971@demo.portail-pdp.invalid';
/** The journey's outreach campaign (a code of the campaigns' alphabet). */
const CAMPAGNE = 'SUVWX7';
const CONSENT = /Acceptez-vous que le service social vous recontacte dans 6 mois/;
const DAY = 86_400_000;

const consentOf = async (nom: string) =>
	(
		await e2eDb()
			.select({
				at: schema.demandes.suiviConsentAt,
				version: schema.demandes.suiviConsentVersion,
				withdrawn: schema.demandes.suiviConsentWithdrawnAt
			})
			.from(schema.demandes)
			.where(eq(schema.demandes.nom, nom))
	)[0]!;

async function askCallback(page: Page, nom: string, consent: boolean): Promise<void> {
	await page.goto('/rendez-vous/rappel?departement=69');
	await page.getByLabel('Nom', { exact: true }).fill(nom);
	await page.getByLabel('Prénom', { exact: true }).fill('Odile');
	await page.getByLabel('Adresse e-mail').fill(`${nom.toLowerCase()}@example.org`);
	const box = page.getByLabel(CONSENT);
	await expect(box).not.toBeChecked();
	if (consent) await box.check();
	await page.getByRole('button', { name: 'Envoyer ma demande de rappel' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Votre demande de rappel');
}

for (const javaScriptEnabled of [true, false]) {
	test.describe(`follow-up consent, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });

		test('the unticked question records the consent with its wording; the manage page withdraws it', async ({
			page
		}) => {
			// Of this attempt: a retry finds the first attempt's demandes (looked up by name).
			const agreed = ownName(javaScriptEnabled ? 'Suiviaccordjs' : 'Suiviaccordsansjs');
			const declined = ownName(javaScriptEnabled ? 'Suivirefusjs' : 'Suivirefussansjs');
			await askCallback(page, declined, false);
			expect(await consentOf(declined)).toEqual({ at: null, version: null, withdrawn: null });
			await expect(page.getByRole('heading', { name: 'Nouvelles dans 6 mois' })).toHaveCount(0);

			await askCallback(page, agreed, true);
			expect(await consentOf(agreed)).toMatchObject({
				version: 'consentement-2026-1',
				withdrawn: null
			});
			const section = page.getByRole('region', { name: 'Nouvelles dans 6 mois' });
			await expect(section).toContainText('Vous avez accepté le');
			await section.getByRole('button', { name: 'Retirer mon accord' }).click();
			await expect(section).toContainText('Vous avez retiré votre accord');
			expect((await consentOf(agreed)).withdrawn).not.toBeNull();
		});
	});
}

/**
 * The follow-up job once at `now` (`npm run suivi:run -- --now=…`) on the e2e database. The
 * journeys of this file run it in parallel at different clocks: either run may queue a given
 * follow-up, so a journey checks its message, not a run's count.
 */
function runSuiviJob(now: Date): void {
	const run = execFileSync('npx', ['tsx', 'scripts/suivi-run.ts', `--now=${now.toISOString()}`], {
		env: {
			...process.env,
			DATABASE_URL: E2E_DATABASE,
			LINK_KEY_FILE: E2E_LINK_KEY_FILE,
			PUBLIC_URL: `http://localhost:${E2E_PORT}`,
			NODE_ENV: 'production',
			LOG_LEVEL: 'silent'
		},
		encoding: 'utf8'
	});
	expect(JSON.parse(run.trim().split('\n').at(-1)!)).toHaveProperty('sent');
}

/** A local SMTP server that keeps what it receives. */
async function localSmtp() {
	const received: string[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, _session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				received.push(Buffer.concat(chunks).toString('utf8'));
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.server.address() as AddressInfo).port;
	return { received, port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A quoted-printable body as text (soft line breaks joined, =XX decoded). */
const unquote = (raw: string) =>
	Buffer.from(
		raw
			.replace(/=\r?\n/g, '')
			.replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
		'latin1'
	).toString('utf8');

/** The cohort's « Total » column: people contacted, answers. */
async function cohortTotals(page: Page): Promise<{ contacted: number; answered: number }> {
	await page.goto('/espace-pro/statistiques/suivi?departement=971');
	const table = page.getByRole('table', { name: /Situations 6 mois après/ });
	if ((await table.count()) === 0) return { contacted: 0, answered: 0 };
	const last = async (row: string) =>
		Number(await table.getByRole('row', { name: row }).getByRole('cell').last().textContent());
	return { contacted: await last('Personnes contactées'), answered: await last('Réponses') };
}

test.describe('the 6-month follow-up, from a campaign letter to the statistics', () => {
	test.use({ javaScriptEnabled: false });

	test('a person comes by a letter, answers the questionnaire, books and agrees; six months after closure the e-mail, the answer once, and the tables count it', async ({
		page
	}) => {
		test.setTimeout(180_000);
		// An outreach campaign writing to 971 (its staff pages: campagnes.e2e.ts).
		const campagneId = await (async () => {
			const [found] = await e2eDb()
				.select({ id: schema.campagnes.id })
				.from(schema.campagnes)
				.where(eq(schema.campagnes.code, CAMPAGNE));
			if (found) return found.id; // a retry of this test
			const now = new Date();
			const today = now.toISOString().slice(0, 10);
			const [created] = await e2eDb()
				.insert(schema.campagnes)
				.values({
					code: CAMPAGNE,
					name: 'Suivi de bout en bout',
					target: 'arrêts de 90 jours',
					startsOn: today,
					endsOn: today,
					createdAt: now,
					updatedAt: now
				})
				.returning({ id: schema.campagnes.id });
			await e2eDb()
				.insert(schema.campagneDepartements)
				.values({ campagneId: created!.id, departementCode: '971' });
			return created!.id;
		})();

		// The letter's link, the questionnaire, the booking with the result shared and the consent.
		await page.goto(`/c/${CAMPAGNE}/971`);
		await page.getByRole('link', { name: 'Faire le point en 6 questions' }).click();
		await page.getByRole('button', { name: 'Commencer le questionnaire' }).click();
		await expect(page.getByLabel('Dans quel département habitez-vous ?')).toHaveValue('971');
		await choose(page, 'Quelle est votre situation professionnelle ?', labels.salarieCdi);
		await choose(page, 'Pour quelle raison êtes-vous en arrêt de travail ?', labels.maladie);
		await choose(page, /reconnaissance de la qualité de travailleur handicapé/, labels.rqthNon);
		await page.getByRole('button', { name: 'Continuer' }).click();
		await answerQuestions(page);
		await page.getByRole('link', { name: 'Prendre rendez-vous (sous 14 jours)' }).click();
		await page.getByLabel('Par téléphone', { exact: true }).check();
		await page.getByRole('button', { name: 'Voir les créneaux libres' }).click();
		await page.getByRole('radio').first().check();
		await page.getByRole('button', { name: 'Continuer' }).click();
		await page.getByLabel('Nom', { exact: true }).fill('Suivisixmois');
		await page.getByLabel('Prénom', { exact: true }).fill('Test');
		await page.getByLabel('Adresse e-mail').fill('suivisixmois@example.org');
		await page.getByLabel('Numéro de téléphone').fill('06 90 12 34 56');
		await page.getByLabel("Oui, l'envoyer au service social").check();
		const consent = page.getByLabel(CONSENT);
		await expect(consent).not.toBeChecked();
		await consent.check();
		await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
		await expect(page.getByRole('status')).toContainText('Votre rendez-vous est confirmé.');
		const built = (
			await e2eDb()
				.select({
					id: schema.demandes.id,
					reference: schema.demandes.reference,
					campagneId: schema.demandes.campagneId,
					shared: schema.demandes.shareResult,
					consentAt: schema.demandes.suiviConsentAt
				})
				.from(schema.demandes)
				.where(eq(schema.demandes.nom, 'Suivisixmois'))
				.orderBy(desc(schema.demandes.id))
				.limit(1)
		)[0]!;
		expect(built).toMatchObject({ campagneId, shared: true });
		expect(built.consentAt).not.toBeNull();

		const closedAt = Date.now() - DAY;
		await e2eDb()
			.update(schema.demandes)
			.set({ status: 'cloturee', closedAt: new Date(closedAt), outcome: 'emploi_poste_amenage' })
			.where(eq(schema.demandes.id, built.id));
		await staffLogin(page, RESPONSABLE_971, { retour: '/espace-pro/statistiques/suivi' });
		const before = await cohortTotals(page);

		// Six months and a day later, by the job's injected clock.
		runSuiviJob(new Date(closedAt + 184 * DAY));

		// The e-mail, as the outbox worker sends it, through a local SMTP server.
		const row = (
			await e2eDb()
				.select({
					recipient: schema.outbox.recipient,
					subject: schema.outbox.subject,
					text: schema.outbox.text,
					ics: schema.outbox.ics,
					sealedToken: schema.outbox.sealedToken
				})
				.from(schema.outbox)
				.where(eq(schema.outbox.dedupeKey, `${built.reference}:suivi`))
		)[0]!;
		expect(row).toBeDefined();
		const rendered = renderMail(row, readOrCreateLinkKey(E2E_LINK_KEY_FILE))!;
		const smtp = await localSmtp();
		try {
			await nodemailer
				.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true })
				.sendMail({
					from: 'ne-pas-repondre@portail-pdp.invalid',
					to: row.recipient,
					subject: row.subject,
					text: rendered.text
				});
		} finally {
			await smtp.close();
		}
		const mail = unquote(smtp.received[0]!);
		expect(mail).toContain('Bonjour Test,');
		const link = new RegExp(`http://localhost:${E2E_PORT}/suivi/[a-z2-7]{32}`).exec(mail)?.[0];
		expect(link).toBeDefined();

		// The one-time page, without JavaScript: an error, then the answer.
		await page.context().clearCookies();
		await page.goto(link!);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Où en êtes-vous ?');
		await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
		await expect(page.getByRole('alert')).toContainText(
			'Dites si vous êtes toujours en arrêt de travail.'
		);
		await page.getByLabel('Non, mon arrêt de travail est terminé').check();
		await page.getByLabel('Oui, sur un poste aménagé ou adapté').check();
		await page
			.getByLabel('Voulez-vous ajouter quelque chose ? (facultatif)')
			.fill('Tout va mieux.');
		await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
		await expect(page).toHaveURL(/\/suivi\/merci$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Merci pour vos réponses');
		// Spent.
		const again = await page.goto(link!);
		expect(again?.status()).toBe(410);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ce lien ne fonctionne plus');

		// The staff: the demande page, the cohort and the calibration.
		await staffLogin(page, RESPONSABLE_971, { retour: `/espace-pro/demandes/${built.reference}` });
		const section = page.getByRole('region', { name: 'Suivi à 6 mois' });
		await expect(section).toContainText('Réponse enregistrée le');
		await expect(section).toContainText('Plus en arrêt de travail');
		await expect(section).toContainText('dont sur un poste aménagé');
		await expect(section).toContainText('Tout va mieux.');
		expect(await cohortTotals(page)).toEqual({
			contacted: before.contacted + 1,
			answered: before.answered + 1
		});
		await expect(page.getByRole('table', { name: /Niveau au moment de la demande/ })).toContainText(
			'< 5'
		);
		await expect(page.getByText(/les nombres de 1 à 4 ne sont pas affichés/)).toBeVisible();
	});
});

/** One figure of the cohort by source in 974: the row `metric`, the column `source`. */
async function bySource(page: Page, metric: string, source: string): Promise<number> {
	await page.goto('/espace-pro/statistiques/suivi?departement=974&par=source');
	const table = page.getByRole('table', { name: /Situations 6 mois après/ });
	if ((await table.count()) === 0) return 0;
	const headers = await table.getByRole('columnheader').allTextContents();
	const column = headers.findIndex((header) => header.trim() === source);
	if (column === -1) return 0;
	const cells = table.getByRole('row', { name: metric }).getByRole('cell');
	return Number(await cells.nth(column - 1).textContent());
}

test.describe('the 6-month follow-up of a registration to an évènement', () => {
	test.use({ javaScriptEnabled: false });

	test('a person registers with consent, is marked present; six months after the évènement the e-mail, the answer, and the cohort counts it under the évènement source', async ({
		page
	}) => {
		test.setTimeout(120_000);
		const SOURCE = 'Évènement (inscription, sans clôture)';
		const id = await publishedEvenement({ titleFr: 'Réunion suivie à 6 mois' });
		const email = `suivievenement.${id}@example.org`;

		// The registration, without JavaScript: the question is there, unticked.
		await page.goto(`/evenements/${id}`);
		await page.getByLabel('Nom, prénom ou pseudonyme').fill('Suivievenement');
		await page.getByLabel('Adresse e-mail').fill(email);
		const consent = page.getByLabel(CONSENT);
		await expect(consent).not.toBeChecked();
		await consent.check();
		await page.getByLabel(/J'accepte que mes coordonnées/).check();
		await page.getByRole('button', { name: "M'inscrire" }).click();
		await expect(page.getByRole('status')).toContainText('Votre place est réservée.');
		await expect(page.getByRole('region', { name: 'Nouvelles dans 6 mois' })).toContainText(
			'Vous avez accepté le'
		);
		const inscription = (await inscriptionOf(id, email))!;
		expect(
			(
				await e2eDb()
					.select({ version: schema.inscriptions.suiviConsentVersion })
					.from(schema.inscriptions)
					.where(eq(schema.inscriptions.id, inscription.id))
			)[0]!.version
		).toBe('consentement-2026-1');

		// The évènement takes place; staff mark the person present.
		await evenementStarted(id);
		await staffLogin(page, RESPONSABLE_974, { retour: `/espace-pro/evenements/${id}/presences` });
		await page.getByLabel('Suivievenement').check();
		await page.getByRole('button', { name: 'Enregistrer les présences' }).click();
		await expect(page.getByRole('status')).toContainText('Présences enregistrées.');
		const before = {
			contacted: await bySource(page, 'Personnes contactées', SOURCE),
			answered: await bySource(page, 'Réponses', SOURCE)
		};

		// Six months and a day after its end, by the job's injected clock.
		runSuiviJob(new Date((await startOf(id)).getTime() + 90 * 60_000 + 184 * DAY));
		const mail = (await messagesOf(inscription.id)).find(
			(m) => m.dedupeKey === `inscription:${inscription.id}:suivi`
		)!;
		expect(mail).toBeDefined();
		const rendered = renderMail(mail, readOrCreateLinkKey(E2E_LINK_KEY_FILE))!;
		expect(rendered.text).toContain('« Réunion suivie à 6 mois »');
		const link = new RegExp(`http://localhost:${E2E_PORT}/suivi/[a-z2-7]{32}`).exec(
			rendered.text
		)?.[0];
		expect(link).toBeDefined();

		// The answer, without JavaScript.
		await page.context().clearCookies();
		await page.goto(link!);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Où en êtes-vous ?');
		await expect(page.getByText(/vous avez participé à « Réunion suivie à 6 mois »/)).toBeVisible();
		await page.getByLabel('Non, mon arrêt de travail est terminé').check();
		await page.getByLabel('Oui, sur un poste aménagé ou adapté').check();
		await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
		await expect(page).toHaveURL(/\/suivi\/merci$/);

		// The cohort by source counts it under the évènement; the calibration says it cannot.
		await staffLogin(page, RESPONSABLE_974, { retour: '/espace-pro/statistiques' });
		expect(await bySource(page, 'Réponses', SOURCE)).toBe(before.answered + 1);
		expect(await bySource(page, 'Personnes contactées', SOURCE)).toBeGreaterThanOrEqual(
			before.contacted + 1
		);
		await expect(
			page.getByText(/Les personnes suivies après un évènement n'y figurent pas/)
		).toBeVisible();
	});
});

test('the follow-up and évènement statistics answer 404 for a département outside the scope, page and CSV', async ({
	page
}) => {
	await staffLogin(page, RESPONSABLE_971, { retour: '/espace-pro/statistiques/suivi' });
	for (const path of [
		'/espace-pro/statistiques/suivi',
		'/espace-pro/statistiques/suivi/export.csv',
		'/espace-pro/statistiques/evenements',
		'/espace-pro/statistiques/evenements/export.csv'
	]) {
		expect((await page.request.get(`${path}?departement=974`)).status(), path).toBe(404);
		expect((await page.request.get(`${path}?departement=971`)).status(), path).toBe(200);
	}
});
