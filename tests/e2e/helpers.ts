import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Zero WCAG 2.1 A/AA violations on the current page. */
export async function expectNoA11yViolations(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

export interface ProfileAnswers {
	statut: string;
	arret: string;
	departement: string;
	rqth: string;
	source?: string;
}

/** French labels of the profile options used by the tests (see locales/questionnaire/fr.json). */
export const labels = {
	salarieCdi: 'Salarié(e) en CDI',
	artisan: 'Travailleur indépendant : artisan',
	maladie: 'Une maladie (non liée au travail)',
	atmp: 'Un accident du travail ou une maladie professionnelle',
	rqthNon: 'Non',
	sourceMedecin: 'Par mon médecin traitant',
	sourceMoi: "Je l'ai trouvé moi-même"
};

/** Starts a fresh questionnaire from its start page (works with and without JS). */
export async function startQuestionnaire(page: Page, entry = '/questionnaire'): Promise<void> {
	await page.goto(entry);
	await page.getByRole('button', { name: /Commencer le questionnaire|Recommencer depuis le début/ }).click();
	await expect(page).toHaveURL(/\/questionnaire\/profil$/);
}

/** Picks one radio by its visible label inside the fieldset whose legend matches. */
export async function choose(page: Page, legend: string | RegExp, option: string): Promise<void> {
	await page.getByRole('group', { name: legend }).getByLabel(option, { exact: true }).check();
}
