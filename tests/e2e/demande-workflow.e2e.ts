import { expect, test, type Locator, type Page } from '@playwright/test';
import { bookDemande, rendezVousInPast } from './builders';
import { staffLogin } from './helpers';
import { and, count, eq, like } from 'drizzle-orm';
import * as schema from '../../src/lib/server/db/schema';
import { e2eDb } from './db';

/*
 * The demande workflow of the back-office (docs/backoffice.md, ADR 011), keyboard only: Tab, Enter, Space and
 * arrow keys, never a click. Demandes are built in the database (builders.ts): 01 visio for
 * the agent (69, 01), 974 phone for the IDOR checks.
 */

const AGENT = 'agent.69@demo.portail-pdp.invalid';
const RESPONSABLE_974 = 'responsable.974@demo.portail-pdp.invalid';

const demandeRow = async (reference: string) =>
	(
		await e2eDb()
			.select({
				id: schema.demandes.id,
				status: schema.demandes.status,
				assigned_to: schema.demandes.assignedTo,
				outcome: schema.demandes.outcome,
				closed_at: schema.demandes.closedAt
			})
			.from(schema.demandes)
			.where(eq(schema.demandes.reference, reference))
	)[0];
const eventTypes = async (reference: string) =>
	(
		await e2eDb()
			.select({ type: schema.demandeEvents.type })
			.from(schema.demandeEvents)
			.innerJoin(schema.demandes, eq(schema.demandes.id, schema.demandeEvents.demandeId))
			.where(eq(schema.demandes.reference, reference))
			.orderBy(schema.demandeEvents.id)
	).map((r) => r.type);

/** Test set-up only: moves a demande's rendez-vous `days` into the past, so that attendance can be recorded. */
async function moveRendezVousToPast(reference: string, days: number): Promise<void> {
	await rendezVousInPast((await demandeRow(reference))!, days);
}

/**
 * A demande booked on the `slotIndex`-th free slot, built in the database through the booking
 * service (builders.ts; the public booking journey is booking.e2e.ts's), and its reference.
 * Each person has their own address (ADR 026: at most 2 upcoming rendez-vous per person).
 */
async function createDemande(
	departement: string,
	mode: 'telephone' | 'visio',
	slotIndex: number,
	nom: string
): Promise<string> {
	return (
		await bookDemande({
			departement,
			mode,
			slot: slotIndex,
			nom,
			email: `${nom.toLowerCase()}@example.org`
		})
	).reference;
}

// ------------------------------------------------------------------ keyboard only

/** Presses Tab until `target` has the focus (fails if it is not reachable by keyboard). */
async function tabTo(page: Page, target: Locator, max = 150): Promise<void> {
	for (let i = 0; i < max; i++) {
		if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`not reachable with Tab: ${target}`);
}

/** Chooses an option of a <select> with the arrow keys. */
async function selectWithKeys(page: Page, select: Locator, label: string): Promise<void> {
	await tabTo(page, select);
	for (let i = 0; i < 20; i++) {
		const current = await select.evaluate(
			(el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent?.trim() ?? ''
		);
		if (current === label) return;
		await page.keyboard.press('ArrowDown');
	}
	throw new Error(`option not found with the arrow keys: ${label}`);
}

async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
	await tabTo(page, field);
	await page.keyboard.type(text);
}

async function press(page: Page, button: Locator, key: 'Enter' | 'Space' = 'Enter'): Promise<void> {
	await tabTo(page, button);
	await page.keyboard.press(key);
}

const done = (page: Page) => page.locator('.alert-success[role="status"]');

async function expectDone(page: Page, text: string, javaScript: boolean): Promise<void> {
	await expect(done(page)).toHaveText(text);
	// With JavaScript, the confirmation takes the focus (announced, and Tab continues from there).
	if (javaScript) await expect(done(page)).toBeFocused();
}

const status = (page: Page) =>
	page.locator('dt', { hasText: /^Statut$/ }).locator('xpath=following-sibling::dd');

