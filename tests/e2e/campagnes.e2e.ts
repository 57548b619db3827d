import { expect, test, type Page } from '@playwright/test';
import { answerQuestions, choose, labels, staffLogin } from './helpers';
import { distinctContact } from './persons';

/*
 * Outreach campaigns (ADR 044), JavaScript on and off: an administrator creates a campaign and
 * opens its letter; a person arrives by the letter's link, completes the questionnaire and
 * books; the campaign statistics then show 1 arrival, 1 completed questionnaire, 1 demande.
 * Each run has its own département (nobody else books there) and its own campaign.
 */

const ADMIN = 'admin@demo.portail-pdp.invalid';

/** The administrator creates a campaign of `departement`; returns its code. */
async function createCampagne(page: Page, name: string, departement: string): Promise<string> {
	await staffLogin(page, ADMIN, { retour: '/espace-pro/campagnes' });
	await page.getByRole('link', { name: 'Nouvelle campagne' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nouvelle campagne');
	// An empty form: announced errors.
	await page.getByRole('button', { name: 'Créer la campagne' }).click();
	await expect(page.getByRole('alert')).toContainText('Indiquez le nom de la campagne');
	await page.getByLabel('Nom de la campagne').fill(name);
	await page.getByLabel('Destinataires').fill('arrêts de 90 jours, test de bout en bout');
	const today = new Date().toISOString().slice(0, 10);
	await page.getByLabel("Premier jour d'envoi").fill(today);
	await page.getByLabel("Dernier jour d'envoi").fill(today);
	await page.locator(`#departement-${departement}`).check();
	await page.getByRole('button', { name: 'Créer la campagne' }).click();
	await expect(page.getByRole('status')).toContainText('La campagne est créée.');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
	const code = (await page.locator('dd.code').innerText()).trim();
	expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);

	// The letter of the département: the short link in large type and its QR code, drawn here.
	await page.getByRole('link', { name: new RegExp(`^Courrier du ${departement} — `) }).click();
	await expect(page.locator('.letter-url')).toHaveText(new RegExp(`/c/${code}/${departement}$`));
	await expect(page.locator('.sheet svg[role="img"] title')).toContainText(
		`/c/${code}/${departement}`
	);
	return code;
}

for (const javaScriptEnabled of [true, false]) {
	test.describe(`campaigns, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		const departement = javaScriptEnabled ? '36' : '41';

		test('campaign link → questionnaire → booking → the statistics count 1 / 1 / 1', async ({
			page,
			browser
		}) => {
			// Two people's journeys in one test: generous on a loaded 2-core machine.
			test.setTimeout(240_000);
			const name = `Campagne de bout en bout ${departement}`;
			const code = await createCampagne(page, name, departement);

			// The person, on their own device (the public part with or without JavaScript).
			const context = await browser.newContext({ javaScriptEnabled });
			const person = await context.newPage();
			await person.goto(`/c/${code.toLowerCase()}/${departement}`);
			await expect(person.getByRole('heading', { level: 1 })).toHaveText(
				"Le service social de l'Assurance Maladie peut vous aider"
			);
			await person.getByRole('link', { name: 'Faire le point en 6 questions' }).click();
			await person.getByRole('button', { name: 'Commencer le questionnaire' }).click();
			await expect(person).toHaveURL(/\/questionnaire\/profil$/);
			// The letter's département and source are already chosen.
			await expect(person.getByLabel('Dans quel département habitez-vous ?')).toHaveValue(
				departement
			);
			await expect(person.getByLabel("Par un courrier de l'Assurance Maladie")).toBeChecked();
			await choose(person, 'Quelle est votre situation professionnelle ?', labels.salarieCdi);
			await choose(person, 'Pour quelle raison êtes-vous en arrêt de travail ?', labels.maladie);
			await choose(person, /reconnaissance de la qualité de travailleur handicapé/, labels.rqthNon);
			await person.getByRole('button', { name: 'Continuer' }).click();
			await answerQuestions(person);

			await person.getByRole('link', { name: 'Prendre rendez-vous (sous 14 jours)' }).click();
			await expect(person.getByLabel('Votre département')).toHaveValue(departement);
			await person.getByLabel('Par téléphone', { exact: true }).check();
			await person.getByRole('button', { name: 'Voir les créneaux libres' }).click();
			await expect(person.getByRole('heading', { level: 1 })).toHaveText('Choisissez un créneau');
			await person.getByRole('radio').first().check();
			await person.getByRole('button', { name: 'Continuer' }).click();
			await expect(person.getByRole('heading', { level: 1 })).toHaveText('Vos coordonnées');
			await person.getByLabel('Nom', { exact: true }).fill('Campagnard');
			await person.getByLabel('Prénom', { exact: true }).fill('Lettre');
			// A number of its own: the per-person limit (ADR 026) would refuse a retry's booking.
			await person.getByLabel('Numéro de téléphone').fill(distinctContact().telephone);
			await person.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
			await expect(person.getByRole('status')).toContainText('Votre rendez-vous est confirmé.');
			await context.close();

			// The statistics of the campaign: 1 arrival, 1 questionnaire, 1 demande (a rendez-vous), no
			// registration to an évènement.
			await page.goto('/espace-pro/statistiques/campagnes');
			const table = page.getByRole('table', { name: new RegExp(`^${name} \\(${code}\\)`) });
			const total = table.locator('tfoot tr');
			await expect(total.locator('td')).toHaveText(['1', '1', '1', '1', '0', '0', '0', '—', '—']);
		});
	});
}

test('an unknown campaign code still leads to the questionnaire, without a 500', async ({
	page
}) => {
	const response = await page.goto('/c/ZZZZZZ');
	expect(response?.status()).toBe(200);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText("Ce lien n'est plus en service");
	await expect(page.getByRole('link', { name: 'Faire le point en 6 questions' })).toHaveAttribute(
		'href',
		'/questionnaire?source=courrier-assurance-maladie'
	);
});
