import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AxeBuilder from '@axe-core/playwright';
import { eq } from 'drizzle-orm';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { generateTOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import {
	createSession,
	generateSessionToken,
	SESSION_COOKIE
} from '../../src/lib/server/auth/session';
import * as schema from '../../src/lib/server/db/schema';
import type { StaffSession } from '../../src/lib/server/db/schema';
import { e2eDb } from './db';

/** The rules the portal is held to (RGAA: WCAG 2.1 A and AA). */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe-core's minified build, resolved as @axe-core/playwright resolves axe-core. */
const AXE_SOURCE = readFileSync(
	createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright')).resolve(
		'axe-core/axe.min.js'
	),
	'utf8'
);

/** What the audit uses of the `axe` global that AXE_SOURCE defines in the page. */
interface AxeInPage {
	configure(spec: { allowedOrigins: string[]; branding: { application: string } }): void;
	run(
		context: Document,
		options: { runOnly: { type: 'tag'; values: string[] }; resultTypes: ['violations'] }
	): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
}

/**
 * Zero WCAG 2.1 A/AA violations on the current page: the rules of a default AxeBuilder run
 * restricted to those tags, only violations collected (passes and incomplete results were
 * never read).
 *
 * On a page without frames (all of ours today) axe runs in the page itself (`axe.run`, what
 * AxeBuilder's legacy mode does), injected once per document: a page audited in several states
 * (a form's errors shown by its script, another viewport) reuses it. AxeBuilder injected the
 * unminified axe-core (1.3 MB) twice per audit, through the test runner; the injection cost
 * more than the audit on the portal's small pages (ADR 031, third addendum). A page with frames
 * gets AxeBuilder's default run, which reaches inside them.
 */
