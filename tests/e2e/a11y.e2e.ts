import { expect, test, type Page } from '@playwright/test';
import { dispositifIds } from '../../src/lib/dispositifs/catalogue';
import {
	bookDemande,
	followUpSent,
	messagesSent,
	rendezVousInPast,
	requestCallbackDemande
} from './builders';
import { choose, expectNoA11yViolations, labels, staffLogin, startQuestionnaire } from './helpers';
import { followedRegistration, publishedEvenement } from './evenement-builders';
import { distinctContact } from './persons';
import * as schema from '../../src/lib/server/db/schema';
import { e2eDb } from './db';

/*
 * Accessibility (WCAG 2.1 A/AA, axe-core): one audit per page state, JavaScript on and off
 * (ADR 031). The journeys test what the pages do; this spec checks what they are, so a journey
 * no longer stops to audit each screen. Pages that ship no script (dispositifs, legal pages)
 * are one state with or without JavaScript: audited once.
 *
 * "JavaScript off" here: the page is loaded and worked with script execution disabled
 * (Chromium's `Emulation.setScriptExecutionDisabled`, what `javaScriptEnabled: false` uses), so
 * it is the server-rendered HTML a browser without JavaScript gets, and forms post natively.
 * Execution is switched on only for the audit itself (axe runs inside the page and needs its
 * timers); the portal's scripts, skipped when the page was parsed, never run, and each audit
 * checks that the page did not hydrate. Blocking the portal's scripts with `page.route`, as
 * before, sent every request through the test runner with the HTTP cache off (Playwright turns
 * it off while a route is set).
 *
 * A page that ships no script at all (`csr = false`: home, booking entry and slot list, erased
 * page, statistics, dispositifs, legal pages) is one document with or without JavaScript: the
 * JavaScript-off run, which walks the same states as the "on" run, finds no script in it and
 * does not audit it again.
 *
 * Moved here from the journeys (their audits are gone from those specs):
 * - questionnaire.e2e.ts: home, questionnaire start, profile (and its errors), the six questions
 *   of a salarié (and a missing answer), summary, result "modéré or higher"; a TI question and
 *   the TI result ("faible"); the English home and profile;
 * - booking.e2e.ts: slot list, contact form with errors, contact form with the questionnaire
 *   consent, manage page after booking, move page, manage page after a move, cancel
 *   confirmation, a slot taken meanwhile (nearest slots), callback form, callback manage page,
 *   erased page; the English booking form and slot list;
 * - dispositifs.e2e.ts: list (unfiltered, filtered, bad filter, English) and every dispositif;
 * - legal.e2e.ts: the four footer pages in French and English, the manage page's "Vos données";
 * - backoffice.e2e.ts: inbox, a demande without consent (masked NIR) and one with the
 *   questionnaire shared;
 * - demande-workflow.e2e.ts: a new demande, one taken in charge, the contact-attempt form with
 *   errors, a closed demande, the inbox filtered, the audit log and its filter, an agent's 403 on it;
 * - statistiques.e2e.ts: the statistics, all départements and one;
 * - inbox.e2e.ts (ADR 040): the inbox's search results, no result, an unreadable term,
 *   Mes demandes, the bulk assignment's error and its report with a refusal.
 * New with ADR 044: the campaign landing (known and unknown code), the campaign list, create
 * form with errors, detail, letter and statistics.
 * New with ADR 045: the manage page's follow-up consent, the follow-up page (errors, thanks,
 * spent link), the staff's phone record (errors) and section, the follow-up statistics.
 * New with ADR 039: the demande page's work layout (prioritaire with distress, at 1280 and
 * 375 px), unassigned, « annuler le rendez-vous et clôturer » with errors and done.
 *
 * Still audited inside their journeys (not moved yet): agendas, equipe, partenaires,
 * personal-link, sec-auth, sec-booking and staff-auth.
 */

const AGENT_69 = 'agent.69@demo.portail-pdp.invalid';
const RESPONSABLE_974 = 'responsable.974@demo.portail-pdp.invalid';
const LEGAL_PAGES = ['/mentions-legales', '/confidentialite', '/accessibilite', '/plan-du-site'];
const DISPOSITIFS = [
	'/dispositifs',
	'/dispositifs?statut=ti&origine=maladie&rqth=oui',
	'/dispositifs?statut=bad'
];