for (const javaScriptEnabled of [true, false]) {
	test.describe(`JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });

		test('an agent works a demande from nouvelle to clôturée with the keyboard only, reopens and closes it again', async ({
			page
		}) => {
			test.setTimeout(300_000);
			const nom = javaScriptEnabled ? 'Clavierjs' : 'Claviersansjs';
			const reference = await createDemande('01', 'visio', javaScriptEnabled ? 1 : 3, nom);
			await moveRendezVousToPast(reference, javaScriptEnabled ? 40 : 45);

			await staffLogin(page, AGENT);
			await press(page, page.getByRole('link', { name: reference }));
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Demande ${reference}`);
			await expect(status(page)).toHaveText('Nouvelle');
			await expect(page.getByText("Aucune action pour l'instant.")).toBeVisible();

			// Take charge.
			await press(page, page.getByRole('button', { name: 'Je prends en charge cette demande' }));
			await expectDone(page, 'Vous avez pris la demande en charge.', javaScriptEnabled);
			await expect(status(page)).toHaveText('En cours');
			await expect(page.getByText('Vous avez cette demande en charge.')).toBeVisible();

			// A contact attempt: first without its fields → errors, focused and linked.
			await press(page, page.getByRole('button', { name: 'Enregistrer la tentative de contact' }));
			const summary = page.getByRole('alert');
			await expect(summary).toContainText('Choisissez le moyen de contact.');
			await expect(summary).toContainText('Choisissez le résultat de la tentative de contact.');
			if (javaScriptEnabled) await expect(summary).toBeFocused();
			await selectWithKeys(page, page.getByLabel('Moyen de contact'), 'Téléphone');
			await selectWithKeys(page, page.getByLabel('Résultat'), 'Non jointe, message laissé');
			await typeInto(page, page.getByLabel('Commentaire').first(), 'Message sur le répondeur');
			await press(
				page,
				page.getByRole('button', { name: 'Enregistrer la tentative de contact' }),
				'Space'
			);
			await expectDone(page, 'La tentative de contact est enregistrée.', javaScriptEnabled);

			// A note.
			await typeInto(page, page.getByLabel('Note', { exact: true }), 'Rappel prévu jeudi');
			await press(page, page.getByRole('button', { name: 'Ajouter la note' }));
			await expectDone(page, 'La note est ajoutée.', javaScriptEnabled);

			// The rendez-vous took place (it was moved into the past for the test).
			await press(page, page.getByRole('button', { name: 'Rendez-vous honoré' }));
			await expectDone(page, 'La présence au rendez-vous est enregistrée.', javaScriptEnabled);
			await expect(
				page.locator('dt', { hasText: /^Présence$/ }).locator('xpath=following-sibling::dd')
			).toHaveText('Honoré');

			// Close with an outcome.
			await selectWithKeys(
				page,
				page.getByLabel('Issue (obligatoire)'),
				'En emploi — poste aménagé'
			);
			await press(page, page.getByRole('button', { name: 'Clôturer la demande' }));
			await expectDone(page, 'La demande est clôturée.', javaScriptEnabled);
			await expect(status(page)).toHaveText('Clôturée');
			await expect(page.getByText('En emploi — poste aménagé').first()).toBeVisible();
			expect(await demandeRow(reference)).toMatchObject({
				status: 'cloturee',
				outcome: 'emploi_poste_amenage'
			});

			// Reopen, then close again.
			await typeInto(page, page.getByLabel('Motif de la réouverture'), 'Nouvel arrêt de travail');
			await press(page, page.getByRole('button', { name: 'Rouvrir la demande' }));
			await expectDone(page, 'La demande est rouverte.', javaScriptEnabled);
			await expect(status(page)).toHaveText('En cours');
			expect(await demandeRow(reference)).toMatchObject({
				status: 'en_cours',
				outcome: null,
				closed_at: null
			});
			await selectWithKeys(page, page.getByLabel('Issue (obligatoire)'), 'Sans suite');
			await press(page, page.getByRole('button', { name: 'Clôturer la demande' }));
			await expectDone(page, 'La demande est clôturée.', javaScriptEnabled);

			// The history: every action, with its author, in order.
			const history = page.getByRole('region', { name: 'Historique' }).getByRole('listitem');
			await expect(history).toHaveCount(7);
			await expect(history.nth(0)).toContainText('Prise en charge');
			await expect(history.nth(0)).toContainText('Agent de démonstration');
			await expect(history.nth(1)).toContainText('Téléphone : Non jointe, message laissé');
			await expect(history.nth(1)).toContainText('Message sur le répondeur');
			await expect(history.nth(2)).toContainText('Rappel prévu jeudi');
			await expect(history.nth(3)).toContainText('Rendez-vous honoré');
			await expect(history.nth(4)).toContainText(
				'En cours → Clôturée. Issue : En emploi — poste aménagé'
			);
			await expect(history.nth(5)).toContainText('Nouvel arrêt de travail');
			await expect(history.nth(6)).toContainText('Issue : Sans suite');
			expect(await eventTypes(reference)).toEqual([
				'prise_en_charge',
				'tentative_contact',
				'note',
				'rdv_honore',
				'cloture',
				'reouverture',
				'cloture'
			]);

			// The inbox shows who has it, and filters on it.
			await page.goto('/espace-pro?assigned=moi&departement=01');
			const row = page
				.getByRole('row')
				.filter({ has: page.getByRole('link', { name: reference }) });
			await expect(row).toContainText('Agent de démonstration');
			await page.goto('/espace-pro?assigned=personne&departement=01');
			await expect(page.getByRole('link', { name: reference })).toHaveCount(0);
		});
	});
}

