import { expect, test, type Page } from '@playwright/test';
import { dispositifIds } from '../../src/lib/dispositifs/catalogue';
import { choose, labels, startQuestionnaire } from './helpers';

/**
 * Issue #13 §1–3: the result page only names dispositifs open to the person (ADR 034), phone
 * numbers are tel: links, and no research marker reaches the public.
 */

async function answerAll(page: Page, statut: string, answers: string[]): Promise<void> {
	await startQuestionnaire(page);
	await choose(page, 'Quelle est votre situation professionnelle ?', statut);
	await choose(page, 'Pour quelle raison êtes-vous en arrêt de travail ?', labels.maladie);
	await page.getByLabel('Dans quel département habitez-vous ?').selectOption('971');
	await choose(page, /reconnaissance de la qualité de travailleur handicapé/, labels.rqthNon);
	await choose(page, 'Comment avez-vous connu ce portail ?', labels.sourceMoi);
	await page.getByRole('button', { name: 'Continuer' }).click();
	for (const [index, answer] of answers.entries()) {
		await expect(page).toHaveURL(new RegExp(`/questionnaire/question/${index + 1}$`));
		await page.getByRole('group').getByLabel(answer, { exact: true }).check();
		await page
			.getByRole('button', { name: index === 5 ? 'Voir le récapitulatif' : 'Continuer' })
			.click();
	}
	await page.getByRole('button', { name: 'Voir mon résultat' }).click();
	await expect(page).toHaveURL(/\/questionnaire\/resultat$/);
}

const main = (page: Page) => page.locator('main');

test.describe('result page advice follows the profile', () => {
	test('a salarié off work for less than a month is not sent to a pré-reprise', async ({
		page
	}) => {
		await answerAll(page, labels.salarieCdi, [
			"Moins d'1 mois",
			'3',
			'Non',
			'Difficiles',
			'Oui, beaucoup',
			'2'
		]);
		await expect(main(page).getByRole('heading', { name: 'Préparer votre retour' })).toBeVisible();
		await expect(main(page)).toContainText("S'il dépasse 30 jours");
		await expect(main(page).locator('a[href="/dispositifs/visite-pre-reprise"]')).toHaveCount(0);
		await expect(main(page)).not.toContainText('pré-reprise');
		// 971: the 36 46's access from overseas is not confirmed, so it is not given there.
		const serviceSocial = main(page)
			.getByRole('listitem')
			.filter({ has: page.getByRole('heading', { name: /Contacter le service social/ }) });
		await expect(serviceSocial).toContainText('indiqué sur ameli.fr');
		await expect(serviceSocial).not.toContainText('36 46');
		// The guide linked from the result is filtered on the same duration.
		const guide = main(page).locator('a[href^="/dispositifs?"]');
		await expect(guide).toHaveAttribute('href', /duree=moins_1_mois/);
		await guide.click();
		await expect(page.locator('a[href="/dispositifs/visite-pre-reprise"]')).toHaveCount(0);
		await expect(page.locator('a[href="/dispositifs/essai-encadre"]')).toHaveCount(1);
	});

	test('a travailleur indépendant is never told the médecin traitant can ask for a pré-reprise', async ({
		page
	}) => {
		await answerAll(page, labels.artisan, [
			'Entre 3 et 6 mois',
			'3',
			'Non',
			'Elle tourne au ralenti',
			'Oui, beaucoup',
			'2'
		]);
		const medecin = main(page)
			.getByRole('listitem')
			.filter({
				has: page.getByRole('heading', { name: 'En parler avec votre médecin traitant' })
			});
		await expect(medecin).toContainText('Temps partiel thérapeutique');
		await expect(medecin).not.toContainText('pré-reprise');
		await expect(main(page)).not.toContainText('pré-reprise');
		await expect(
			main(page).locator('a[href="/dispositifs/consultation-medico-professionnelle"]')
		).not.toHaveCount(0);
	});

	test('a salarié off work for more than a month is told about the pré-reprise', async ({
		page
	}) => {
		await answerAll(page, labels.salarieCdi, [
			'Entre 1 et 3 mois',
			'5',
			'Oui',
			'Bonnes, nous gardons le contact',
			'Un peu',
			'6'
		]);
		await expect(
			main(page).getByRole('heading', { name: 'Parler au médecin du travail' })
		).toBeVisible();
		await expect(
			main(page).locator('a[href="/dispositifs/visite-pre-reprise"]').first()
		).toBeVisible();
	});
});

test.describe('phone numbers are links', () => {
	test('the 36 46 of the home page and footer, and 3114 / 15 / 112 of the result page', async ({
		page
	}) => {
		await page.goto('/');
		const call = page.locator('main a[href="tel:3646"]');
		await expect(call).toHaveText('36 46');
		await expect(call).toHaveAccessibleName('Appeler le 36 46');
		await expect(page.locator('footer a[href="tel:3646"]')).toHaveCount(1);

		await answerAll(page, labels.salarieCdi, [
			'Plus de 6 mois',
			'0',
			'Non',
			'En conflit (désaccord important, contestation…)',
			"C'est très dur, je me sens à bout",
			'0'
		]);
		for (const [href, text] of [
			['tel:3114', '3114'],
			['tel:15', '15'],
			['tel:112', '112']
		] as const) {
			await expect(main(page).locator(`a[href="${href}"]`)).toHaveText(text);
		}
	});
});

/** Words of the research notes that must never reach the public (issue #13 §3). */
const markers = [
	/⚠/,
	/À vérifier/,
	/\[(?:à vérifier|probable|sûr)\]/i,
	/selon les sources/i,
	/ne sont pas claires/i,
	/depending on the source/i,
	/are not clear/i,
	/to be confirmed with/i,
	/À confirmer avec/,
	/to check with your adviser/i
];

const publicPages = [
	'/',
	'/questionnaire',
	'/dispositifs',
	...dispositifIds.map((id) => `/dispositifs/${id}`),
	'/professionnels',
	'/professionnels/flyer',
	'/professionnels/note',
	'/rendez-vous',
	'/mentions-legales',
	'/confidentialite',
	'/accessibilite',
	'/plan-du-site'
];

test('no research marker on any public page, in French or in English', async ({ request }) => {
	for (const lang of ['fr', 'en']) {
		for (const path of publicPages) {
			const response = await request.get(path, { headers: { 'accept-language': lang } });
			expect(response.status(), path).toBe(200);
			const text = (await response.text())
				.replace(/<script[\s\S]*?<\/script>/g, '')
				.replace(/<[^>]+>/g, ' ');
			for (const marker of markers) expect(text, `${lang} ${path}`).not.toMatch(marker);
		}
	}
});
