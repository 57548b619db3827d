import { expect, test, type Page } from '@playwright/test';
import { choose, expectNoA11yViolations, labels, staffLogin, startQuestionnaire } from './helpers';

/**
 * Issue #13 §1 (ADR 035): questionnaire 2026.2 (« autre situation » wording, intérimaires'
 * médecin du travail) and the rapid callback, with JavaScript on and off, in French and English.
 */

const AGENT_69 = 'agent.69@demo.portail-pdp.invalid';

async function profile(page: Page, statut: string): Promise<void> {
	await choose(page, 'Quelle est votre situation professionnelle ?', statut);
	await choose(page, 'Pour quelle raison êtes-vous en arrêt de travail ?', labels.maladie);
	await page.getByLabel('Dans quel département habitez-vous ?').selectOption('69');
	await choose(page, /reconnaissance de la qualité de travailleur handicapé/, labels.rqthNon);
	await choose(page, 'Comment avez-vous connu ce portail ?', labels.sourceMoi);
	await page.getByRole('button', { name: 'Continuer' }).click();
}

/** Answers question `n` (1–6) with `answer`, checking its heading when given. */
async function answer(page: Page, n: number, value: string, heading?: string): Promise<void> {
	await expect(page).toHaveURL(new RegExp(`/questionnaire/question/${n}$`));
	if (heading) await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
	await page.getByRole('group').getByLabel(value, { exact: true }).check();
	await page
		.getByRole('button', { name: n === 6 ? /récapitulatif|summary/ : /Continuer|Continue/ })
		.click();
}