test.describe('JavaScript off', () => {
	test.use({ javaScriptEnabled: false });

	test('the service cancels a rendez-vous with a message: the slot is free and the person is e-mailed', async ({
		page
	}) => {
		test.setTimeout(180_000);
		const reference = await createDemande('01', 'visio', 5, 'Annulationservice');
		await staffLogin(page, AGENT);
		await page.goto(`/espace-pro/demandes/${reference}`);
		await expect(page.getByText('La personne recevra ce message par e-mail')).toBeVisible();
		// Empty message: refused, nothing cancelled.
		await press(
			page,
			page.getByRole('button', { name: 'Annuler le rendez-vous et prévenir la personne' })
		);
		await expect(page.getByRole('alert')).toContainText('Écrivez le message pour la personne.');
		await typeInto(
			page,
			page.getByLabel('Message à la personne (obligatoire)'),
			'Votre conseillère est absente ce jour-là.'
		);
		await press(
			page,
			page.getByRole('button', { name: 'Annuler le rendez-vous et prévenir la personne' })
		);
		await expect(done(page)).toHaveText(
			'Le rendez-vous est annulé. La personne est prévenue par e-mail.'
		);
		await expect(page.getByText('Ce rendez-vous a été annulé.')).toBeVisible();
		await expect(status(page)).toHaveText('En cours');
		await expect(page.getByRole('region', { name: 'Historique' })).toContainText(
			'Rendez-vous annulé par le service'
		);
		const [mail] = await e2eDb()
			.select({ recipient: schema.outbox.recipient, text: schema.outbox.text })
			.from(schema.outbox)
			.innerJoin(schema.demandes, eq(schema.demandes.id, schema.outbox.demandeId))
			.where(
				and(
					eq(schema.demandes.reference, reference),
					like(schema.outbox.subject, '%annulé par le service social%')
				)
			);
		expect(mail?.recipient).toBe('annulationservice@example.org');
		expect(mail?.text).toContain('Votre conseillère est absente ce jour-là.');
		const [cancelled] = await e2eDb()
			.select({ status: schema.rendezVous.status, cancelled_by: schema.rendezVous.cancelledBy })
			.from(schema.rendezVous)
			.innerJoin(schema.demandes, eq(schema.demandes.id, schema.rendezVous.demandeId))
			.where(eq(schema.demandes.reference, reference));
		expect(cancelled).toEqual({ status: 'annule', cancelled_by: 'service' });
	});
});

