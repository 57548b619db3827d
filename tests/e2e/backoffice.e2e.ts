import { expect, test } from '@playwright/test';
import { bookDemande, type NewDemande } from './builders';
import { staffLogin } from './helpers';
import { and, count, eq } from 'drizzle-orm';
import * as schema from '../../src/lib/server/db/schema';
import { e2eDb } from './db';

/*
 * The staff inbox and demande page (docs/backoffice.md, ADR 011): scoped to the staff member's départements.
 * Demandes are built in the database through the booking service (builders.ts: the public
 * booking journey itself is booking.e2e.ts's); staff log in with the session fixture. Each test uses its own slots
 * (69 visio, 01 phone, 974 visio) so that they never race with the booking suite.
 */

const AGENT_69 = 'agent.69@demo.portail-pdp.invalid';
const RESPONSABLE_974 = 'responsable.974@demo.portail-pdp.invalid';
const NOT_SHARED = "La personne n'a pas souhaité transmettre son questionnaire.";

/** A demande booked on the `slot`-th free slot, built in the database (builders.ts), and its reference. */
const createDemande = async (demande: NewDemande) => (await bookDemande(demande)).reference;

/** How many rows of the e2e server's audit trail record `action` on the demande `reference`. */
const auditRows = async (action: string, reference: string) =>
	(
		await e2eDb()
			.select({ n: count() })
			.from(schema.auditLog)
			.where(
				and(eq(schema.auditLog.action, action), eq(schema.auditLog.demandeReference, reference))
			)
	)[0]!.n;

test('without a session, the inbox and a demande page redirect to the login page', async ({
	page
}) => {
	await page.goto('/espace-pro?status=nouvelle');
	await expect(page).toHaveURL(/\/espace-pro\/connexion\?retour=/);
	expect(decodeURIComponent(page.url())).toContain('retour=/espace-pro?status=nouvelle');
	const response = await page.request.get('/espace-pro/demandes/PDP-ABCDEFGH', { maxRedirects: 0 });
	expect(response.status()).toBe(303);
	expect(response.headers()['location']).toContain('/espace-pro/connexion');
});