for (const javaScriptEnabled of [true, false]) {
	test.describe(`qver, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });
		// Whole journeys (questionnaire, form, back office): slow on a loaded machine.
		test.describe.configure({ timeout: 120_000 });

		test('« autre situation » answers its own travail questions; distress offers a rapid callback that staff see as prioritaire', async ({
			page
		}) => {
			await startQuestionnaire(page);
			await profile(page, "Autre situation (demandeur d'emploi, sans contrat…)");
			await answer(page, 1, 'Entre 1 et 3 mois');
			await answer(page, 2, '6');
			await answer(
				page,
				3,
				'Je ne sais pas',
				'Le travail que vous cherchez, ou que vous pourriez faire, vous semble-t-il compatible avec votre santé ?'
			);
			await answer(
				page,
				4,
				"Non, personne ne m'accompagne",
				'Depuis votre arrêt, êtes-vous accompagné(e) pour retrouver un emploi ou une activité ?'
			);
			await answer(page, 5, "C'est très dur, je me sens à bout");
			await answer(page, 6, '5');
			await expect(page.getByText("Non, personne ne m'accompagne")).toBeVisible();
			await expect(page.getByText('votre employeur')).toHaveCount(0);
			await page.getByRole('button', { name: 'Voir mon résultat' }).click();
			await expect(page).toHaveURL(/\/questionnaire\/resultat$/);
			await expect(page.getByText('Questionnaire version 2026.2')).toBeVisible();

			// axe needs JavaScript in the page: these states are audited with it on.
			if (javaScriptEnabled) await expectNoA11yViolations(page);
			await page.getByRole('link', { name: 'Être rappelé(e) rapidement' }).click();
			await expect(page).toHaveURL(/\/rendez-vous\/rappel\?prioritaire=1/);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				'Être rappelé(e) rapidement'
			);
			if (javaScriptEnabled) await expectNoA11yViolations(page);
			await page.getByLabel('Nom', { exact: true }).fill('Rapide');
			await page.getByLabel('Prénom').fill('Test');
			await page.getByLabel('Numéro de téléphone').fill('06 12 34 56 78');
			await page.getByLabel("Oui, l'envoyer au service social").check();
			await page.getByRole('button', { name: 'Envoyer ma demande de rappel rapide' }).click();
			await expect(page).toHaveURL(/\/rendez-vous\/gerer\/.+confirmation=1/);
			const reference = (await page.locator('.reference strong').textContent())!.trim();
			expect(reference).toMatch(/^PDP-/);

			await staffLogin(page, AGENT_69);
			await page.goto('/espace-pro');
			const row = page.getByRole('row').filter({ hasText: reference });
			await expect(row.getByText('Prioritaire', { exact: true })).toBeVisible();
			await expect(row.getByText('Détresse signalée dans le questionnaire transmis')).toBeVisible();
			if (javaScriptEnabled) await expectNoA11yViolations(page);
			// Open prioritaire demandes come first.
			await expect(
				page.getByRole('row').nth(1).getByText('Prioritaire', { exact: true })
			).toBeVisible();
			await row.getByRole('link', { name: reference }).click();
			await expect(page).toHaveURL(new RegExp(`/espace-pro/demandes/${reference}$`));
			await expect(page.getByText('Prioritaire', { exact: true })).toBeVisible();
			await expect(
				page.getByText('Détresse signalée dans le questionnaire transmis')
			).toBeVisible();
			if (javaScriptEnabled) await expectNoA11yViolations(page);
		});

		test('in English: « autre » wording, the intérimaire’s médecin du travail, no rapid callback on a low result', async ({
			page,
			context
		}) => {
			await page.goto('/');
			await context.addCookies([{ name: 'pdp_lang', value: 'en', url: page.url() }]);
			await page.goto('/questionnaire');
			await page.getByRole('button', { name: /Start the questionnaire|Start again/ }).click();
			await page
				.getByRole('group', { name: 'What is your work situation?' })
				.getByLabel('Other situation (job seeker, no contract…)', { exact: true })
				.check();
			await page
				.getByRole('group', { name: /Why are you on sick leave/i })
				.getByRole('radio')
				.first()
				.check();
			await page.getByLabel('In which département do you live?').selectOption('69');
			await page.getByRole('group', { name: /RQTH/ }).getByRole('radio').nth(2).check();
			await page
				.getByRole('group', { name: /How did you hear/i })
				.getByRole('radio')
				.last()
				.check();
			await page.getByRole('button', { name: 'Continue' }).click();
			await answer(page, 1, 'Less than 1 month');
			await answer(page, 2, '9');
			await answer(
				page,
				3,
				'Yes',
				'Does the work you are looking for, or could do, seem compatible with your health?'
			);
			await answer(
				page,
				4,
				'Yes, and we keep in touch',
				'Since your sick leave began, has anyone been helping you find a job or an activity?'
			);
			await answer(page, 5, 'No, not really');
			await answer(page, 6, '9');
			await page.getByRole('button', { name: /See my result/ }).click();
			await expect(page).toHaveURL(/\/questionnaire\/resultat$/);
			await expect(page.getByRole('link', { name: 'Be called back rapidly' })).toHaveCount(0);
			// Without distress or a high risk, ?prioritaire=1 is the ordinary callback form.
			await page.goto('/rendez-vous/rappel?prioritaire=1');
			await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(
				'Be called back rapidly'
			);

			// An intérimaire is sent to the agence d'intérim's occupational health service.
			await page.goto('/questionnaire/profil');
			await page
				.getByRole('group', { name: 'What is your work situation?' })
				.getByLabel('Temporary agency worker (intérim)')
				.check();
			await page.getByRole('button', { name: 'Continue' }).click();
			// The change of situation asks the relationship question again (salarié options).
			await expect(page).toHaveURL(/\/questionnaire\/question\/1$/);
			await page.goto('/questionnaire/question/4');
			await answer(
				page,
				4,
				'Good, we stay in touch',
				'Since your sick leave started, how is your relationship with your employer?'
			);
			await page.goto('/questionnaire/recapitulatif');
			await page.getByRole('button', { name: 'See my result' }).click();
			await expect(page).toHaveURL(/\/questionnaire\/resultat$/);
			await expect(
				page.getByText(/occupational health service of your temping agency/)
			).toBeVisible();
			await expect(page.getByText(/of your company for a pre-return visit/)).toHaveCount(0);
		});
	});
}
