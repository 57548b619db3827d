import { expect, test, type Browser, type Page } from '@playwright/test';
import { distinctContact } from './persons';

/*
 * Helper "bsplit" (#13 §4): what the manage page shows after a move, a cancellation and for a
 * callback request, JavaScript on and off. Its départements are its own (03, 04, 07, 08, 09, 18).
 */

async function freeSlots(page: Page, departement: string): Promise<string[]> {
	await page.goto(`/rendez-vous/creneaux?departement=${departement}&mode=telephone`);
	return page
		.getByRole('radio')
		.evaluateAll((radios) => radios.map((r) => (r as HTMLInputElement).value));
}

/** Books the first free phone slot by posting the public form; returns the manage page path. */
async function book(browser: Browser, departement: string): Promise<string> {
	const context = await browser.newContext({
		baseURL: test.info().project.use.baseURL,
		locale: 'fr-FR'
	});
	const page = await context.newPage();
	try {
		const slot = (await freeSlots(page, departement))[0];
		expect(slot, 'a free slot').toBeDefined();
		const query = new URLSearchParams({ departement, mode: 'telephone', slot: slot! });
		await page.goto(`/rendez-vous/coordonnees?${query}`);
		const token = await page.locator('input[name="token"]').inputValue();
		const response = await page.request.post(`/rendez-vous/coordonnees?${query}&/book`, {
			form: {
				nom: 'Ravanel',
				prenom: 'Odilon',
				...distinctContact('bsplit'),
				nir: '',
				message: '',
				departement,
				mode: 'telephone',
				slot: slot!,
				token,
				website: '',
				shareResult: 'non'
			},
			headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(response.status()).toBe(303);
		return `/rendez-vous/gerer/${token}`;
	} finally {
		await context.close();
	}
}

for (const javaScriptEnabled of [true, false]) {
	test.describe(`manage page after a change, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });
		const [rdvDep, callbackDep] = javaScriptEnabled ? ['03', '09'] : ['07', '18'];

		test('after a move, the cancel confirmation stands alone; after the cancellation nothing offers to change or cancel', async ({
			page,
			browser
		}) => {
			const manage = await book(browser, rdvDep);
			await page.goto(`${manage}?changer=1`);
			await page.getByRole('radio').nth(2).check();
			await page.getByRole('button', { name: 'Déplacer mon rendez-vous' }).click();
			await expect(page).toHaveURL(new RegExp(`${manage}\\?deplace=1$`));
			await expect(page.getByRole('status')).toContainText('Votre rendez-vous a été déplacé.');

			await page.getByRole('button', { name: 'Annuler le rendez-vous' }).click();
			await expect(
				page.getByRole('heading', { name: 'Êtes-vous sûr de vouloir annuler ce rendez-vous ?' })
			).toBeVisible();
			// The move's success banner does not stay over the question.
			await expect(page.getByText('Votre rendez-vous a été déplacé.')).toHaveCount(0);

			await page.getByRole('button', { name: 'Oui, annuler le rendez-vous' }).click();
			await expect(page).toHaveURL(new RegExp(`${manage}\\?annule=1$`));
			await expect(page.getByRole('status')).toContainText('Votre rendez-vous est annulé.');
			const main = page.locator('main');
			await expect(main).not.toContainText(/changer ou annuler/i);
			await expect(main).not.toContainText('annule aussi le rendez-vous');
			await expect(page.getByRole('button', { name: 'Annuler le rendez-vous' })).toHaveCount(0);
			await expect(page.getByRole('link', { name: 'Changer de créneau' })).toHaveCount(0);
			await expect(page.getByRole('heading', { name: 'Supprimer votre demande' })).toBeVisible();
			await expect(page.getByRole('button', { name: 'Supprimer mes données' })).toBeVisible();
		});

		test('a callback request never speaks of a rendez-vous to cancel', async ({ page }) => {
			await page.goto(`/rendez-vous/rappel?departement=${callbackDep}`);
			await page.getByLabel('Nom', { exact: true }).fill('Ravanel');
			await page.getByLabel('Prénom', { exact: true }).fill('Margot');
			await page.getByLabel('Adresse e-mail').fill(distinctContact('bsplit').email);
			await page.getByRole('button', { name: 'Envoyer ma demande de rappel' }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Votre demande de rappel');
			const main = page.locator('main');
			await expect(main).not.toContainText('annule aussi le rendez-vous');
			await expect(main).not.toContainText(/changer ou annuler/i);
			await expect(main).toContainText('annule aussi la demande de rappel');
		});
	});
}
