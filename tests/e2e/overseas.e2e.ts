import { expect, test, type Page } from '@playwright/test';
import { completeQuestionnaire, expectNoA11yViolations, staffLogin } from './helpers';

/*
 * Default closures of Guadeloupe and Martinique (issue #13 §4, ADR 038): the demo responsable
 * of 971/972 opens Good Friday and closes it again, JavaScript on and off. The slots that follow
 * (the date is months away from the 14-day window) are checked in
 * tests/integration/overseas.spec.ts. Only 971's setting changes here, and the last test
 * leaves it closed again.
 */
test.describe.configure({ mode: 'serial' });

const RESPONSABLE_971 = 'responsable.971@demo.portail-pdp.invalid';
const RESPONSABLE_974 = 'responsable.974@demo.portail-pdp.invalid';

const section = (page: Page, code: string) => page.getByRole('region', { name: `(${code})` });

test('with JavaScript: the responsable of 971 opens Good Friday', async ({ page }) => {
	await staffLogin(page, RESPONSABLE_971, { retour: '/espace-pro/agendas' });
	const guadeloupe = section(page, '971');
	await expect(
		guadeloupe.getByRole('heading', { name: 'Jours habituellement fermés' })
	).toBeVisible();
	await expect(guadeloupe.getByText('Vendredi saint — fermé (par défaut)')).toBeVisible();
	await expectNoA11yViolations(page);
	await guadeloupe.getByRole('button', { name: 'Ouvrir : Vendredi saint' }).click();
	await expect(page.getByRole('status')).toContainText('Le jour a été ouvert');
	await expect(section(page, '971').getByText('Vendredi saint — ouvert')).toBeVisible();
	await expectNoA11yViolations(page);
	// Martinique keeps its own setting (the page after the change shows 971 alone).
	await page.goto('/espace-pro/agendas');
	await expect(section(page, '971').getByText('Vendredi saint — ouvert')).toBeVisible();
	await expect(section(page, '972').getByText('Vendredi saint — fermé (par défaut)')).toBeVisible();
});

test('without JavaScript: the same responsable closes it again', async ({ browser }) => {
	const context = await browser.newContext({
		baseURL: test.info().project.use.baseURL,
		locale: 'fr-FR',
		javaScriptEnabled: false
	});
	const page = await context.newPage();
	try {
		await staffLogin(page, RESPONSABLE_971, { retour: '/espace-pro/agendas' });
		await section(page, '971')
			.getByRole('button', { name: 'Fermer de nouveau : Vendredi saint' })
			.click();
		await expect(page).toHaveURL(/departement=971&fait=fermeture-habituelle$/);
		await expect(page.getByRole('status')).toContainText('Le jour est de nouveau fermé');
		await expect(
			section(page, '971').getByText('Vendredi saint — fermé (par défaut)')
		).toBeVisible();
	} finally {
		await context.close();
	}
});

test('La Réunion has no such setting, and a crafted post for 971 from 974 is refused', async ({
	page
}) => {
	await staffLogin(page, RESPONSABLE_974, { retour: '/espace-pro/agendas' });
	await expect(page.getByRole('heading', { name: 'Jours habituellement fermés' })).toHaveCount(0);
	const response = await page.request.post('/espace-pro/agendas?/defaultClosure', {
		form: { departement: '971', holiday: 'vendredi-saint', open: '1' },
		headers: { origin: test.info().project.use.baseURL! },
		maxRedirects: 0
	});
	// Another département's setting is not found, as any object out of scope.
	expect(response.status()).toBe(404);
});

test('public wording: the 36 46 says it may differ overseas; an unconfirmed Carsat label is not shown', async ({
	page
}) => {
	await page.goto('/');
	await expect(page.locator('footer')).toContainText(
		"Depuis l'outre-mer, le numéro peut être différent."
	);
	// Nord (59): the Carsat's current label is only probable (docs/domain/departements.md).
	await completeQuestionnaire(page, '59');
	const main = page.locator('main');
	await expect(main).toContainText("c'est le service social de la Carsat de votre région");
	await expect(main).not.toContainText('Hauts-de-France');
	// A metropolitan département is known: the 36 46 without the overseas caveat.
	await expect(main.getByRole('link', { name: 'Appeler le 36 46' })).toBeVisible();
	await expect(main).not.toContainText('outre-mer');
});
