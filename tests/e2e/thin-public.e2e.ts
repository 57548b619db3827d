/**
 * Public forms on the shared form frame (ADR 030) and the #13 fixes on them: the contact step
 * says the rule of the chosen mode before sending and never lists a message twice; the
 * orientation form pre-selects no "who orients" and its honeypot is outside the
 * accessibility tree, yet still a trap.
 */
import { expect, test, type Page } from '@playwright/test';
import { demandesNamed } from './helpers';

async function firstSlot(page: Page, departement: string, mode: string): Promise<string> {
	await page.goto(`/rendez-vous/creneaux?departement=${departement}&mode=${mode}`);
	const value = await page.getByRole('radio').first().getAttribute('value');
	expect(value).toBeTruthy();
	return value!;
}

const contactPage = (departement: string, mode: string, slot: string) =>
	`/rendez-vous/coordonnees?${new URLSearchParams({ departement, mode, slot })}`;

for (const javaScriptEnabled of [true, false]) {
	test.describe(`public forms, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });

		test('the contact step says the rule of the chosen mode before sending', async ({ page }) => {
			await page.goto(contactPage('59', 'telephone', await firstSlot(page, '59', 'telephone')));
			await expect(page.locator('#reach-hint')).toHaveText(
				"Pour un rendez-vous par téléphone, votre numéro de téléphone est obligatoire : le conseiller vous appelle à ce numéro. L'adresse e-mail est facultative."
			);
			await expect(page.getByLabel('Numéro de téléphone')).toHaveAttribute('required', '');
			await expect(page.getByLabel('Adresse e-mail')).not.toHaveAttribute('required', '');

			await page.goto(contactPage('59', 'visio', await firstSlot(page, '59', 'visio')));
			await expect(page.locator('#reach-hint')).toContainText(
				'Pour un rendez-vous en visio, votre adresse e-mail est obligatoire'
			);
			await expect(page.getByLabel('Adresse e-mail')).toHaveAttribute('required', '');

			await page.goto(contactPage('974', 'accueil', await firstSlot(page, '974', 'accueil')));
			await expect(page.locator('#reach-hint')).toHaveText(
				'Donnez au moins un moyen de vous joindre : une adresse e-mail ou un numéro de téléphone.'
			);
		});

		test('the error summary lists a rule on two fields once', async ({ page }) => {
			await page.goto(contactPage('974', 'accueil', await firstSlot(page, '974', 'accueil')));
			await page.getByLabel('Nom', { exact: true }).fill('Payet');
			await page.getByLabel('Prénom', { exact: true }).fill('Marie');
			await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
			const alert = page.getByRole('alert');
			await expect(alert.getByRole('listitem')).toHaveText([
				'Indiquez une adresse e-mail ou un numéro de téléphone pour que le conseiller puisse vous joindre.'
			]);
			// Each field still says it next to itself.
			await expect(page.locator('#email-error')).toBeVisible();
			await expect(page.locator('#telephone-error')).toBeVisible();
		});

		test('the orientation form pre-selects nobody and refuses a missing "who orients"', async ({
			page
		}) => {
			await page.goto('/professionnels/orienter');
			const type = page.getByLabel('Vous êtes');
			await expect(type).toHaveValue('');
			await expect(type.locator('option:checked')).toHaveText('Choisir…');
			await page.getByRole('button', { name: 'Envoyer la demande' }).click();
			await expect(page.getByRole('alert')).toContainText('Indiquez qui vous êtes.');
			await expect(type).toHaveAttribute('aria-invalid', 'true');
			// A link that says the type still pre-selects it.
			await page.goto('/professionnels/orienter?type=medecin-travail');
			await expect(page.getByLabel('Vous êtes')).toHaveValue('medecin_travail');
		});
	});
}

test('the orientation honeypot is hidden from screen readers and keyboards, and still a trap', async ({
	page
}) => {
	await page.goto('/professionnels/orienter');
	const trap = page.locator('#website');
	await expect(trap.locator('xpath=..')).toHaveAttribute('aria-hidden', 'true');
	await expect(trap).toHaveAttribute('tabindex', '-1');
	await expect(trap).toHaveAttribute('autocomplete', 'off');
	await expect(page.getByRole('textbox', { name: 'Ne pas remplir ce champ' })).toHaveCount(0);

	const token = await page.locator('input[name="token"]').inputValue();
	const response = await page.request.post('/professionnels/orienter', {
		form: {
			type: 'employeur',
			proNom: 'Robot',
			proEmail: 'robot@example.org',
			nom: 'Trappe',
			prenom: 'Robot',
			telephone: '0612345678',
			departement: '69',
			motif: 'Spam',
			accord: 'oui',
			website: 'http://spam.example',
			token
		},
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(303);
	expect(response.headers().location).toBe('/professionnels/orienter/merci');
	expect(await demandesNamed('Trappe')).toHaveLength(0);
});
