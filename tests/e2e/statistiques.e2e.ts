import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { staffLogin } from './helpers';

/*
 * Statistics (docs/statistics.md, ADR 015) with the demo history (seed-history.ts): a demo agent of 69 and 01
 * reads the figures, filters with the keyboard only, downloads the CSV, and gets a 404 for a
 * département that is not theirs, on the page and on the export. Also without JavaScript.
 */

const AGENT_69 = 'agent.69@demo.portail-pdp.invalid';
const BOM = '\uFEFF';

/** Presses Tab until the element with this id has the focus (keyboard only). */
async function tabTo(page: Page, id: string): Promise<void> {
	for (let i = 0; i < 60; i += 1) {
		await page.keyboard.press('Tab');
		if (await page.evaluate((target) => document.activeElement?.id === target, id)) return;
	}
	throw new Error(`#${id} never got the focus`);
}

const keyFigure = (page: Page, label: string) =>
	page
		.locator('.key-figures > div', { has: page.locator('dt', { hasText: label }) })
		.locator('dd')
		.first();
const count = async (page: Page, label: string) =>
	Number((await keyFigure(page, label).innerText()).replace(/\s/g, ''));

function parse(csv: string): string[][] {
	return csv
		.replace(BOM, '')
		.split('\r\n')
		.filter((line) => line !== '')
		.map((line) => line.split(';'));
}

test('an agent reads the statistics of their départements, filters with the keyboard, downloads the CSV', async ({
	page
}) => {
	test.slow();
	await staffLogin(page, AGENT_69);
	await page
		.getByRole('navigation', { name: 'Espace professionnel' })
		.getByRole('link', { name: 'Statistiques' })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Statistiques');
	await expect(
		page.getByRole('heading', {
			level: 2,
			name: /^Chiffres clés : vos 2 départements, de .+ à .+$/
		})
	).toBeVisible();
	const all = await count(page, 'Demandes reçues');
	expect(all).toBeGreaterThan(0);
	// Charts are images with a name and a description, each followed by its table.
	for (const name of [
		'Demandes reçues par mois',
		'Comment les personnes ont connu le portail',
		'Niveau de risque du questionnaire',
		'Issues à la clôture',
		'Part des rendez-vous tenus sous 14 jours, par mois'
	]) {
		await expect(page.getByRole('img', { name })).toBeVisible();
	}
	// Five charts' tables and the prioritaire demandes' table (ADR 039).
	await expect(page.getByRole('table')).toHaveCount(6);
	await expect(page.locator('caption')).toHaveCount(6);
	await expect(
		page.getByRole('heading', { level: 2, name: 'Demandes prioritaires' })
	).toBeVisible();
	// No personal data on the page: no reference, no name (the page text and its markup; the
	// serialized translations elsewhere in the HTML hold an example reference, not data).
	const main = await page.locator('main').innerHTML();
	expect(main).toMatch(/<svg/);
	expect(main).not.toMatch(/PDP-[A-Z2-9]{8}|Fictive|Alix|Camille/);

	// Keyboard only: choose the 01 and submit.
	await tabTo(page, 'stats-departement');
	await page.keyboard.press('ArrowDown');
	await expect(page.locator('#stats-departement')).toHaveValue('01');
	await tabTo(page, 'stats-submit');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/[?&]departement=01(&|$)/);
	await expect(
		page.getByRole('heading', { level: 2, name: /^Chiffres clés : Ain, / })
	).toBeVisible();
	const ain = await count(page, 'Demandes reçues');
	expect(ain).toBeGreaterThan(0);
	expect(ain).toBeLessThan(all);

	// The CSV of what is shown.
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Télécharger ces chiffres (fichier CSV)' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^statistiques-01-\d{4}-\d{2}-\d{4}-\d{2}\.csv$/);
	const text = await readFile((await download.path())!, 'utf-8');
	expect(text.startsWith(BOM)).toBe(true);
	const rows = parse(text);
	const header = rows[0]!;
	expect(header.slice(0, 4)).toEqual([
		'Mois',
		'Demandes',
		'Demandes de rendez-vous',
		'Demandes de rappel'
	]);
	expect(header).toContain('Part tenue sous 14 jours (%)');
	expect(header).toContain('Part des prioritaires jointes dans le délai (%)');
	expect(rows.every((row) => row.length === header.length)).toBe(true);
	expect(rows.slice(1, -1).every((row) => /^\d{4}-\d{2}$/.test(row[0]!))).toBe(true);
	const total = rows.at(-1)!;
	expect(total[0]).toBe('Total');
	// The suite books in 01 in parallel: between the page and its CSV, a demande may arrive. The
	// CSV counts what the page counted, plus at most what arrived meanwhile (reloaded after).
	expect(Number(total[1])).toBeGreaterThanOrEqual(ain);
	await page.reload();
	expect(Number(total[1])).toBeLessThanOrEqual(await count(page, 'Demandes reçues'));
	expect(text).not.toMatch(/PDP-|Fictive|NaN/);

	// A year: January to December (or to this month).
	await page.getByLabel('Année').selectOption(String(new Date().getFullYear() - 1));
	await page.getByRole('button', { name: 'Afficher' }).click();
	await expect(
		page.getByRole('heading', {
			level: 2,
			name: new RegExp(
				`de janvier ${new Date().getFullYear() - 1} à décembre ${new Date().getFullYear() - 1}`
			)
		})
	).toBeVisible();
});

