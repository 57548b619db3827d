import { expect, test, type Page } from '@playwright/test';
import { dispositifIds, dispositifs, isSalarieOnly } from '../../src/lib/dispositifs/catalogue';

/**
 * The dispositifs guide, server-rendered: everything must work without JavaScript.
 * French by default (the browser's Accept-Language); English through the language cookie.
 */
test.use({ javaScriptEnabled: false, locale: 'fr-FR' });

const cards = (page: Page) => page.locator('.cards > li');

test.describe('/dispositifs list', () => {
	test('shows every dispositif with a link to its page', async ({ page }) => {
		await page.goto('/dispositifs');
		await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
		await expect(
			page.getByRole('heading', { level: 2, name: `${dispositifIds.length} dispositifs` })
		).toBeVisible();
		await expect(cards(page)).toHaveCount(dispositifIds.length);
		for (const id of dispositifIds) {
			await expect(page.locator(`.cards a[href="/dispositifs/${id}"]`)).toHaveCount(1);
		}
		await expect(
			page.getByText('Aucun filtre : tous les dispositifs sont affichés.')
		).toBeVisible();
	});

	test('the TI filter hides salarié-only dispositifs and shows the AMA', async ({ page }) => {
		await page.goto('/dispositifs');
		await page
			.getByRole('group', { name: 'Vous êtes :' })
			.getByLabel(/Travailleur ou travailleuse/)
			.check();
		await page.getByRole('button', { name: 'Filtrer' }).click();

		await expect(page).toHaveURL(/[?&]statut=ti(&|$)/);
		const expected = dispositifs.filter((d) => d.audience.statuts.includes('ti'));
		await expect(cards(page)).toHaveCount(expected.length);
		await expect(page.getByRole('link', { name: 'Visite de pré-reprise' })).toHaveCount(0);
		for (const d of dispositifs.filter(isSalarieOnly)) {
			await expect(page.locator(`.cards a[href="/dispositifs/${d.id}"]`)).toHaveCount(0);
		}
		await expect(page.locator('.cards a[href="/dispositifs/ama"]')).toHaveCount(1);
		// The active filter is shown in words and kept checked in the form.
		await expect(page.locator('.tags')).toContainText('Travailleur indépendant');
		await expect(
			page.getByRole('group', { name: 'Vous êtes :' }).getByLabel(/Travailleur ou travailleuse/)
		).toBeChecked();
	});

	test('combines filters from the query string', async ({ page }) => {
		await page.goto('/dispositifs?statut=salarie&origine=at_mp&rqth=non');
		await expect(page.locator('.cards a[href="/dispositifs/invalidite"]')).toHaveCount(0);
		await expect(page.locator('.cards a[href="/dispositifs/psop"]')).toHaveCount(0);
		await expect(page.locator('.cards a[href="/dispositifs/crpe"]')).toHaveCount(1);
		await expect(page.locator('.tags li')).toHaveCount(3);
	});

	test('ignores bad filter values politely', async ({ page }) => {
		const response = await page.goto('/dispositifs?statut=pirate&origine=%3Cscript%3E&rqth=ti');
		expect(response?.status()).toBe(200);
		await expect(page.getByText(/n'ont pas été compris/)).toBeVisible();
		await expect(cards(page)).toHaveCount(dispositifIds.length);
	});

	test('ships no JavaScript', async ({ page }) => {
		await page.goto('/dispositifs');
		await expect(page.locator('script[src], link[rel="modulepreload"]')).toHaveCount(0);
	});
});

test.describe('/dispositifs/[id]', () => {
	test('shows the sections, the caution box and the links', async ({ page }) => {
		await page.goto('/dispositifs/ama');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			"Aide pour un accompagnement au maintien dans l'activité (AMA)"
		);
		for (const name of [
			"Ce que c'est",
			'Pour qui',
			'Durée',
			"Qui doit être d'accord",
			'Vos indemnités journalières',
			'Qui contacter'
		]) {
			await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
		}
		await expect(page.getByRole('note')).toContainText('À demander au service social');
		await expect(
			page.getByRole('link', { name: 'Retour à la liste des dispositifs' }).first()
		).toHaveAttribute('href', '/dispositifs');
		await expect(page.getByRole('link', { name: 'Répondre au questionnaire' })).toHaveAttribute(
			'href',
			'/questionnaire'
		);
		await expect(page).toHaveTitle(/AMA/);
	});

	test('shows the legal references and no caution when every fact is sure', async ({ page }) => {
		await page.goto('/dispositifs/visite-pre-reprise');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Visite de pré-reprise');
		await expect(page.getByRole('note')).toHaveCount(0);
		await expect(page.getByText('L. 4624-2-4')).toBeVisible();
	});

	test('unknown id is a 404', async ({ page }) => {
		const response = await page.goto('/dispositifs/n-existe-pas');
		expect(response?.status()).toBe(404);
		const upper = await page.goto('/dispositifs/AMA');
		expect(upper?.status()).toBe(404);
	});

	test('English version via the pdp_lang cookie', async ({ page, context, baseURL }) => {
		await context.addCookies([{ name: 'pdp_lang', value: 'en', url: baseURL! }]);
		await page.goto('/dispositifs/essai-encadre');
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		for (const name of [
			'What it is',
			'Who it is for',
			'How long',
			'Who must agree',
			'Your daily allowances',
			'Who to contact'
		]) {
			await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
		}
		await page.goto('/dispositifs?statut=ti');
		await expect(page.getByRole('button', { name: 'Filter' })).toBeVisible();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Support schemes to prepare your return to work'
		);
	});
});

// Accessibility (axe) of the list and of every dispositif page: a11y.e2e.ts.
test('every dispositif page answers with one title', async ({ page }) => {
	for (const id of dispositifIds) {
		const response = await page.goto(`/dispositifs/${id}`);
		expect(response?.status(), id).toBe(200);
		await expect(page.getByRole('heading', { level: 1 }), id).toHaveCount(1);
	}
});