/** Script execution in `page` (Chromium DevTools protocol), for the "JavaScript off" run. */
async function scriptExecution(page: Page): Promise<(enabled: boolean) => Promise<void>> {
	const session = await page.context().newCDPSession(page);
	return async (enabled) => {
		await session.send('Emulation.setScriptExecutionDisabled', { value: !enabled });
	};
}

/** The pages of the "JavaScript off" run, with their switch of script execution. */
const withoutJavaScript = new WeakMap<Page, (enabled: boolean) => Promise<void>>();

/** Puts `page` in the "JavaScript off" run: scripts stop and `audit` knows it. */
async function scriptsOff(page: Page): Promise<void> {
	const setScripts = await scriptExecution(page);
	await setScripts(false);
	withoutJavaScript.set(page, setScripts);
}

/**
 * Audits the current page state. In the "JavaScript off" run, a page that holds no script
 * (`csr = false`) is skipped: it is the same document as in the "on" run, which audits it;
 * any other page is audited as loaded, after a check that the portal's scripts never ran.
 */
async function audit(page: Page): Promise<void> {
	const setScripts = withoutJavaScript.get(page);
	if (setScripts) {
		if ((await page.locator('script, link[rel="modulepreload"]').count()) === 0) return;
		await setScripts(true);
		const hydrated = await page.evaluate(() =>
			Object.keys(window).some((key) => key.startsWith('__sveltekit'))
		);
		expect(hydrated, `${page.url()} ran the portal's scripts`).toBe(false);
	}
	await expectNoA11yViolations(page);
	await setScripts?.(false);
}

/** Switches the browser to English (the pdp_lang cookie, as the language form sets it). */
async function english(page: Page): Promise<void> {
	await page
		.context()
		.addCookies([
			{ name: 'pdp_lang', value: 'en', url: new URL('/', test.info().project.use.baseURL).href }
		]);
}

/** Answers the current question (label of the option or scale value) and goes on. */
async function answer(page: Page, label: string, last = false): Promise<void> {
	await page.getByRole('group').getByLabel(label, { exact: true }).check();
	await page.getByRole('button', { name: last ? 'Voir le récapitulatif' : 'Continuer' }).click();
}

/** No script at all on the page: with or without JavaScript, the browser shows the same page. */
async function expectNoScript(page: Page): Promise<void> {
	await expect(page.locator('script, link[rel="modulepreload"]')).toHaveCount(0);
}

// These pages ship no JavaScript (checked here and in dispositifs.e2e.ts, legal.e2e.ts): their
// "JavaScript on" and "off" are one page state, audited once.
test.describe('accessibility, pages without JavaScript', () => {
	test('dispositifs list and legal pages, in French and English', async ({ page }) => {
		// Many audits in one walk: generous on a loaded 2-core machine.
		test.setTimeout(240_000);
		for (const path of [...DISPOSITIFS, ...LEGAL_PAGES]) {
			await page.goto(path);
			await expectNoScript(page);
			await expectNoA11yViolations(page);
		}
		await english(page);
		for (const path of ['/dispositifs?statut=salarie', ...LEGAL_PAGES]) {
			await page.goto(path);
			await expect(page.locator('html')).toHaveAttribute('lang', 'en');
			await expectNoScript(page);
			await expectNoA11yViolations(page);
		}
	});

	// In three tests, so that both workers share the pages.
	for (let part = 0; part < 3; part++) {
		test(`every dispositif page, part ${part + 1} of 3`, async ({ page }) => {
			test.setTimeout(240_000);
			for (const id of dispositifIds.filter((_, index) => index % 3 === part)) {
				expect((await page.goto(`/dispositifs/${id}`))?.status(), id).toBe(200);
				await expectNoScript(page);
				await expectNoA11yViolations(page);
			}
		});
	}
});

