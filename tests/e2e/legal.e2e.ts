import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { distinctContact, distinctNir } from './persons';

/*
 * Pages every French public service owes its users, linked from the footer, and the rights
 * of access and erasure from a booking's manage link (ADR 017). Bookings here use
 * départements 05 and 15, which no other spec books in.
 */

const MANAGE_URL = /\/rendez-vous\/gerer\/([a-z2-7]{32})(\?.*)?$/;

const pages = [
	{
		link: 'Mentions légales',
		path: '/mentions-legales',
		title: 'Mentions légales',
		en: 'Legal notice'
	},
	{
		link: 'Données personnelles',
		path: '/confidentialite',
		title: 'Politique de confidentialité',
		en: 'Privacy policy'
	},
	{
		link: 'Accessibilité : non conforme',
		path: '/accessibilite',
		title: "Déclaration d'accessibilité",
		en: 'Accessibility statement'
	},
	{ link: 'Plan du site', path: '/plan-du-site', title: 'Plan du site', en: 'Site map' }
];

const footer = (page: Page) => page.getByRole('contentinfo');

/** Books the first free phone slot of a département and returns the manage-link token. */
async function bookPhone(
	page: Page,
	departement: string,
	person: { nom: string; prenom: string; telephone: string; nir: string }
): Promise<string> {
	await page.goto(`/rendez-vous/creneaux?departement=${departement}&mode=telephone`);
	await page.getByRole('radio').first().check();
	await page.getByRole('button', { name: 'Continuer' }).click();
	await page.getByLabel('Nom', { exact: true }).fill(person.nom);
	await page.getByLabel('Prénom', { exact: true }).fill(person.prenom);
	await page.getByLabel('Numéro de téléphone').fill(person.telephone);
	await page.getByLabel('Numéro de sécurité sociale (facultatif)').fill(person.nir);
	await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
	await expect(page).toHaveURL(MANAGE_URL);
	return MANAGE_URL.exec(page.url())![1]!;
}