export async function expectNoA11yViolations(page: Page): Promise<void> {
	let summary: string[];
	if (page.frames().length === 1) {
		const injected = await page.evaluate(() => 'axe' in window);
		if (!injected) await page.evaluate(AXE_SOURCE);
		summary = await page.evaluate(async (tags) => {
			const { axe } = window as unknown as { axe: AxeInPage };
			axe.configure({ allowedOrigins: ['<same_origin>'], branding: { application: 'playwright' } });
			const results = await axe.run(document, {
				runOnly: { type: 'tag', values: tags },
				resultTypes: ['violations']
			});
			return results.violations.map(
				(v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
			);
		}, WCAG_TAGS);
	} else {
		const results = await new AxeBuilder({ page })
			.withTags(WCAG_TAGS)
			.options({ resultTypes: ['violations'] })
			.analyze();
		summary = results.violations.map(
			(v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
		);
	}
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
	await page
		.getByRole('button', { name: /Commencer le questionnaire|Recommencer depuis le début/ })
		.click();
	await expect(page).toHaveURL(/\/questionnaire\/profil$/);
}

/** Picks one radio by its visible label inside the fieldset whose legend matches. */
export async function choose(page: Page, legend: string | RegExp, option: string): Promise<void> {
	await page.getByRole('group', { name: legend }).getByLabel(option, { exact: true }).check();
}

/** The six answers of `completeQuestionnaire` (a "modéré" or higher result). */
const MODERE_ANSWERS = ['Entre 3 et 6 mois', '3', 'Non', 'Difficiles', 'Un peu', '4'];

/**
 * Completes the questionnaire as a salarié of `departement` (a "modéré" or higher result, or
 * the six `answers` given), ending on the result page, so that the result can be sent with a
 * booking.
 */
export async function completeQuestionnaire(
	page: Page,
	departement: string,
	answers: readonly string[] = MODERE_ANSWERS
): Promise<void> {
	await startQuestionnaire(page);
	await choose(page, 'Quelle est votre situation professionnelle ?', labels.salarieCdi);
	await choose(page, 'Pour quelle raison êtes-vous en arrêt de travail ?', labels.maladie);
	await page.getByLabel('Dans quel département habitez-vous ?').selectOption(departement);
	await choose(page, /reconnaissance de la qualité de travailleur handicapé/, labels.rqthNon);
	await choose(page, 'Comment avez-vous connu ce portail ?', labels.sourceMedecin);
	await page.getByRole('button', { name: 'Continuer' }).click();
	await answerQuestions(page, answers);
}

/**
 * From the first question: gives the six `answers` (a "modéré" or higher result by default),
 * then sends the summary, ending on the result page.
 */
export async function answerQuestions(
	page: Page,
	answers: readonly string[] = MODERE_ANSWERS
): Promise<void> {
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

/**
 * Submits the current TOTP code of `secret` on the second login step. A code is accepted once
 * (replay protection, ADR 014): when another test used the same 30-second code just before,
 * this waits for the next code and tries again (each refusal counts as one login failure).
 */
export async function submitTotpCode(page: Page, secret: string): Promise<void> {
	for (let attempt = 0; attempt < 3; attempt++) {
		await page
			.getByLabel('Code à 6 chiffres')
			.fill(generateTOTP(decodeBase32IgnorePadding(secret), 30, 6));
		await page.getByRole('button', { name: 'Valider le code' }).click();
		const accepted = await Promise.race([
			page
				.waitForURL((url) => !url.pathname.startsWith('/espace-pro/connexion'), { timeout: 15_000 })
				.then(() => true),
			page
				.getByText('Ce code a déjà servi')
				.waitFor({ timeout: 15_000 })
				.then(() => false)
		]);
		if (accepted) return;
		// The one wait on the clock: the next 30-second TOTP window is the state waited for.
		// eslint-disable-next-line no-restricted-syntax
		await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
	}
	throw new Error('TOTP code refused three times');
}

/**
 * The one real login through the form (password, then the TOTP step when `totpSecret` is
 * given). Only the tests of the login flows themselves use it (staff-auth, and the password
 * chosen through a setup or reset link in equipe); every other test signs in with `staffLogin`.
 */
export async function formLogin(
	page: Page,
	email: string,
	password: string,
	options: { totpSecret?: string; retour?: string } = {}
): Promise<void> {
	// Wait for hydration: the login page's inputs are re-rendered (and emptied) when it hydrates.
	await page.goto(
		`/espace-pro/connexion${options.retour ? `?retour=${encodeURIComponent(options.retour)}` : ''}`,
		{ waitUntil: 'networkidle' }
	);
	await page.getByLabel('Adresse e-mail professionnelle').fill(email);
	await page.getByLabel('Mot de passe', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	if (options.totpSecret) {
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Validation en deux étapes');
		await submitTotpCode(page, options.totpSecret);
	} else {
		await expect(page).not.toHaveURL(/\/espace-pro\/connexion/);
	}
}

/** A fully verified session of this staff member, written through the portal's session module. */
export async function newStaffSession(
	email: string
): Promise<{ token: string; session: StaffSession }> {
	const [user] = await e2eDb()
		.select({ id: schema.staffUsers.id })
		.from(schema.staffUsers)
		.where(eq(schema.staffUsers.email, email));
	if (!user) throw new Error(`no staff account ${email} in the e2e database`);
	const token = generateSessionToken();
	return {
		token,
		session: await createSession(e2eDb(), token, user.id, { twoFactorVerified: true })
	};
}

/**
 * Signs a staff member in without the login form: a fully verified session (second factor
 * included) created in the e2e database through the portal's own session module, and its
 * cookie set on the browser context, as the login action would (ADR 010). No argon2, no TOTP
 * wait, no round trip. The login flows themselves are tested in staff-auth.e2e.ts.
 */
export async function signIn(context: BrowserContext, email: string): Promise<void> {
	const { token, session } = await newStaffSession(email);
	await context.addCookies([
		{
			name: SESSION_COOKIE,
			value: token,
			url: new URL('/', test.info().project.use.baseURL).href,
			httpOnly: true,
			sameSite: 'Lax',
			expires: Math.floor(session.expiresAt.getTime() / 1000)
		}
	]);
}

/**
 * Signs a staff member in (`signIn`) and opens `retour`, by default the inbox ("Demandes
 * reçues"), in `page`.
 */
export async function staffLogin(
	page: Page,
	email: string,
	options: { retour?: string } = {}
): Promise<void> {
	await signIn(page.context(), email);
	await page.goto(options.retour ?? '/espace-pro');
	await expect(page).not.toHaveURL(/\/espace-pro\/connexion/);
	if (!options.retour)
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Demandes reçues');
}

/** The mails queued for `recipient`, oldest first, as the outbox keeps them (sealed tokens apart). */
export const queuedMailsTo = async (recipient: string) =>
	await e2eDb()
		.select({
			subject: schema.outbox.subject,
			text: schema.outbox.text,
			ics: schema.outbox.ics,
			sealedToken: schema.outbox.sealedToken
		})
		.from(schema.outbox)
		.where(eq(schema.outbox.recipient, recipient))
		.orderBy(schema.outbox.id);

/** The ids of the demandes of the family name `nom`. */
export const demandesNamed = async (nom: string) =>
	await e2eDb()
		.select({ id: schema.demandes.id })
		.from(schema.demandes)
		.where(eq(schema.demandes.nom, nom));
