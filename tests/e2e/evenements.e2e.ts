import { expect, test } from '@playwright/test';
import {
	RESPONSABLE_974,
	dayIn974,
	demandesOf,
	evenementStarted,
	inscriptionOf,
	messagesOf,
	publishedEvenement,
	remindAt,
	startOf,
	tokenOf
} from './evenement-builders';
import { signIn } from './helpers';
import { attempt } from './builders';
import { distinctContact } from './persons';

/*
 * Évènements (ADR 043): the whole loop — staff publish, a person registers (JavaScript off and
 * on), is reminded, is marked present, books a rendez-vous from the follow-up link, and the
 * funnel shows 1 → 1 → 1.
 */

for (const javaScript of [false, true]) {
	test(`the loop of an évènement, registration with JavaScript ${javaScript ? 'on' : 'off'}: publish, register, remind, attend, book, funnel 1 → 1 → 1`, async ({
		browser
	}) => {
		test.slow();
		// Of this attempt: a retry finds the first attempt's évènement in the list and the funnel.
		const title = `Réunion e2e ${javaScript ? 'js' : 'sans js'} ${attempt()}`;
		// Staff create and publish through the back office.
		const staff = await browser.newContext();
		const desk = await staff.newPage();
		await signIn(staff, RESPONSABLE_974);
		await desk.goto('/espace-pro/evenements/nouveau');
		await desk.getByLabel('Titre', { exact: true }).fill(title);
		await desk.getByLabel('Date', { exact: true }).fill(dayIn974(3));
		await desk.getByLabel('Heure de début').fill('14:00');
		await desk.getByLabel('Durée (minutes)').fill('90');
		await desk.getByLabel('En ligne (visio)').check();
		await desk.getByLabel('Lien de la visio').fill('https://visio.example.org/e2e');
		await desk.getByLabel('Nombre de places').fill('20');
		await desk.getByLabel("Date limite d'inscription").fill(dayIn974(2));
		await desk.getByLabel("Heure limite d'inscription").fill('18:00');
		await desk.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
		await expect(desk.getByRole('status')).toContainText('Brouillon enregistré');
		const id = Number(/\/espace-pro\/evenements\/(\d+)/.exec(desk.url())![1]);
		await desk.getByRole('button', { name: 'Publier' }).click();
		await expect(desk.getByRole('status')).toContainText('Évènement publié.');

		// A person registers from the public list.
		const visitor = await browser.newContext({ javaScriptEnabled: javaScript });
		const page = await visitor.newPage();
		const { email } = distinctContact(javaScript ? 'inscritjs' : 'inscritsansjs');
		await page.goto(`/evenements?departement=974&source=accueil`);
		await page.getByRole('link', { name: new RegExp(title) }).click();
		await expect(page).toHaveURL(new RegExp(`/evenements/${id}\\?source=accueil`));
		await expect(page.locator('script')).toHaveCount(0);
		await page.getByRole('button', { name: "M'inscrire" }).click();
		await expect(page.getByRole('alert')).toContainText('Indiquez un nom');
		await page
			.getByLabel('Nom, prénom ou pseudonyme')
			.fill(javaScript ? 'Inscritjs' : 'Inscritsansjs');
		await page.getByLabel('Adresse e-mail').fill(email);
		await page.getByLabel(/Après la réunion, j'accepte/).check();
		await page.getByLabel(/J'accepte que mes coordonnées/).check();
		await page.getByRole('button', { name: "M'inscrire" }).click();
		await expect(page).toHaveURL(/\/evenements\/inscription\/[a-z2-7]{32}\?confirmation=1$/);
		await expect(page.getByRole('status')).toContainText('Votre place est réservée.');
		await expect(page.getByRole('link', { name: 'https://visio.example.org/e2e' })).toBeVisible();
		const inscription = (await inscriptionOf(id, email))!;
		expect(inscription.source).toBe('accueil');
		expect((await messagesOf(inscription.id)).map((m) => m.dedupeKey)).toContain(
			`inscription:${inscription.id}:confirmation`
		);

		// The reminders job, its clock injected to half an hour before the start. It queues the
		// reminders of every évènement due then: the other run of this test (JavaScript on/off, in
		// parallel) may have queued this one's already, so the message is what is checked.
		remindAt(new Date((await startOf(id)).getTime() - 30 * 60_000));
		expect((await messagesOf(inscription.id)).map((m) => m.dedupeKey)).toContain(
			`inscription:${inscription.id}:rappelHeure`
		);

		// The évènement takes place; staff take attendance on the checklist.
		await evenementStarted(id);
		await desk.goto(`/espace-pro/evenements/${id}/presences`);
		await desk.getByLabel(javaScript ? 'Inscritjs' : 'Inscritsansjs').check();
		await desk.getByRole('button', { name: 'Enregistrer les présences' }).click();
		await expect(desk.getByRole('status')).toContainText('Présences enregistrées.');
		await desk.getByRole('button', { name: "Envoyer le message après l'évènement" }).click();
		await expect(desk.getByRole('status')).toContainText('Message envoyé');

		// The follow-up link leads to the booking; the demande carries the évènement.
		const followUp = (await messagesOf(inscription.id)).find((m) =>
			m.dedupeKey?.endsWith(':suite')
		)!;
		await page.goto(`/evenements/suite/${tokenOf(followUp)}`);
		// The follow-up's link is the registration's manage link from now on: it can still be erased.
		await expect(
			page.getByRole('link', { name: 'Voir ou effacer mon inscription' })
		).toHaveAttribute('href', `/evenements/inscription/${tokenOf(followUp)}`);
		await page.getByRole('link', { name: 'Être rappelé' }).click();
		await expect(page).toHaveURL(/\/rendez-vous\/rappel\?departement=974/);
		await page.getByLabel('Nom', { exact: true }).fill(javaScript ? 'Inscritjs' : 'Inscritsansjs');
		await page.getByLabel('Prénom').fill('Camille');
		await page.getByLabel('Adresse e-mail').fill(email);
		await page.getByRole('button', { name: 'Envoyer ma demande de rappel' }).click();
		await expect(page).toHaveURL(/\/rendez-vous\/gerer\/[a-z2-7]{32}\?confirmation=1$/);
		expect(await demandesOf(id)).toHaveLength(1);

		// The funnel: 1 registered → 1 present → 1 demande.
		await desk.goto(`/espace-pro/evenements/${id}`);
		await expect(desk.getByRole('listitem').filter({ hasText: 'Inscrits' })).toHaveText(/: 1$/);
		await expect(desk.getByRole('listitem').filter({ hasText: 'Présents' })).toHaveText(/: 1$/);
		await expect(
			desk.getByRole('listitem').filter({ hasText: 'Demandes dans les 30 jours' })
		).toHaveText(/: 1$/);
		await desk.goto('/espace-pro/statistiques/evenements?departement=974');
		const row = desk.getByRole('row').filter({ hasText: title });
		await expect(row).toContainText('100');
		await visitor.close();
		await staff.close();
	});
}

test('an invitation-only évènement is not listed, and its code opens it', async ({ page }) => {
	const id = await publishedEvenement({
		invitationOnly: true,
		titleFr: 'Réunion sur invitation e2e'
	});
	await page.goto('/evenements?departement=974');
	await expect(page.getByRole('link', { name: /Réunion sur invitation e2e/ })).toHaveCount(0);
	expect((await page.goto(`/evenements/${id}`))?.status()).toBe(404);
	await page.goto('/evenements');
	await page.getByRole('textbox', { name: "Code d'invitation" }).fill('ZZZZ2222');
	await page.getByRole('button', { name: "Ouvrir l'invitation" }).click();
	await expect(page.getByText('Ce code ne correspond à aucune réunion')).toBeVisible();
});