for (const javaScriptEnabled of [true, false]) {
	test.describe(`legal pages and data rights, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });

		for (const item of pages) {
			test(`the footer reaches "${item.title}", a page without JavaScript`, async ({ page }) => {
				test.slow();
				await page.goto('/');
				await footer(page).getByRole('link', { name: item.link, exact: true }).click();
				await expect(page).toHaveURL(new RegExp(`${item.path}$`));
				await expect(page.getByRole('heading', { level: 1 })).toHaveText(item.title);
				await expect(page.locator('script')).toHaveCount(0);
				await expect(
					footer(page).getByRole('link', { name: 'Espace médecins et partenaires' })
				).toHaveAttribute('href', '/professionnels');
				await expect(
					footer(page).getByRole('link', { name: 'Espace professionnel (service social)' })
				).toHaveAttribute('href', '/espace-pro');
			});
		}

		test('the pages say what is certain, what is to be completed, and how to act', async ({
			page
		}) => {
			await page.goto('/accessibilite');
			await expect(
				page.getByText('Le Portail PDP est non conforme avec le RGAA 4.1')
			).toBeVisible();
			await expect(page.getByText(/Aucun audit de conformité n'a encore été fait/)).toBeVisible();
			await expect(page.getByText(/Libre réponse 71120, 75342 Paris CEDEX 07/)).toBeVisible();
			await page.goto('/confidentialite');
			const table = page.getByRole('table', { name: 'Les données enregistrées par le portail' });
			// The header and eleven kinds of data (the 6-month follow-up's since ADR 045, évènement
			// registrations since ADR 043).
			await expect(table.getByRole('row')).toHaveCount(12);
			await expect(table).toContainText('recontacté(e) dans 6 mois');
			await expect(table.getByRole('columnheader')).toHaveText([
				'Données',
				'Pourquoi',
				'Combien de temps',
				'Qui les voit'
			]);
			await expect(page.getByText('À confirmer :')).toBeVisible();
			await expect(page.getByText('Délégué(e) à la protection des données (DPO) :')).toBeVisible();
			await page.getByRole('link', { name: 'Vos droits et comment les exercer' }).click();
			await expect(page).toHaveURL(/\/confidentialite#droits$/);
			await page.goto('/plan-du-site');
			await expect(
				page.getByRole('link', { name: "Réunions d'information et forums PDP" })
			).toHaveAttribute('href', '/evenements');
			await page.getByRole('link', { name: 'Temps partiel thérapeutique' }).click();
			await expect(page).toHaveURL(/\/dispositifs\/temps-partiel-therapeutique$/);
		});

		test('a booking can download its data as JSON, then erase it for good', async ({ page }) => {
			test.slow();
			// A phone and a NIR of their own per attempt: the per-person limit (ADR 026) counts the
			// bookings of other specs and of an attempt before this one that kept its rendez-vous.
			const contact = {
				telephone: distinctContact().telephone.replace(/ /g, ''),
				nir: distinctNir()
			};
			const person = javaScriptEnabled
				? { nom: 'Ravanel', prenom: 'Odilon', ...contact }
				: { nom: 'Chaudesaigues', prenom: 'Margot', ...contact };
			const token = await bookPhone(page, javaScriptEnabled ? '05' : '15', person);
			const manage = `/rendez-vous/gerer/${token}`;

			const section = page.getByRole('region', { name: 'Vos données' });
			await expect(section).toContainText(
				'Vous pouvez télécharger tout ce que le portail enregistre'
			);
			const downloading = page.waitForEvent('download');
			await section.getByRole('link', { name: 'Télécharger mes données (fichier JSON)' }).click();
			const download = await downloading;
			expect(download.suggestedFilename()).toMatch(/^portail-pdp-PDP-[A-Z2-9]{8}\.json$/);
			const file = JSON.parse(readFileSync((await download.path())!, 'utf8'));
			expect(file).toMatchObject({
				format: 'portail-pdp/donnees-personnelles',
				demande: {
					kind: 'rendez_vous',
					status: 'nouvelle',
					departement: { code: javaScriptEnabled ? '05' : '15' }
				},
				contact: {
					nom: person.nom,
					prenom: person.prenom,
					telephone: person.telephone,
					nir: person.nir,
					email: null
				},
				questionnaire: { shared: false }
			});
			expect(file.rendezVous).toHaveLength(1);
			expect(file.rendezVous[0]).toMatchObject({ mode: 'telephone', status: 'confirme' });
			expect(JSON.stringify(file)).not.toContain(token);
			const direct = await page.request.get(`${manage}/donnees`);
			expect(direct.headers()['content-type']).toBe('application/json; charset=utf-8');
			expect(direct.headers()['cache-control']).toBe('private, no-store');
			expect(direct.headers()['content-disposition']).toMatch(
				/^attachment; filename="portail-pdp-PDP-[A-Z2-9]{8}\.json"$/
			);

			await page.goto(manage);
			await page.getByRole('button', { name: 'Supprimer mes données' }).click();
			await page.getByRole('button', { name: 'Oui, supprimer mes données' }).click();
			await expect(page).toHaveURL(/\/rendez-vous\/supprime$/);

			expect((await page.goto(manage))?.status()).toBe(404);
			const gone = await page.request.get(`${manage}/donnees`);
			expect(gone.status()).toBe(404);
			const body = await gone.text();
			expect(body).toBe(
				"Lien introuvable ou expiré. Si vous avez supprimé vos données, il n'y a plus rien à télécharger."
			);
			expect(body).not.toContain(person.nom);
		});
	});
}

test.describe('legal pages and data download, edge cases', () => {
	test('an unknown, tampered or malformed token gets the same 404, with nothing in it', async ({
		page
	}) => {
		const responses = await Promise.all(
			['a'.repeat(32), 'abcdefghijklmnopqrstuvwxyz234567', 'nope', '..%2F..%2Fetc'].map((token) =>
				page.request.get(`/rendez-vous/gerer/${token}/donnees`)
			)
		);
		const bodies = await Promise.all(responses.map((r) => r.text()));
		for (const response of responses) {
			expect(response.status()).toBe(404);
			expect(response.headers()['cache-control']).toBe('private, no-store');
			expect(response.headers()['content-type']).toBe('text/plain; charset=utf-8');
		}
		expect(new Set(bodies).size).toBe(1);
		expect(bodies[0]).toMatch(/^Lien introuvable ou expiré\./);
	});

	for (const item of pages) {
		test(`the English "${item.en}" page is complete (axe: a11y.e2e.ts)`, async ({
			page,
			context
		}) => {
			test.slow();
			await page.goto('/');
			await context.addCookies([{ name: 'pdp_lang', value: 'en', url: page.url() }]);
			await page.goto(item.path);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(item.en);
			await expect(page.locator('main')).not.toContainText('legal:');
			await expect(
				page.getByRole('contentinfo').getByRole('link', { name: 'Accessibility: not compliant' })
			).toBeVisible();
		});
	}
});
