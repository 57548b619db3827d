/**
 * The back-office after the application-layer refactor (ADR 030): the account page's refused
 * forms (one failure shape, JS on and off) and the `id` param matcher. Nothing here changes a
 * shared demo account (no password change, no wrong password or code that would count towards
 * the login throttle): the refusals are schema refusals.
 */
import { expect, test } from '@playwright/test';
import { staffLogin } from './helpers';

const PASSWORD = 'demo-portail-pdp-2026';
const AGENT_69 = 'agent.69@demo.portail-pdp.invalid';

for (const javaScriptEnabled of [true, false]) {
	test.describe(`JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });

		test('the account page shows a refused password change and a refused TOTP code on their own form, keeping the secret', async ({
			page
		}) => {
			await staffLogin(page, AGENT_69, { retour: '/espace-pro/compte' });
			await page.goto('/espace-pro/compte');
			await page.getByLabel('Mot de passe actuel').fill(PASSWORD);
			await page.getByLabel('Nouveau mot de passe').fill('une toute nouvelle phrase');
			await page.getByLabel('Confirmez le mot de passe').fill('une autre phrase encore');
			await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
			await expect(page.locator('#confirmation')).toHaveAttribute('aria-invalid', 'true');
			await expect(
				page.getByText('Les deux mots de passe ne sont pas identiques').first()
			).toBeVisible();
			// The TOTP form is untouched by the password form's errors.
			await expect(page.locator('#totp-code')).not.toHaveAttribute('aria-invalid', 'true');

			const secret = await page.locator('input[name="secret"]').inputValue();
			expect(secret).toMatch(/^[A-Z2-7]{32}$/);
			await page.locator('#totp-code').fill('12');
			await page.getByRole('button', { name: 'Activer la validation en deux étapes' }).click();
			await expect(page.getByText('Saisissez les 6 chiffres du code').first()).toBeVisible();
			await expect(page.locator('input[name="secret"]')).toHaveValue(secret);
			await expect(page.locator('#current')).not.toHaveAttribute('aria-invalid', 'true');
		});
	});
}

test('ids in back-office URLs must be positive integers: anything else is a 404', async ({
	page
}) => {
	await staffLogin(page, AGENT_69);
	for (const path of [
		'/espace-pro/agendas/007',
		'/espace-pro/agendas/1e3',
		'/espace-pro/agendas/0',
		'/espace-pro/equipe/abc'
	]) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(404);
	}
});
