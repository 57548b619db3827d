import { expect, test, type Page } from '@playwright/test';
import { choose, labels, startQuestionnaire } from './helpers';

interface Journey {
	statut: string;
	arret: string;
	departement: string;
	source: string;
	/** Label of the option (or scale value) to pick at each of the 6 questions. */
	answers: string[];
}

const salarie: Journey = {
	statut: labels.salarieCdi,
	arret: labels.maladie,
	departement: '69',
	source: labels.sourceMoi,
	answers: ['Entre 3 et 6 mois', '3', 'Non', 'Difficiles', 'Un peu', '4']
};

const independant: Journey = {
	statut: labels.artisan,
	arret: labels.atmp,
	departement: '974',
	source: labels.sourceMedecin,
	answers: ["Moins d'1 mois", '8', 'Oui', 'Elle tourne au ralenti', 'Non, pas vraiment', '9']
};

async function fillProfile(page: Page, journey: Journey): Promise<void> {
	await choose(page, 'Quelle est votre situation professionnelle ?', journey.statut);
	await choose(page, 'Pour quelle raison êtes-vous en arrêt de travail ?', journey.arret);
	await page.getByLabel('Dans quel département habitez-vous ?').selectOption(journey.departement);
	await choose(page, /reconnaissance de la qualité de travailleur handicapé/, labels.rqthNon);
	await choose(page, 'Comment avez-vous connu ce portail ?', journey.source);
	await page.getByRole('button', { name: 'Continuer' }).click();
}

async function answerQuestion(page: Page, index: number, answer: string): Promise<void> {
	await expect(page).toHaveURL(new RegExp(`/questionnaire/question/${index + 1}$`));
	await expect(page.locator('#progress-text')).toHaveText(`Question ${index + 1} sur 6`);
	await page.getByRole('group').getByLabel(answer, { exact: true }).check();
	await page
		.getByRole('button', { name: index === 5 ? 'Voir le récapitulatif' : 'Continuer' })
		.click();
	await expect(page).not.toHaveURL(new RegExp(`/questionnaire/question/${index + 1}$`));
}