test('another département’s statistics are a 404, on the page and on the CSV (IDOR)', async ({
	page
}) => {
	await staffLogin(page, AGENT_69);
	for (const query of ['departement=974', 'departement=974&year=2026', 'departement=..%2F69']) {
		const response = await page.goto(`/espace-pro/statistiques?${query}`);
		expect(response?.status(), query).toBe(404);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
		expect(
			(await page.request.get(`/espace-pro/statistiques/export.csv?${query}`)).status(),
			query
		).toBe(404);
	}
	// Its own: fine, and never cached.
	const own = await page.request.get('/espace-pro/statistiques/export.csv?departement=69');
	expect(own.status()).toBe(200);
	expect(own.headers()['content-disposition']).toMatch(/^attachment; filename="statistiques-69-/);
	expect(own.headers()['cache-control']).toContain('no-store');
	// Not logged in: the login page, no figures.
	const anonymous = await page
		.context()
		.browser()!
		.newContext({ baseURL: test.info().project.use.baseURL });
	const response = await anonymous.request.get('/espace-pro/statistiques/export.csv', {
		maxRedirects: 0
	});
	expect(response.status()).toBe(303);
	expect(response.headers()['location']).toContain('/espace-pro/connexion');
	await anonymous.close();
});

test.describe('JavaScript off', () => {
	test.use({ javaScriptEnabled: false });

	test('the filters, a corrected period and the CSV work without JavaScript', async ({ page }) => {
		test.slow();
		await staffLogin(page, AGENT_69);
		await page.goto('/espace-pro/statistiques');
		await page.getByLabel('Département').selectOption('69');
		await page.getByLabel('Premier mois').fill('2026-03');
		await page.getByLabel('Dernier mois').fill('2026-01');
		await page.getByRole('button', { name: 'Afficher' }).click();
		await expect(page).toHaveURL(/departement=69/);
		// Reversed months are swapped, and the person is told.
		await expect(page.getByRole('status').filter({ hasText: 'La période demandée' })).toBeVisible();
		await expect(
			page.getByRole('heading', {
				level: 2,
				name: 'Chiffres clés : Rhône, de janvier 2026 à mars 2026'
			})
		).toBeVisible();
		await expect(page.getByLabel('Premier mois')).toHaveValue('2026-01');
		// (axe needs JavaScript: the same page is checked with JavaScript on above.)
		const href = await page
			.getByRole('link', { name: 'Télécharger ces chiffres (fichier CSV)' })
			.getAttribute('href');
		expect(href).toBe('/espace-pro/statistiques/export.csv?departement=69&from=2026-01&to=2026-03');
		const csv = await page.request.get(href!);
		expect(csv.status()).toBe(200);
		const rows = parse(await csv.text());
		expect(rows.map((row) => row[0])).toEqual(['Mois', '2026-01', '2026-02', '2026-03', 'Total']);
	});
});
