import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';
import { choose, completeQuestionnaire, labels, startQuestionnaire } from './helpers';

/**
 * Issue #13 §3 (ADR 036): every public page is valid HTML and every indexable page has a meta
 * description, in French and in English. The HTML is what the server sends (JavaScript off: each
 * page, form error state and redirect target is a full document), checked with html-validate
 * and the rules of .htmlvalidate.json (html-validate's standard and document presets). Two
 * departures, ADR 036: require-sri is off (every script and stylesheet is our own, same-origin
 * under a CSP that allows no third party; SRI guards against a third party changing a file), and
 * heading-level lets a page start with an h2: the error summary's heading comes before the h1 on
 * the question page so that errors are met first (axe still requires an h1 on every page).
 * Journeys cover the form error states, the result page, the booking steps, the manage page and
 * the 404 page. The page lists are fetched without a browser (`request`, the same documents),
 * the journey with a browser without JavaScript, whose forms post natively.
 */

test.use({ javaScriptEnabled: false });

const validator = new HtmlValidate(new FileSystemConfigLoader());

interface Document {
	url: string;
	status: number;
	html: string;
}

/** Records every HTML document the page receives (not redirects), in order. */
function recordDocuments(page: Page): () => Promise<Document[]> {
	const pending: Promise<Document | null>[] = [];
	page.on('response', (response) => {
		const status = response.status();
		if (response.request().resourceType() !== 'document' || (status >= 300 && status < 400)) return;
		if (!(response.headers()['content-type'] ?? '').startsWith('text/html')) return;
		pending.push(
			response
				.text()
				.then((html) => ({ url: response.url(), status, html }))
				.catch(() => null)
		);
	});
	return async () => (await Promise.all(pending)).filter((d): d is Document => d !== null);
}

async function validationErrors(documents: Document[]): Promise<string[]> {
	const errors: string[] = [];
	for (const { url, html } of documents) {
		const report = await validator.validateString(html, resolve('tests/e2e/page.html'));
		for (const result of report.results) {
			for (const message of result.messages)
				errors.push(
					`${url} ${message.line}:${message.column} ${message.ruleId}: ${message.message} (${message.selector ?? ''})`
				);
		}
	}
	return errors;
}

/** The content of `<meta name="description">`, or null. */
function metaDescription(html: string): string | null {
	const match = /<meta name="description" content="([^"]*)"/.exec(html);
	return match ? match[1]! : null;
}

/** The pages a search engine may index: public, not private (no-store), not noindex. */
const indexable = [
	'/',
	'/questionnaire',
	'/dispositifs',
	'/rendez-vous',
	'/professionnels',
	'/professionnels/flyer',
	'/professionnels/note',
	'/mentions-legales',
	'/confidentialite',
	'/accessibilite',
	'/plan-du-site',
	'/langue'
];
/** Public pages that are not indexed (noindex, or forms), and the 404 page. */
const otherPublic = [
	'/rendez-vous/creneaux?departement=75&mode=telephone',
	'/rendez-vous/rappel',
	'/professionnels/orienter',
	'/espace-pro/connexion',
	'/espace-pro/mot-de-passe-oublie',
	'/page-qui-n-existe-pas'
];

for (const [language, locale, lang] of [
	['French', 'fr-FR', 'fr'],
	['English', 'en-GB', 'en']
] as const) {
	// What the server sends, without a browser (the `request` fixture): these pages are checked
	// as documents, nothing on them is clicked (ADR 031, third addendum).
	test(`${language} pages: every public page is valid HTML; every indexable one has a meta description`, async ({
		request
	}) => {
		test.slow();
		const headers = { 'accept-language': locale };
		const get = async (path: string): Promise<Document> => {
			const response = await request.get(path, { headers });
			return { url: response.url(), status: response.status(), html: await response.text() };
		};
		const all: Document[] = [];
		for (const path of indexable) all.push(await get(path));
		// The dispositif pages the list links to (its <main>).
		const list = all.find((d) => new URL(d.url).pathname === '/dispositifs')!;
		const main = /<main[\s\S]*<\/main>/.exec(list.html)?.[0] ?? '';
		const details = [
			...new Set([...main.matchAll(/href="(\/dispositifs\/[^"?#]+)"/g)].map((m) => m[1]!))
		];
		expect(details.length).toBeGreaterThan(5);
		for (const path of [...details, ...otherPublic]) all.push(await get(path));

		for (const document of all)
			expect(document.html, document.url).toContain(`<html lang="${lang}"`);
		const byPath = new Map(all.map((d) => [new URL(d.url).pathname, d]));
		const missing = [...indexable, ...details].filter((path) => {
			const description = metaDescription(byPath.get(path)?.html ?? '');
			return description === null || description.trim().length < 40;
		});
		expect(missing, 'indexable pages without a meta description').toEqual([]);
		expect(byPath.get('/page-qui-n-existe-pas')?.status).toBe(404);
		expect(await validationErrors(all)).toEqual([]);
	});
}

test('the questionnaire, its error states and result, the booking steps and the manage page are valid HTML', async ({
	page
}) => {
	test.slow();
	const documents = recordDocuments(page);
	// Profile and question pages, empty then answered (their error states).
	await startQuestionnaire(page);
	await page.getByRole('button', { name: 'Continuer' }).click();
	await expect(page.getByRole('alert').first()).toBeVisible();
	await choose(page, 'Quelle est votre situation professionnelle ?', labels.salarieCdi);
	await choose(page, 'Pour quelle raison êtes-vous en arrêt de travail ?', labels.maladie);
	await page.getByLabel('Dans quel département habitez-vous ?').selectOption('48');
	await choose(page, /reconnaissance de la qualité de travailleur handicapé/, labels.rqthNon);
	await choose(page, 'Comment avez-vous connu ce portail ?', labels.sourceMoi);
	await page.getByRole('button', { name: 'Continuer' }).click();
	await expect(page).toHaveURL(/\/questionnaire\/question\/1$/);
	await page.getByRole('button', { name: 'Continuer' }).click();
	await expect(page.getByRole('alert').first()).toBeVisible();
	// The whole questionnaire: questions, summary, result.
	await completeQuestionnaire(page, '48');

	// Booking: slots, contact form empty (its error state), then filled; the manage page.
	await page.goto('/rendez-vous/creneaux?departement=48&mode=telephone');
	await page.getByRole('radio').first().check();
	await page.getByRole('button', { name: 'Continuer' }).click();
	await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
	await expect(page.getByRole('alert').first()).toBeVisible();
	await page.getByLabel('Nom', { exact: true }).fill('Valide');
	await page.getByLabel('Prénom', { exact: true }).fill('Hortense');
	await page.getByLabel('Numéro de téléphone').fill('0611223399');
	await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
	await expect(page).toHaveURL(/\/rendez-vous\/gerer\//);

	// The callback form's error state.
	await page.goto('/rendez-vous/rappel?departement=48');
	await page.getByRole('button', { name: 'Envoyer ma demande de rappel' }).click();
	await expect(page.getByRole('alert').first()).toBeVisible();

	const all = await documents();
	const paths = all.map((d) => new URL(d.url).pathname);
	for (const expected of [
		'/questionnaire/profil',
		'/questionnaire/question/1',
		'/questionnaire/recapitulatif',
		'/questionnaire/resultat',
		'/rendez-vous/coordonnees'
	])
		expect(paths).toContain(expected);
	expect(paths.some((p) => p.startsWith('/rendez-vous/gerer/'))).toBe(true);
	expect(all.filter((d) => d.status === 400).length).toBeGreaterThanOrEqual(3);
	expect(await validationErrors(all)).toEqual([]);
});