test('an agent sees the demandes of their départements only; another département’s demande is a 404', async ({
	page,
	browser
}) => {
	test.slow();
	const mine = await createDemande({
		departement: '69',
		mode: 'visio',
		slot: 2,
		nom: 'Lyonnais'
	});
	const foreign = await createDemande({
		departement: '974',
		mode: 'visio',
		slot: 2,
		nom: 'Reunionnais'
	});

	await staffLogin(page, AGENT_69);
	await expect(
		page.getByText('Les demandes de vos départements : 01 — Ain, 69 — Rhône.')
	).toBeVisible();
	const table = page.getByRole('table');
	await expect(table.getByRole('link', { name: mine })).toBeVisible();
	await expect(page.getByText(foreign)).toHaveCount(0);
	// Ten columns and the bulk assignment's check boxes (ADR 040).
	await expect(table.locator('th[scope="col"]')).toHaveCount(11);
	// Each listing is audited, with counts only (no personal data, no reference).
	const listings = await e2eDb()
		.select({
			details: schema.auditLog.details,
			demande_reference: schema.auditLog.demandeReference
		})
		.from(schema.auditLog)
		.innerJoin(schema.staffUsers, eq(schema.staffUsers.id, schema.auditLog.userId))
		.where(and(eq(schema.auditLog.action, 'inbox_list'), eq(schema.staffUsers.email, AGENT_69)));
	expect(listings.length).toBeGreaterThan(0);
	for (const line of listings) {
		expect(line.demande_reference).toBeNull();
		expect(Object.keys(line.details!).sort()).toEqual(['filters', 'page']);
	}

	// A tampered département filter is ignored: still nothing from 974.
	await page.goto('/espace-pro?departement=974&status=nope&page=-1');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Demandes reçues');
	await expect(page.getByRole('table').getByRole('link', { name: mine })).toBeVisible();
	await expect(page.getByText(foreign)).toHaveCount(0);

	// The URL of the 974 demande: a plain 404, and no read in the audit trail.
	const response = await page.goto(`/espace-pro/demandes/${foreign}`);
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
	await expect(page.getByText('Reunionnais')).toHaveCount(0);
	expect(await auditRows('demande_read', foreign)).toBe(0);

	// Its own demande opens, and the read is audited.
	await page.goto('/espace-pro');
	await page.getByRole('link', { name: mine }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Demande ${mine}`);
	await expect(page.getByText('Test Lyonnais')).toBeVisible();
	expect(await auditRows('demande_read', mine)).toBe(1);

	// The 974 team sees theirs and not the 69 one.
	const other = await browser.newContext({
		baseURL: test.info().project.use.baseURL,
		locale: 'fr-FR'
	});
	const responsable = await other.newPage();
	await staffLogin(responsable, RESPONSABLE_974);
	await expect(responsable.getByRole('table').getByRole('link', { name: foreign })).toBeVisible();
	await expect(responsable.getByText(mine)).toHaveCount(0);
	await responsable.getByRole('link', { name: foreign }).click();
	await expect(responsable.getByRole('heading', { level: 1 })).toHaveText(`Demande ${foreign}`);
	await expect(responsable.getByText('heure de La Réunion')).toBeVisible();
	expect((await responsable.goto(`/espace-pro/demandes/${mine}`))?.status()).toBe(404);
	await other.close();
});

test('the questionnaire is shown only when the person consented; the NIR is masked', async ({
	page
}) => {
	test.slow();
	const withoutConsent = await createDemande({
		departement: '01',
		mode: 'telephone',
		slot: 4,
		nom: 'Sansaccord',
		nir: '2 55 08 14 168 025 38'
	});
	const withConsent = await createDemande({
		departement: '01',
		mode: 'telephone',
		slot: 7,
		nom: 'Avecaccord',
		shared: true
	});

	await staffLogin(page, AGENT_69);
	await page.goto(`/espace-pro/demandes/${withoutConsent}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Demande ${withoutConsent}`);
	await expect(page.getByText(NOT_SHARED)).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Réponses' })).toHaveCount(0);
	await expect(page.getByText('Niveau', { exact: true })).toHaveCount(0);
	await expect(page.getByText('•••••••••••2538')).toBeVisible();
	const html = await page.content();
	expect(html).not.toContain('255081416802538');
	expect(html).not.toContain('55 08 14 168');

	await page.goto(`/espace-pro/demandes/${withConsent}`);
	await expect(page.getByText(NOT_SHARED)).toHaveCount(0);
	const level = page.locator('dt', { hasText: /^Niveau$/ }).locator('xpath=following-sibling::dd');
	await expect(level).toHaveText(/^(Faible|Modéré|Élevé)$/);
	await expect(page.getByRole('heading', { name: 'Réponses' })).toBeVisible();
	await expect(page.getByText('Entre 3 et 6 mois')).toBeVisible();
	await expect(page.getByText('Version du questionnaire')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Points par domaine' })).toBeVisible();

	// The inbox shows the level of the shared one only.
	await page.goto('/espace-pro?departement=01');
	const row = (reference: string) =>
		page.getByRole('row').filter({ has: page.getByRole('link', { name: reference }) });
	await expect(row(withConsent)).toContainText(/Faible|Modéré|Élevé/);
	await expect(row(withoutConsent)).toContainText('Non transmis');
});

test.describe('JavaScript off', () => {
	test.use({ javaScriptEnabled: false });

	test('the inbox filters and opens demandes without JavaScript', async ({ page }) => {
		test.slow();
		const lyon = await createDemande({
			departement: '69',
			mode: 'visio',
			slot: 5,
			nom: 'Sansjs'
		});
		const ain = await createDemande({
			departement: '01',
			mode: 'telephone',
			slot: 10,
			nom: 'Sansjsain'
		});

		await staffLogin(page, AGENT_69);
		await expect(page.getByRole('link', { name: lyon })).toBeVisible();
		await expect(page.getByRole('link', { name: ain })).toBeVisible();

		await page.getByLabel('Département', { exact: true }).selectOption('01');
		await page.getByRole('button', { name: 'Filtrer' }).click();
		await expect(page).toHaveURL(/[?&]departement=01/);
		await expect(page.getByRole('link', { name: ain })).toBeVisible();
		await expect(page.getByText(lyon)).toHaveCount(0);
		await expect(page.getByLabel('Département', { exact: true })).toHaveValue('01');

		// Other specs (and a retry) book video rendez-vous in 01 too: what this test checks is its
		// own demande gone, then a combination that no demande can match.
		await page.getByLabel('Mode', { exact: true }).selectOption('visio');
		await page.getByRole('button', { name: 'Filtrer' }).click();
		await expect(page).toHaveURL(/[?&]mode=visio/);
		await expect(page.getByText(ain)).toHaveCount(0);
		await expect(page.getByLabel('Mode', { exact: true })).toHaveValue('visio');
		// A callback request has no rendez-vous, so no mode.
		await page.getByLabel('Type', { exact: true }).selectOption('rappel');
		await page.getByRole('button', { name: 'Filtrer' }).click();
		await expect(page).toHaveURL(/[?&]kind=rappel/);
		await expect(page.getByText('Aucune demande ne correspond à ces filtres.')).toBeVisible();

		await page.getByRole('link', { name: 'Effacer les filtres' }).click();
		await page.getByRole('link', { name: lyon }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Demande ${lyon}`);
		await expect(page.getByText('Visio', { exact: true })).toBeVisible();
	});
});
