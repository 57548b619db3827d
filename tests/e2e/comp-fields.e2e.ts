import { expect, test } from '@playwright/test';
import { staffLogin } from './helpers';

/*
 * The shared field components (ADR 033), without JavaScript: a field in error is marked invalid,
 * its message stands next to it and is tied to it (aria-describedby: its hint, then its error),
 * the summary links to it. (axe needs JavaScript in the page: the demande and statistics pages
 * are checked with it in demande-workflow.e2e.ts and statistiques.e2e.ts.)
 */

const AGENT = 'agent.69@demo.portail-pdp.invalid';

test.use({ javaScriptEnabled: false });

test('a demande note posted empty: the error is next to the field and tied to it', async ({
	page
}) => {
	test.slow(); // a demande page and a post, on a shared machine
	await staffLogin(page, AGENT);
	await page.getByRole('link', { name: /^PDP-/ }).first().click();
	await expect(page).toHaveTitle(/^Demande PDP-\S+ — /);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Demande PDP-/);

	const note = page.locator('#note-text');
	await expect(note).toHaveAttribute('aria-describedby', 'note-text-hint');
	// The note form's note is required: its hint must not call it optional.
	await expect(note).toHaveAttribute('required', '');
	await expect(page.locator('#note-text-hint')).not.toContainText('Facultatif');
	await expect(page.locator('#note-text-hint')).toContainText('caractères au plus');
	await expect(note).not.toHaveAttribute('aria-invalid', /.*/);
	await expect(page.locator('#note-text-error')).toHaveCount(0);

	await page.locator('form[action="?/note"]').getByRole('button').click();

	await expect(note).toHaveAttribute('aria-invalid', 'true');
	await expect(note).toHaveAttribute('aria-describedby', 'note-text-hint note-text-error');
	const message = page.locator('#note-text-error');
	await expect(message).toBeVisible();
	await expect(message).not.toBeEmpty();
	// The summary links to the field, with the same message.
	const summaryLink = page.getByRole('alert').getByRole('link');
	await expect(summaryLink).toHaveAttribute('href', '#note-text');
	await expect(summaryLink).toHaveText((await message.textContent())!.trim());
	// The other forms of the page are not in error.
	await expect(page.locator('[aria-invalid="true"]')).toHaveCount(1);
});

test('the statistics filters: labelled fields, the range hint tied to both months', async ({
	page
}) => {
	await staffLogin(page, AGENT, { retour: '/espace-pro/statistiques?from=2026-01&to=2026-03' });
	await expect(page).toHaveTitle(/^Statistiques — /);
	for (const id of ['stats-from', 'stats-to']) {
		await expect(page.locator(`#${id}`)).toHaveAttribute('aria-describedby', 'stats-range-hint');
	}
	await expect(page.getByLabel('Premier mois')).toHaveValue('2026-01');
	await expect(page.locator('#stats-year')).toHaveAttribute('name', 'year');
	await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
});