test('IDOR and CSRF: an agent of 69/01 cannot change a demande of 974 by posting to it; a cross-origin post is refused', async ({
	page
}) => {
	test.setTimeout(180_000);
	const foreign = await createDemande('974', 'telephone', 6, 'Idorreunion');
	const mine = await createDemande('01', 'visio', 7, 'Csrfain');
	await staffLogin(page, AGENT);
	const origin = new URL(page.url()).origin;
	const before = await demandeRow(foreign);
	const posts: [string, Record<string, string>][] = [
		['takeCharge', {}],
		['assign', { assignee: '1' }],
		['contact', { channel: 'telephone', result: 'joint', note: '' }],
		['attendance', { attendance: 'honore' }],
		['note', { note: 'intrusion' }],
		['close', { outcome: 'autre', note: '' }],
		['reopen', { note: '' }],
		['cancel', { message: 'intrusion' }]
	];
	for (const [action, form] of posts) {
		const response = await page.request.post(`/espace-pro/demandes/${foreign}?/${action}`, {
			form,
			headers: { origin, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(response.status(), action).toBe(404);
		expect(await response.text()).not.toContain('Idorreunion');
	}
	expect(await demandeRow(foreign)).toEqual(before);
	expect(await eventTypes(foreign)).toEqual([]);
	expect((await page.goto(`/espace-pro/demandes/${foreign}`))?.status()).toBe(404);

	// Another site posting a form to our own demande: refused by the origin check, nothing stored.
	const forged = await page.request.post(`/espace-pro/demandes/${mine}?/note`, {
		form: { note: 'forged' },
		headers: { origin: 'https://evil.example', accept: 'text/html' },
		maxRedirects: 0
	});
	expect(forged.status()).toBe(403);
	expect(await eventTypes(mine)).toEqual([]);

	// A tampered assignee (a 974 staff member) and a too-long note: 409 / 400, nothing stored.
	const [responsable974] = await e2eDb()
		.select({ id: schema.staffUsers.id })
		.from(schema.staffUsers)
		.where(eq(schema.staffUsers.email, RESPONSABLE_974));
	const tampered = await page.request.post(`/espace-pro/demandes/${mine}?/assign`, {
		form: { assignee: String(responsable974!.id) },
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(tampered.status()).toBe(409);
	const long = await page.request.post(`/espace-pro/demandes/${mine}?/note`, {
		form: { note: 'x'.repeat(2001) },
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(long.status()).toBe(400);
	expect(await long.text()).toContain('Le texte est trop long');
	expect(await eventTypes(mine)).toEqual([]);
	expect(await demandeRow(mine)).toMatchObject({ status: 'nouvelle', assigned_to: null });
});

test('the audit log: a responsable sees it (filters, names, labels) and viewing it is audited; an agent gets 403', async ({
	page,
	browser
}) => {
	test.setTimeout(180_000);
	const reference = await createDemande('974', 'telephone', 8, 'Journalreunion');
	await staffLogin(page, RESPONSABLE_974);
	await page.goto(`/espace-pro/demandes/${reference}`);
	await press(page, page.getByRole('link', { name: 'Journal d’audit' }));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Journal d’audit');
	const table = page.getByRole('table');
	await expect(table.getByRole('row').filter({ hasText: reference }).first()).toContainText(
		"Consultation d'une demande"
	);
	await expect(table).toContainText('Responsable de démonstration');
	// Lines of the 69/01 agent (other départements, not a 974 colleague) are not shown.
	await expect(table).not.toContainText('Agent de démonstration');

	// Filter by reference with the keyboard.
	await typeInto(page, page.getByLabel('Référence de la demande'), reference.toLowerCase());
	await press(page, page.getByRole('button', { name: 'Filtrer' }));
	await expect(page).toHaveURL(/reference=/);
	await expect(page.getByRole('status')).toHaveText('1 entrée');
	const [views] = await e2eDb()
		.select({ n: count() })
		.from(schema.auditLog)
		.innerJoin(schema.staffUsers, eq(schema.staffUsers.id, schema.auditLog.userId))
		.where(
			and(eq(schema.auditLog.action, 'journal_view'), eq(schema.staffUsers.email, RESPONSABLE_974))
		);
	expect(views!.n).toBeGreaterThanOrEqual(2);

	const agent = await browser.newContext({
		baseURL: test.info().project.use.baseURL,
		locale: 'fr-FR'
	});
	const agentPage = await agent.newPage();
	await staffLogin(agentPage, AGENT);
	await expect(agentPage.getByRole('link', { name: 'Journal d’audit' })).toHaveCount(0);
	expect((await agentPage.goto('/espace-pro/journal'))?.status()).toBe(403);
	await agent.close();
});
