import { expect, test, type Page } from '@playwright/test';
import { ownName, requestCallbackDemande } from './builders';
import { staffLogin } from './helpers';

/*
 * The inbox at work (ADR 040): one search field (reference, name, e-mail, phone) scoped to the
 * staff member's départements, the prioritaire filter, the "Mes demandes" view and the bulk
 * assignment, JavaScript on and off; and a list that fits 1 280 px without horizontal scroll.
 * The matching rules themselves are unit-tested (src/lib/staff/search-query.spec.ts,
 * src/lib/server/staff/inbox-search.spec.ts). The demandes are callback requests (builders.ts):
 * no slot taken from another spec.
 */

const AGENT_69 = 'agent.69@demo.portail-pdp.invalid';
const AGENT_69_NAME = 'Agent de démonstration (69, 01)';

/** Types `q` into the search field and submits the filters (the search is part of them). */
async function search(page: Page, q: string): Promise<void> {
	await page.getByLabel('Rechercher', { exact: true }).fill(q);
	await page.getByRole('button', { name: 'Filtrer' }).click();
	// This very search, not the previous one: the field shows the loaded search's `q`, so
	// typing while an earlier search is still loading would be overwritten when it lands.
	await expect(page).toHaveURL((url) => url.searchParams.get('q') === q);
}

for (const javaScriptEnabled of [true, false]) {
	test.describe(`JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });
		// A retry (CI) finds the first attempt's demandes in the database: names of this attempt.
		const js = () => ownName(javaScriptEnabled ? 'js' : 'sansjs');

		test('search: a name without accents, a reference without its dash; never another département’s demande', async ({
			page
		}) => {
			const mine = await requestCallbackDemande({
				departement: '69',
				nom: `Cherchemoi${js()}`,
				prenom: 'Éloïse'
			});
			const elsewhere = await requestCallbackDemande({
				departement: '974',
				nom: `Cherchemoi${js()}`,
				prenom: 'Éloïse'
			});
			await staffLogin(page, AGENT_69);

			await search(page, `eloise CHERCHEMOI${js()}`);
			await expect(page.getByRole('status').first()).toContainText('1 demande trouvée');
			await expect(page.getByRole('link', { name: mine.reference })).toBeVisible();
			await expect(page.getByRole('link', { name: elsewhere.reference })).toHaveCount(0);
			await expect(page.getByLabel('Rechercher', { exact: true })).toHaveValue(
				`eloise CHERCHEMOI${js()}`
			);

			await search(page, mine.reference.toLowerCase().replace('-', ''));
			await expect(page.getByRole('link', { name: mine.reference })).toBeVisible();

			// Another département's reference: the same "nothing" as an unknown one.
			await search(page, elsewhere.reference);
			await expect(page.getByRole('status').first()).toContainText(
				'Aucune demande de vos départements ne correspond'
			);
			await expect(page.getByRole('link', { name: elsewhere.reference })).toHaveCount(0);
		});

		test('the prioritaire filter lists the prioritaire demandes only', async ({ page }) => {
			const urgent = await requestCallbackDemande({
				departement: '69',
				nom: `Urgentine${js()}`,
				priority: 'rappel_rapide'
			});
			const plain = await requestCallbackDemande({ departement: '69', nom: `Urgentine${js()}` });
			await staffLogin(page, AGENT_69);
			await page.getByLabel('Seulement les demandes prioritaires').check();
			await search(page, `urgentine${js()}`);
			await expect(page).toHaveURL(/priority=1/);
			await expect(page.getByRole('link', { name: urgent.reference })).toBeVisible();
			await expect(page.getByRole('link', { name: plain.reference })).toHaveCount(0);
			await expect(page.getByLabel('Seulement les demandes prioritaires')).toBeChecked();
		});

		test('bulk assignment: two demandes to me, then Mes demandes; a second time is refused and reported', async ({
			page
		}) => {
			const one = await requestCallbackDemande({ departement: '01', nom: `Groupeun${js()}` });
			const two = await requestCallbackDemande({ departement: '01', nom: `Groupedeux${js()}` });
			await staffLogin(page, AGENT_69);
			await search(page, `groupe`);

			// Nothing checked: the error is announced, nothing is assigned.
			await page.getByLabel('Attribuer à').selectOption({ label: AGENT_69_NAME });
			await page.getByRole('button', { name: 'Attribuer', exact: true }).click();
			await expect(page.getByRole('alert')).toContainText(
				'Cochez au moins une demande de cette page.'
			);

			await page.getByLabel(`Sélectionner ${one.reference}`).check();
			await page.getByLabel(`Sélectionner ${two.reference}`).check();
			await page.getByLabel('Attribuer à').selectOption({ label: AGENT_69_NAME });
			await page.getByRole('button', { name: 'Attribuer', exact: true }).click();
			await expect(page.locator('#bulk-report')).toContainText('2 demandes attribuées.');
			// Back to the same list (the search is kept).
			await expect(page).toHaveURL(/q=groupe/);

			await page.getByRole('link', { name: 'Mes demandes' }).click();
			await expect(page).toHaveURL(/assigned=moi/);
			await expect(page.getByRole('link', { name: 'Mes demandes' })).toHaveAttribute(
				'aria-current',
				'page'
			);
			await expect(page.getByRole('link', { name: one.reference })).toBeVisible();
			await expect(page.getByRole('link', { name: two.reference })).toBeVisible();

			await page.getByLabel(`Sélectionner ${one.reference}`).check();
			await page.getByLabel('Attribuer à').selectOption({ label: AGENT_69_NAME });
			await page.getByRole('button', { name: 'Attribuer', exact: true }).click();
			const report = page.locator('#bulk-report');
			await expect(report).toContainText('0 demande attribuée.');
			await expect(report).toContainText('1 demande n’a pas été attribuée');
			await expect(report).toContainText(
				`${one.reference} : La demande est déjà attribuée à cette personne.`
			);
		});
	});
}

test('the inbox fits 1 280 px without horizontal scroll, and a phone screen too', async ({
	page
}) => {
	await page.setViewportSize({ width: 1280, height: 800 });
	await staffLogin(page, AGENT_69);
	const overflow = () =>
		page.evaluate(() => {
			const root = document.scrollingElement!;
			return root.scrollWidth - root.clientWidth;
		});
	expect(await overflow()).toBeLessThanOrEqual(0);
	// The filters stay in view while the list scrolls.
	await page.mouse.wheel(0, 2000);
	await expect(page.getByLabel('Rechercher', { exact: true })).toBeInViewport();

	await page.setViewportSize({ width: 375, height: 700 });
	expect(await overflow()).toBeLessThanOrEqual(0);
	await expect(page.getByLabel('Rechercher', { exact: true })).toBeVisible();
});
