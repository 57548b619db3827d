import { expect, test } from '@playwright/test';
import { staffLogin } from './helpers';

/*
 * ChoiceGroup (ADR 033), without JavaScript: a group of radios or checkboxes posted without an
 * answer shows its error inside the fieldset, ties it to the fieldset (aria-describedby: its
 * hint, then its error) and marks every input of the group invalid (the hand-wired groups of
 * this form did not mark their inputs).
 */

test.use({ javaScriptEnabled: false });

test('a team member posted without role, then without département: each group in error', async ({
	page
}) => {
	await staffLogin(page, 'admin@demo.portail-pdp.invalid', {
		retour: '/espace-pro/equipe/nouveau'
	});
	const roles = page.getByRole('group', { name: 'Rôle' });
	const departements = page.getByRole('group', { name: /^Départements/ });
	await expect(roles.getByRole('radio').first()).not.toHaveAttribute('aria-invalid', /.*/);
	await expect(departements).toHaveAttribute('aria-describedby', 'departements-hint');

	await page.getByRole('button', { name: 'Créer le compte' }).click();

	await expect(roles).toHaveAttribute('aria-describedby', 'role-error');
	await expect(page.locator('#role-error')).not.toBeEmpty();
	for (const radio of await roles.getByRole('radio').all()) {
		await expect(radio).toHaveAttribute('aria-invalid', 'true');
	}
	await expect(departements).toHaveAttribute('aria-describedby', 'departements-hint');

	// An agent needs a département: the checkbox group is in error, the role is kept.
	await page.getByLabel('Nom et prénom').fill('Agent Sans Département');
	await page.getByLabel('Adresse e-mail professionnelle').fill('e2e-choices@example.invalid');
	await roles.getByRole('radio', { name: /^Agent/ }).check();
	await page.getByRole('button', { name: 'Créer le compte' }).click();
	await expect(departements).toHaveAttribute(
		'aria-describedby',
		'departements-hint departements-error'
	);
	await expect(page.locator('#departements-error')).not.toBeEmpty();
	for (const box of await departements.getByRole('checkbox').all()) {
		await expect(box).toHaveAttribute('aria-invalid', 'true');
	}
	await expect(roles.getByRole('radio', { name: /^Agent/ })).toBeChecked();
	await expect(roles).not.toHaveAttribute('aria-describedby', /.*/);
	// The ids the error summary links to did not change.
	await expect(page.locator('#role-agent')).toHaveAttribute('type', 'radio');
	await expect(page.locator('#departement-974')).toHaveAttribute('type', 'checkbox');
	// Role hints stay inside the label: the radio's name starts with the role.
	await expect(roles.getByRole('radio', { name: /^Agent/ })).toHaveCount(1);
});