/** Full journey to the result, from the home page (each screen's axe audit: a11y.e2e.ts). */
async function runJourney(page: Page, journey: Journey): Promise<void> {
	await page.goto('/');
	await page.getByRole('link', { name: 'Faire le point en 3 minutes' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Questionnaire : faire le point sur votre situation'
	);
	await startQuestionnaire(page);
	await fillProfile(page, journey);
	for (const [index, answer] of journey.answers.entries()) {
		await answerQuestion(page, index, answer);
	}
	await expect(page).toHaveURL(/\/questionnaire\/recapitulatif$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vérifiez vos réponses');
	await page.getByRole('button', { name: 'Voir mon résultat' }).click();
	await expect(page).toHaveURL(/\/questionnaire\/resultat$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Votre résultat');
}

for (const javaScriptEnabled of [true, false]) {
	test.describe(`questionnaire journey, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });

		test('a salarié reaches a "modéré" or higher result with the médecin du travail step', async ({
			page
		}) => {
			await runJourney(page, salarie);
			// 3–6 months + capacity 3/10 + expectation 4/10: escalation rules make it at least modéré.
			await expect(
				page.getByRole('heading', { name: /Votre emploi (pourrait être|risque d'être) fragilisé/ })
			).toBeVisible();
			await expect(
				page.getByRole('heading', { name: 'Parler au médecin du travail' })
			).toBeVisible();
			await expect(page.getByText('Carsat Rhône-Alpes')).toBeVisible();
			await expect(page.getByRole('link', { name: /pré-reprise/i }).first()).toBeVisible();
			await expect(page.getByText('3114')).toHaveCount(0);
		});

		test('a travailleur indépendant gets the TI wording and TI next steps', async ({ page }) => {
			await page.goto('/');
			await startQuestionnaire(page);
			await fillProfile(page, independant);
			await answerQuestion(page, 0, independant.answers[0]!);
			await answerQuestion(page, 1, independant.answers[1]!);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				'Votre métier vous semble-t-il compatible avec votre santé ?'
			);
			await answerQuestion(page, 2, independant.answers[2]!);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				'Pendant votre arrêt, comment va votre activité ?'
			);
			for (const index of [3, 4, 5]) await answerQuestion(page, index, independant.answers[index]!);
			await page.getByRole('button', { name: 'Voir mon résultat' }).click();
			await expect(
				page.getByRole('heading', { name: "Votre emploi semble peu menacé pour l'instant" })
			).toBeVisible();
			await expect(
				page.getByRole('heading', { name: 'Faire le point sur votre activité' })
			).toBeVisible();
			await expect(page.getByText('CGSS La Réunion')).toBeVisible();
			await expect(page.getByRole('heading', { name: 'Parler au médecin du travail' })).toHaveCount(
				0
			);
		});
	});
}

test.describe('questionnaire behaviour', () => {
	test('back navigation keeps answers and the summary lets an answer be changed', async ({
		page
	}) => {
		await startQuestionnaire(page);
		await fillProfile(page, salarie);
		await answerQuestion(page, 0, 'Entre 1 et 3 mois');
		await answerQuestion(page, 1, '6');
		await expect(page).toHaveURL(/question\/3$/);
		// The browser's back button…
		await page.goBack();
		await expect(page).toHaveURL(/question\/2$/);
		await expect(page.getByRole('group').getByLabel('6', { exact: true })).toBeChecked();
		// …and the page's own link.
		await page.getByRole('link', { name: 'Question précédente' }).click();
		await expect(page).toHaveURL(/question\/1$/);
		await expect(page.getByLabel('Entre 1 et 3 mois')).toBeChecked();
		// Changing an answer from the summary comes back to the summary.
		await page.getByRole('button', { name: 'Continuer' }).click();
		for (const [index, answer] of salarie.answers.entries()) {
			if (index > 0) await answerQuestion(page, index, answer);
		}
		await expect(page).toHaveURL(/recapitulatif$/);
		await page.getByRole('link', { name: /Modifier — question 5/ }).click();
		await page.getByRole('group').getByLabel('Oui, beaucoup', { exact: true }).check();
		await page.getByRole('button', { name: 'Voir le récapitulatif' }).click();
		await expect(page).toHaveURL(/recapitulatif$/);
		await expect(page.getByText('Oui, beaucoup')).toBeVisible();
	});

	test('a refresh or coming back later resumes where the person stopped', async ({ page }) => {
		await startQuestionnaire(page);
		await fillProfile(page, salarie);
		await answerQuestion(page, 0, 'Plus de 6 mois');
		await page.reload();
		await expect(page).toHaveURL(/question\/2$/);
		await page.goto('/questionnaire');
		await page.getByRole('link', { name: "Reprendre là où je m'étais arrêté" }).click();
		await expect(page).toHaveURL(/question\/2$/);
	});

	test('a later question cannot be reached before the earlier ones', async ({ page }) => {
		await startQuestionnaire(page);
		await page.goto('/questionnaire/question/5');
		await expect(page).toHaveURL(/\/questionnaire\/profil$/);
		await page.goto('/questionnaire/recapitulatif');
		await expect(page).toHaveURL(/\/questionnaire\/profil$/);
	});

	test('without a draft, questionnaire pages lead back to the start page', async ({
		page,
		context
	}) => {
		await page.goto('/');
		await context.addCookies([
			{ name: 'pdp_questionnaire', value: 'abcdefghijklmnopqrstuvwxyz234567', url: page.url() }
		]);
		await page.goto('/questionnaire/question/1');
		await expect(page).toHaveURL(/\/questionnaire\?reprise=expiree$/);
		await expect(page.getByRole('status')).toContainText("n'a pas été retrouvé");
		const response = await page.goto('/questionnaire/question/7');
		expect(response?.status()).toBe(404);
	});

	test('a missing answer shows an announced error and keeps the page usable', async ({ page }) => {
		await startQuestionnaire(page);
		await page.getByRole('button', { name: 'Continuer' }).click();
		const alert = page.getByRole('alert');
		await expect(alert).toContainText('Il y a 5 erreurs à corriger');
		await expect(alert).toBeFocused();
		await expect(
			page.getByText('Choisissez votre département dans la liste.').first()
		).toBeVisible();
		await fillProfile(page, salarie);
		await expect(page).toHaveURL(/question\/1$/);
		await page.getByRole('button', { name: 'Continuer' }).click();
		await expect(page.getByRole('alert')).toContainText('Choisissez une réponse pour continuer.');
		await expect(page.getByRole('alert')).toBeFocused();
	});

	test('hydrating pages break no Content Security Policy rule', async ({ page }) => {
		const violations: string[] = [];
		page.on('console', (message) => {
			if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
				violations.push(message.text());
		});
		await startQuestionnaire(page);
		await fillProfile(page, salarie);
		await answerQuestion(page, 0, 'Plus de 6 mois');
		await expect(page.locator('#progress-text')).toHaveText('Question 2 sur 6');
		expect(violations).toEqual([]);
	});

	test('?source= on the entry link pre-fills how the person heard of the portal', async ({
		page
	}) => {
		await page.goto('/?source=medecin-traitant');
		await startQuestionnaire(page);
		await expect(page.getByLabel(labels.sourceMedecin)).toBeChecked();
	});

	test('a distress answer shows the 3114 and emergency numbers', async ({ page }) => {
		await startQuestionnaire(page);
		await fillProfile(page, salarie);
		const answers = [
			"Moins d'1 mois",
			'7',
			'Oui',
			'Bonnes, nous gardons le contact',
			"C'est très dur, je me sens à bout",
			'8'
		];
		for (const [index, answer] of answers.entries()) await answerQuestion(page, index, answer);
		await page.getByRole('button', { name: 'Voir mon résultat' }).click();
		await expect(page.getByRole('heading', { name: /vous n'êtes pas seul/ })).toBeVisible();
		await expect(page.getByText(/appelez le 3114/)).toBeVisible();
		await expect(page.getByText(/15 \(SAMU\) ou le 112/)).toBeVisible();
	});

	test('the result prints on one A4 page', async ({ page }) => {
		// The same pages as the salarié journey above, which audits each of them with axe.
		await runJourney(page, salarie);
		await page.emulateMedia({ media: 'print' });
		await expect(page.getByRole('navigation')).toBeHidden();
		const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
		const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
		expect(pages.length).toBe(1);
	});

	test('the language switcher works without JavaScript and sets <html lang>', async ({
		browser
	}) => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await startQuestionnaire(page);
		await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
		await page.getByRole('button', { name: 'English' }).click();
		await expect(page).toHaveURL(/\/questionnaire\/profil$/);
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your situation');
		await page.getByRole('button', { name: 'Français' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Votre situation');
		await context.close();
	});

	test('the English pages are complete (axe: a11y.e2e.ts)', async ({ page, context }) => {
		await page.goto('/');
		await context.addCookies([{ name: 'pdp_lang', value: 'en', url: page.url() }]);
		await page.goto('/');
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expect(
			page.getByRole('link', { name: 'Check your situation in 3 minutes' })
		).toBeVisible();
		await page.goto('/questionnaire');
		await page.getByRole('button', { name: 'Start the questionnaire' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your situation');
	});
});

test.describe('questionnaire forms reject tampered input', () => {
	test('tampered profile and answer values get a 400 and nothing is stored', async ({ page }) => {
		await startQuestionnaire(page);
		const origin = new URL(page.url()).origin;
		const post = (path: string, form: Record<string, string>) =>
			page.request.post(path, { form, headers: { origin, accept: 'text/html' }, maxRedirects: 0 });

		const bad: Record<string, string>[] = [
			{ statut: 'pdg', arret: 'maladie', departement: '69', rqth: 'non', source: 'moi_meme' },
			{
				statut: 'salarie_cdi',
				arret: 'maladie',
				departement: '20',
				rqth: 'non',
				source: 'moi_meme'
			},
			{
				statut: 'salarie_cdi',
				arret: 'maladie',
				departement: '69',
				rqth: 'non',
				source: 'x'.repeat(100_000)
			},
			{
				statut: 'salarie_cdi',
				arret: "maladie' OR 1=1 --",
				departement: '69',
				rqth: 'non',
				source: 'moi_meme'
			},
			{ statut: 'salarie_cdi' }
		];
		for (const form of bad) {
			const response = await post('/questionnaire/profil', form);
			expect(response.status(), JSON.stringify(form).slice(0, 80)).toBe(400);
			expect(await response.text()).toContain('erreur');
		}
		// Nothing stored: the profile form is still empty and question 1 is still out of reach.
		await page.goto('/questionnaire/question/1');
		await expect(page).toHaveURL(/\/questionnaire\/profil$/);
		await expect(page.getByRole('radio', { checked: true })).toHaveCount(0);

		await fillProfile(page, salarie);
		for (const answer of ['conflit', '3', '', 'x'.repeat(5000)]) {
			const response = await post('/questionnaire/question/1', { answer });
			expect(response.status(), answer.slice(0, 20)).toBe(400);
		}
		await page.goto('/questionnaire/question/1');
		await expect(page.getByRole('radio', { checked: true })).toHaveCount(0);
		await answerQuestion(page, 0, "Moins d'1 mois");
		for (const answer of ['11', '-1', '3.5', 'plus_6_mois', '<script>alert(1)</script>', '']) {
			const response = await post('/questionnaire/question/2', { answer });
			expect(response.status(), answer).toBe(400);
		}
		await page.goto('/questionnaire/question/2');
		await expect(page.getByRole('radio', { checked: true })).toHaveCount(0);
	});

	test('the language form refuses unknown languages and never redirects off-site', async ({
		page
	}) => {
		await page.goto('/');
		const origin = new URL(page.url()).origin;
		const post = (form: Record<string, string>) =>
			page.request.post('/langue', {
				form,
				headers: { origin, accept: 'text/html' },
				maxRedirects: 0
			});
		for (const lang of ['de', '', 'x'.repeat(10_000), '<script>']) {
			const response = await post({ lang, redirectTo: '/' });
			expect(response.status(), lang.slice(0, 20)).toBe(400);
			expect(await response.text()).toContain("Cette langue n'est pas disponible.");
		}
		// Off-site or malformed return addresses: a 400 that says so, never a redirect (ADR 028).
		for (const redirectTo of [
			'https://evil.example/',
			'//evil.example',
			'/\\evil.example',
			'javascript:alert(1)'
		]) {
			const response = await post({ lang: 'en', redirectTo });
			expect(response.status()).toBe(400);
			expect(response.headers()['location']).toBeUndefined();
			expect(await response.text()).toContain(
				"Cette adresse de retour n'appartient pas au portail."
			);
		}
	});

	test('a cross-site form post is refused', async ({ page }) => {
		await startQuestionnaire(page);
		const response = await page.request.post('/questionnaire/profil', {
			form: { statut: 'salarie_cdi' },
			headers: { origin: 'https://evil.example', accept: 'text/html' },
			maxRedirects: 0
		});
		expect(response.status()).toBe(403);
	});
});