for (const javaScript of [true, false]) {
	test.describe(`accessibility, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
		if (!javaScript)
			test.beforeEach(async ({ page }) => {
				await scriptsOff(page);
			});
		// Distinct départements per run: the two runs book in parallel.
		const manageDep = javaScript ? '26' : '27';
		const takenDep = javaScript ? '02' : '03';
		const callbackDep = javaScript ? '28' : '31';

		test('the public entry pages, in French and English', async ({ page }) => {
			test.setTimeout(120_000);
			for (const path of ['/', '/questionnaire', '/rendez-vous']) {
				await page.goto(path);
				await audit(page);
			}
			await english(page);
			await page.goto('/');
			await expect(page.locator('html')).toHaveAttribute('lang', 'en');
			await audit(page);
		});

		test('the questionnaire of a salarié: errors, every question, summary, result, then the consent on the contact form', async ({
			page
		}) => {
			// Many audits in one walk: generous on a loaded 2-core machine.
			test.setTimeout(240_000);
			await startQuestionnaire(page);
			await audit(page);
			await page.getByRole('button', { name: 'Continuer' }).click();
			await expect(page.getByRole('alert')).toContainText('erreurs à corriger');
			await audit(page);
			await choose(page, 'Quelle est votre situation professionnelle ?', labels.salarieCdi);
			await choose(page, 'Pour quelle raison êtes-vous en arrêt de travail ?', labels.maladie);
			await page.getByLabel('Dans quel département habitez-vous ?').selectOption(manageDep);
			await choose(page, /reconnaissance de la qualité de travailleur handicapé/, labels.rqthNon);
			await choose(page, 'Comment avez-vous connu ce portail ?', labels.sourceMoi);
			await page.getByRole('button', { name: 'Continuer' }).click();
			await expect(page).toHaveURL(/\/questionnaire\/question\/1$/);
			await page.getByRole('button', { name: 'Continuer' }).click();
			await expect(page.getByRole('alert')).toContainText('Choisissez une réponse pour continuer.');
			await audit(page);
			const answers = ['Entre 3 et 6 mois', '3', 'Non', 'Difficiles', 'Un peu', '4'];
			for (const [index, label] of answers.entries()) {
				await expect(page).toHaveURL(new RegExp(`/questionnaire/question/${index + 1}$`));
				await audit(page);
				await answer(page, label, index === 5);
			}
			await expect(page).toHaveURL(/\/questionnaire\/recapitulatif$/);
			await audit(page);
			await page.getByRole('button', { name: 'Voir mon résultat' }).click();
			await expect(
				page.getByRole('heading', { name: /Votre emploi (pourrait être|risque d'être) fragilisé/ })
			).toBeVisible();
			await audit(page);

			// The contact form offers to send the result.
			await page.goto(`/rendez-vous/creneaux?departement=${manageDep}&mode=visio`);
			await page.getByRole('radio').first().check();
			await page.getByRole('button', { name: 'Continuer' }).click();
			await expect(
				page.getByRole('group', {
					name: 'Envoyer le résultat de mon questionnaire au service social ?'
				})
			).toBeVisible();
			await audit(page);
		});

		test('the questionnaire of a travailleur indépendant: a TI question and the TI result; the English profile page', async ({
			page
		}) => {
			// Many audits in one walk: generous on a loaded 2-core machine.
			test.setTimeout(240_000);
			await startQuestionnaire(page);
			await choose(page, 'Quelle est votre situation professionnelle ?', labels.artisan);
			await choose(page, 'Pour quelle raison êtes-vous en arrêt de travail ?', labels.atmp);
			await page.getByLabel('Dans quel département habitez-vous ?').selectOption('974');
			await choose(page, /reconnaissance de la qualité de travailleur handicapé/, labels.rqthNon);
			await choose(page, 'Comment avez-vous connu ce portail ?', labels.sourceMedecin);
			await page.getByRole('button', { name: 'Continuer' }).click();
			const answers = [
				"Moins d'1 mois",
				'8',
				'Oui',
				'Elle tourne au ralenti',
				'Non, pas vraiment',
				'9'
			];
			for (const [index, label] of answers.entries()) {
				if (index === 3) {
					await expect(page.getByRole('heading', { level: 1 })).toHaveText(
						'Pendant votre arrêt, comment va votre activité ?'
					);
					await audit(page);
				}
				await answer(page, label, index === 5);
			}
			await page.getByRole('button', { name: 'Voir mon résultat' }).click();
			await expect(
				page.getByRole('heading', { name: "Votre emploi semble peu menacé pour l'instant" })
			).toBeVisible();
			await audit(page);

			await english(page);
			await page.goto('/questionnaire');
			await page.getByRole('button', { name: /Start the questionnaire|Start again/ }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your situation');
			await audit(page);
		});

		test('booking: slot list, contact form with errors, manage, move, cancel; English booking pages', async ({
			page
		}) => {
			// Many audits in one walk: generous on a loaded 2-core machine.
			test.setTimeout(240_000);
			await page.goto(`/rendez-vous/creneaux?departement=${manageDep}&mode=telephone`);
			await audit(page);
			await page.getByRole('radio').nth(2).check();
			await page.getByRole('button', { name: 'Continuer' }).click();
			await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
			await expect(page.getByRole('alert')).toContainText('erreurs à corriger');
			await audit(page);

			// The manage page of a booking, with its "Vos données" section (legal.e2e.ts).
			const { token } = await bookDemande({
				departement: manageDep,
				mode: 'telephone',
				slot: 0,
				nom: 'Accessible'
			});
			await page.goto(`/rendez-vous/gerer/${token}?confirmation=1`);
			await expect(page.getByRole('region', { name: 'Vos données' })).toBeVisible();
			await audit(page);
			await page.getByRole('link', { name: 'Changer de créneau' }).click();
			await expect(page.getByRole('heading', { name: 'Choisir un nouveau créneau' })).toBeVisible();
			await audit(page);
			await page.getByRole('radio').nth(5).check();
			await page.getByRole('button', { name: 'Déplacer mon rendez-vous' }).click();
			await expect(page.getByRole('status')).toContainText('Votre rendez-vous a été déplacé.');
			await audit(page);
			await page.getByRole('button', { name: 'Annuler le rendez-vous' }).click();
			await expect(
				page.getByRole('heading', { name: 'Êtes-vous sûr de vouloir annuler ce rendez-vous ?' })
			).toBeVisible();
			await audit(page);
			await page.getByRole('button', { name: 'Oui, annuler le rendez-vous' }).click();
			await expect(page.getByRole('status')).toContainText('Votre rendez-vous est annulé.');
			await audit(page);

			await english(page);
			await page.goto('/rendez-vous?departement=972');
			await expect(page.getByLabel('Your département')).toHaveValue('972');
			await audit(page);
			await page.goto('/rendez-vous/creneaux?departement=972&mode=visio');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a slot');
			await audit(page);
		});

		test('booking: a slot taken meanwhile, the callback request, its manage page and the erased page', async ({
			page
		}) => {
			// Many audits in one walk: generous on a loaded 2-core machine.
			test.setTimeout(240_000);
			await page.goto(`/rendez-vous/creneaux?departement=${takenDep}&mode=telephone`);
			await page.getByRole('radio').first().check();
			await page.getByRole('button', { name: 'Continuer' }).click();
			await page.getByLabel('Nom', { exact: true }).fill('Santoni');
			await page.getByLabel('Prénom', { exact: true }).fill('Lucie');
			await page.getByLabel('Numéro de téléphone').fill('0611223344');
			// Someone else books the same slot (the first free one) meanwhile.
			await bookDemande({ departement: takenDep, mode: 'telephone', slot: 0, nom: 'Premier' });
			await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
			await expect(page.getByRole('group', { name: 'Choisissez un autre créneau' })).toBeVisible();
			await audit(page);

			await page.goto(`/rendez-vous/rappel?departement=${callbackDep}`);
			await audit(page);
			await page.getByLabel('Nom', { exact: true }).fill('Lefèvre');
			await page.getByLabel('Prénom', { exact: true }).fill('Jean');
			await page.getByLabel('Adresse e-mail').fill('jean.lefevre@example.org');
			await page.getByRole('button', { name: /Être rappelé|Envoyer/ }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Votre demande de rappel');
			await audit(page);
			await page.getByRole('button', { name: 'Supprimer mes données' }).click();
			await page.getByRole('button', { name: 'Oui, supprimer mes données' }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				'Vos données sont supprimées'
			);
			await audit(page);
		});

		test('back office: inbox, demandes (new, shared, with errors, closed), audit log, statistics', async ({
			page
		}) => {
			// Many audits in one walk: generous on a loaded 2-core machine.
			test.setTimeout(240_000);
			// agent.69 works 69 and 01: 01's in-person agenda, which no other spec books in.
			const plain = await bookDemande({
				departement: '01',
				mode: 'accueil',
				slot: javaScript ? 0 : 6,
				nom: 'Auditun',
				nir: '2 55 08 14 168 025 38'
			});
			const shared = await bookDemande({
				departement: '01',
				mode: 'accueil',
				slot: javaScript ? 2 : 8,
				nom: 'Auditdeux',
				shared: true
			});
			await staffLogin(page, AGENT_69);
			await expect(page.getByRole('link', { name: plain.reference })).toBeVisible();
			await audit(page);
			await page.goto('/espace-pro?assigned=personne&departement=01');
			await audit(page);
			await page.goto(`/espace-pro/demandes/${shared.reference}`);
			await expect(page.getByRole('heading', { name: 'Réponses' })).toBeVisible();
			await audit(page);
			// With messages sent to the person (ADR 041): the "messages sent" table.
			await messagesSent(plain);
			await page.goto(`/espace-pro/demandes/${plain.reference}`);
			await expect(page.getByText('•••••••••••2538')).toBeVisible();
			await expect(page.getByRole('table', { name: /Messages envoyés/ })).toBeVisible();
			await audit(page);

			// Worked to the end: taken in charge, a contact attempt with errors, attended, closed.
			await rendezVousInPast(plain, 7);
			await page.getByRole('button', { name: 'Je prends en charge cette demande' }).click();
			await expect(page.getByText('Vous avez cette demande en charge.')).toBeVisible();
			await audit(page);
			await page.getByRole('button', { name: 'Enregistrer la tentative de contact' }).click();
			await expect(page.getByRole('alert')).toContainText('Choisissez le moyen de contact.');
			await audit(page);
			await page.getByRole('button', { name: 'Rendez-vous honoré' }).click();
			// Its confirmation, not the close form: that form is there before the attendance too,
			// and an outcome chosen while the attendance lands would be reset by it.
			await expect(page.locator('.alert-success[role="status"]')).toHaveText(
				'La présence au rendez-vous est enregistrée.'
			);
			await page
				.getByLabel('Issue (obligatoire)')
				.selectOption({ label: 'En emploi — poste aménagé' });
			await page.getByRole('button', { name: 'Clôturer la demande' }).click();
			await expect(
				page.locator('dt', { hasText: /^Statut$/ }).locator('xpath=following-sibling::dd')
			).toHaveText('Clôturée');
			await audit(page);

			await page.goto('/espace-pro/statistiques');
			await audit(page);
			await page.goto('/espace-pro/statistiques?departement=01');
			await audit(page);

			// The audit log is a responsable's: an agent gets the 403 page.
			expect((await page.goto('/espace-pro/journal'))?.status()).toBe(403);
			await audit(page);

			await staffLogin(page, RESPONSABLE_974, { retour: '/espace-pro/journal' });
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Journal d’audit');
			await audit(page);
			await page.getByLabel('Référence de la demande').fill('PDP-AAAAAAAA');
			await page.getByRole('button', { name: 'Filtrer' }).click();
			await expect(page).toHaveURL(/reference=/);
			await audit(page);
		});

		test('back office, the demande page at work (ADR 039): prioritaire with distress, wide and narrow, unassigned, « annuler et clôturer » with errors and done', async ({
			page
		}) => {
			test.setTimeout(180_000);
			const prioritaire = await bookDemande({
				departement: '01',
				mode: 'telephone',
				slot: javaScript ? 26 : 28,
				nom: 'Auditprio',
				shared: true,
				distress: true
			});
			await page.setViewportSize({ width: 1280, height: 800 });
			await staffLogin(page, AGENT_69, { retour: `/espace-pro/demandes/${prioritaire.reference}` });
			await expect(page.getByText('Une réponse suggère une détresse')).toBeVisible();
			await audit(page);
			await page.setViewportSize({ width: 375, height: 740 });
			await audit(page);
			await page.setViewportSize({ width: 1280, height: 800 });
			await page.getByRole('button', { name: 'Je prends en charge cette demande' }).click();
			await page.getByRole('button', { name: 'Retirer la prise en charge' }).click();
			await expect(page.getByText("Plus personne n'a la demande en charge.")).toBeVisible();
			await audit(page);
			const cancelAndClose = page.getByRole('button', {
				name: 'Annuler le rendez-vous et clôturer'
			});
			await cancelAndClose.click();
			await expect(page.getByRole('alert')).toContainText('Écrivez le message pour la personne.');
			await audit(page);
			await page.getByLabel('Issue (obligatoire)').selectOption({ label: 'Sans suite' });
			await page.locator('#close-message').fill('Nous clôturons votre demande.');
			await cancelAndClose.click();
			await expect(
				page.getByText('Le rendez-vous est annulé et la demande clôturée.')
			).toBeVisible();
			await audit(page);
		});

		test('back office inbox: search results, no result, Mes demandes, bulk assignment error and report', async ({
			page
		}) => {
			test.setTimeout(180_000);
			const nom = 'Auditrecherche';
			const found = await requestCallbackDemande({
				departement: '69',
				nom,
				priority: 'rappel_rapide'
			});
			await staffLogin(page, AGENT_69, {
				retour: `/espace-pro?q=${nom}&priority=1`
			});
			await expect(page.getByRole('link', { name: found.reference })).toBeVisible();
			await audit(page);
			await page.goto('/espace-pro?q=Zzzaucunnom');
			await expect(
				page.getByText('Aucune demande de vos départements ne correspond')
			).toBeVisible();
			await audit(page);
			await page.goto('/espace-pro?q=06%2012');
			await audit(page);
			await page.goto('/espace-pro?assigned=moi');
			await audit(page);
			// The bulk form: an error (nothing checked), then a report with a refusal.
			await page.goto(`/espace-pro?q=${nom}`);
			await page.getByRole('button', { name: 'Attribuer', exact: true }).click();
			await expect(page.getByRole('alert')).toContainText('Cochez au moins une demande');
			await audit(page);
			await page.goto(`/espace-pro?q=${nom}&assignees=1&refus=${found.reference}.already_assigned`);
			await expect(page.locator('#bulk-report')).toContainText('1 demande attribuée.');
			await audit(page);
		});

		test('outreach campaigns (ADR 044): the landing (known and unknown code), the list, the create form with errors, a campaign, its letter, its statistics', async ({
			page
		}) => {
			test.setTimeout(180_000);
			await page.goto('/c/ARRET9/974');
			await expect(page.getByRole('heading', { level: 1 })).toContainText('peut vous aider');
			await audit(page);
			await page.goto('/c/ZZZZZZ');
			await expect(page.getByRole('heading', { level: 1 })).toContainText("n'est plus en service");
			await audit(page);
			await staffLogin(page, RESPONSABLE_974, { retour: '/espace-pro/campagnes' });
			await audit(page);
			await page.getByRole('link', { name: 'Nouvelle campagne' }).click();
			await page.getByRole('button', { name: 'Créer la campagne' }).click();
			await expect(page.getByRole('alert')).toContainText('Indiquez le nom de la campagne');
			await audit(page);
			await page.goto('/espace-pro/campagnes');
			await page.getByRole('link', { name: 'Arrêts de 90 jours (démonstration)' }).click();
			await expect(page.locator('dd.code')).toHaveText('ARRET9');
			await audit(page);
			await page.getByRole('link', { name: /^Courrier du 974/ }).click();
			await audit(page);
			await page.goto('/espace-pro/statistiques/campagnes');
			await audit(page);
		});

		test('the 6-month follow-up (ADR 045): the consent on the manage page, the one-time page with errors, its thanks and spent link; the staff record form with errors, the section, the statistics', async ({
			page
		}) => {
			test.setTimeout(180_000);
			const agreed = await bookDemande({
				departement: '69',
				mode: 'telephone',
				slot: javaScript ? 40 : 41,
				nom: 'Suiviaudit',
				suiviConsent: true
			});
			await page.goto(`/rendez-vous/gerer/${agreed.token}`);
			await expect(page.getByRole('button', { name: 'Retirer mon accord' })).toBeVisible();
			await audit(page);
			const token = await followUpSent(agreed);
			await page.goto(`/suivi/${token}`);
			await audit(page);
			await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
			await expect(page.getByRole('alert')).toContainText('Dites si vous travaillez');
			await audit(page);
			await page.getByLabel("Oui, et j'ai un projet professionnel").check();
			await page
				.getByRole('group', { name: "Travaillez-vous aujourd'hui ?" })
				.getByLabel('Non', { exact: true })
				.check();
			await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Merci pour vos réponses');
			await audit(page);
			await page.goto(`/suivi/${token}`);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				'Ce lien ne fonctionne plus'
			);
			await audit(page);

			const byPhone = await bookDemande({
				departement: '69',
				mode: 'telephone',
				slot: javaScript ? 42 : 43,
				nom: 'Suiviaudit'
			});
			await staffLogin(page, AGENT_69, {
				retour: `/espace-pro/demandes/${byPhone.reference}/suivi`
			});
			await auditPhoneRecord(page);
			await expect(page.getByRole('region', { name: 'Suivi à 6 mois' })).toContainText(
				'par téléphone'
			);
			await audit(page);
			await page.goto('/espace-pro/statistiques/suivi?par=source');
			await expect(
				page.getByRole('heading', { name: 'Table de calibrage du score' })
			).toBeVisible();
			await audit(page);
		});
	});
}

// The audit itself (helpers.ts runs axe-core in the page, injected once per document): it
// reports a violation, also one that appears in a state of a page already audited.
test('the audit fails on a violation, also in a later state of an audited page', async ({
	page
}) => {
	await page.goto('/questionnaire');
	await expectNoA11yViolations(page);
	await page.evaluate(() => {
		const image = document.createElement('img');
		image.src = '/favicon.png';
		document.querySelector('main')!.append(image);
	});
	await expect(expectNoA11yViolations(page)).rejects.toThrow(/image-alt/);
});

// Évènements (ADR 043). The public pages ship no script: audited once, in French and English,
// with the registration form's errors and the manage page's states. The back-office pages with
// JavaScript on and off.
test.describe('accessibility, évènements', () => {
	test('public list, évènement page with errors, manage page, erased page', async ({ page }) => {
		test.setTimeout(180_000);
		const id = await publishedEvenement({ titleFr: 'Réunion audit e2e', kind: 'forum' });
		for (const path of [
			'/evenements',
			'/evenements?departement=974',
			'/evenements?code=ZZZZ2222',
			`/evenements/${id}`
		]) {
			await page.goto(path);
			await expectNoScript(page);
			await expectNoA11yViolations(page);
		}
		await page.getByRole('button', { name: "M'inscrire" }).click();
		await expect(page.getByRole('alert')).toContainText('erreurs à corriger');
		await expectNoA11yViolations(page);
		await page.getByLabel('Nom, prénom ou pseudonyme').fill('Inscritjs');
		await page.getByLabel('Adresse e-mail').fill(distinctContact('inscritjs').email);
		await page.getByLabel(/J'accepte que mes coordonnées/).check();
		await page.getByRole('button', { name: "M'inscrire" }).click();
		await expect(page.getByRole('status')).toContainText('Votre place est réservée.');
		await expectNoScript(page);
		await expectNoA11yViolations(page);
		await page.getByRole('button', { name: 'Supprimer mes données' }).click();
		await expectNoA11yViolations(page);
		await page
			.getByRole('region', { name: /Voulez-vous vraiment/ })
			.getByRole('button', { name: 'Supprimer mes données' })
			.click();
		await expect(page).toHaveURL(/\/evenements\/supprime$/);
		await expectNoA11yViolations(page);
		await english(page);
		await page.goto(`/evenements/${id}`);
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expectNoA11yViolations(page);
	});

	for (const javaScript of [true, false]) {
		test(`back-office évènement pages, JavaScript ${javaScript ? 'on' : 'off'}`, async ({
			page
		}) => {
			test.setTimeout(180_000);
			if (!javaScript) await scriptsOff(page);
			const id = await publishedEvenement({
				titleFr: `Réunion audit pro ${javaScript ? 'js' : 'sans js'}`
			});
			await staffLogin(page, RESPONSABLE_974, { retour: '/espace-pro/evenements' });
			await audit(page);
			await page.goto('/espace-pro/evenements/nouveau');
			await audit(page);
			await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
			await expect(page.getByRole('alert')).toContainText('erreurs à corriger');
			await audit(page);
			for (const path of [
				`/espace-pro/evenements/${id}`,
				`/espace-pro/evenements/${id}/modifier`,
				`/espace-pro/evenements/${id}/presences`,
				'/espace-pro/statistiques/evenements'
			]) {
				await page.goto(path);
				await audit(page);
			}
		});
	}
});

// The registration's consent to the 6-month follow-up (ADR 045 addendum): the manage page with
// the consent given, then withdrawn (public pages without script: audited once).
test('accessibility, the follow-up consent on a registration to an évènement', async ({ page }) => {
	const id = await publishedEvenement({ titleFr: 'Réunion audit suivi' });
	await page.goto(`/evenements/${id}`);
	await page.getByLabel('Nom, prénom ou pseudonyme').fill('Suivievenement');
	await page.getByLabel('Adresse e-mail').fill(distinctContact('suivievenement').email);
	await page.getByLabel(/Acceptez-vous que le service social vous recontacte/).check();
	await page.getByLabel(/J'accepte que mes coordonnées/).check();
	await page.getByRole('button', { name: "M'inscrire" }).click();
	const section = page.getByRole('region', { name: 'Nouvelles dans 6 mois' });
	await expect(section).toContainText('Vous avez accepté le');
	await expectNoA11yViolations(page);
	await section.getByRole('button', { name: 'Retirer mon accord' }).click();
	await expect(section).toContainText('Vous avez retiré votre accord');
	await expectNoA11yViolations(page);
});

// The follow-up statistics when the questions changed (ADR 045 addendum): one table per version
// of the follow-up questions, each under its heading. An older version's kept counts in 69 (no
// spec reads 69's follow-up tables by name).
test('accessibility, the follow-up statistics with two versions of the questions', async ({
	page
}) => {
	await e2eDb()
		.insert(schema.suiviStats)
		.values({
			month: '2026-01',
			outcome: 'emploi_meme_poste',
			departement: '69',
			source: 'moi_meme',
			questionnaireVersion: 'non_partage',
			level: 'non_partage',
			category: '_contacte',
			count: 3,
			suiviVersion: 'suivi-2025-1'
		})
		.onConflictDoNothing();
	await staffLogin(page, AGENT_69, { retour: '/espace-pro/statistiques/suivi?departement=69' });
	await expect(
		page.getByRole('heading', { name: 'Questions du suivi, version suivi-2025-1' })
	).toBeVisible();
	await expectNoA11yViolations(page);
});

// A registration's follow-up obtained by phone (ADR 045 addendum): the attendance list with the
// link, the record form, with errors, and the confirmation back on the list.
for (const javaScript of [true, false]) {
	test(`accessibility, a registration's follow-up recorded by phone, JavaScript ${javaScript ? 'on' : 'off'}`, async ({
		page
	}) => {
		test.setTimeout(120_000);
		if (!javaScript) await scriptsOff(page);
		const id = await publishedEvenement({ titleFr: 'Réunion audit suivi téléphone' });
		const person = await followedRegistration(id, 'Suiviauditphone');
		await staffLogin(page, RESPONSABLE_974, { retour: `/espace-pro/evenements/${id}/presences` });
		await audit(page);
		await page.getByRole('link', { name: /Saisir le suivi obtenu par téléphone/ }).click();
		await expect(page).toHaveURL(new RegExp(`/suivi/${person.id}$`));
		await auditPhoneRecord(page);
		await expect(page.getByRole('status')).toContainText('Le suivi obtenu par téléphone');
		await audit(page);
	});
}

/** A phone record of a follow-up (ADR 045) audited as loaded and with its errors, then sent. */
async function auditPhoneRecord(page: Page): Promise<void> {
	await audit(page);
	await page.getByRole('button', { name: 'Enregistrer le suivi' }).click();
	await expect(page.getByRole('alert')).toContainText('Dites si vous êtes toujours');
	await audit(page);
	await page.getByLabel('Non, mon arrêt de travail est terminé').check();
	await page.getByLabel('Oui, chez un autre employeur').check();
	await page.getByRole('button', { name: 'Enregistrer le suivi' }).click();
}
