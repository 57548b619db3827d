import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoA11yViolations, staffLogin } from './helpers';
import { distinctContact } from './persons';
import { and, eq, gt, like } from 'drizzle-orm';
import * as schema from '../../src/lib/server/db/schema';
import type { WeeklyOpening } from '../../src/lib/booking/slots';
import { e2eDb } from './db';
import { attempt } from './builders';

/*
 * Agenda management (docs/slots.md §5, ADR 013). Everything here edits La Réunion's in-person agenda (974
 * accueil, Mon/Wed/Fri 09:00–12:00 in the demo data), which no other suite books, or agendas
 * this file creates: the public slots of the other suites never change. The tests run in order.
 */
test.describe.configure({ mode: 'serial' });

/**
 * Before the file's tests (again on a retry, which runs them all again): La Réunion's in-person
 * agenda as the demo seeds it (src/lib/server/db/seed.ts: Mon/Wed/Fri 09:00–12:00, 45-minute
 * slots, no absence or opening) and no rendez-vous booked on it by an attempt before. The first
 * test removes a weekday and books there; a retry would start from that and count its clash.
 */
test.beforeAll(async () => {
	await e2eDb().transaction(
		async (db) => {
			const [agenda] = await db
				.select({ id: schema.agendas.id })
				.from(schema.agendas)
				.innerJoin(schema.pointsAccueil, eq(schema.pointsAccueil.id, schema.agendas.pointAccueilId))
				.where(
					and(
						eq(schema.agendas.departementCode, '974'),
						eq(schema.agendas.mode, 'accueil'),
						eq(schema.pointsAccueil.departementCode, '974'),
						like(schema.pointsAccueil.name, 'Accueil de démonstration%')
					)
				);
			const id = agenda!.id;
			const weekly: WeeklyOpening[] = ([1, 3, 5] as const).map((weekday) => ({
				weekday,
				start: '09:00',
				end: '12:00'
			}));
			await db
				.update(schema.agendas)
				.set({ weekly, slotMinutes: 45, active: true })
				.where(eq(schema.agendas.id, id));
			await db.delete(schema.agendaAbsences).where(eq(schema.agendaAbsences.agendaId, id));
			await db.delete(schema.agendaOpenings).where(eq(schema.agendaOpenings.agendaId, id));
			await db
				.update(schema.rendezVous)
				.set({ status: 'annule', cancelledBy: 'service' })
				.where(
					and(
						eq(schema.rendezVous.agendaId, id),
						eq(schema.rendezVous.status, 'confirme'),
						gt(schema.rendezVous.startsAt, new Date())
					)
				);
		},
		{ behavior: 'immediate' }
	);
});

const AGENT_69 = 'agent.69@demo.portail-pdp.invalid';
const RESPONSABLE_974 = 'responsable.974@demo.portail-pdp.invalid';
const REFERENCE = /PDP-[A-Z2-9]{8}/;
const ACCUEIL_974 = /À l'accueil — Accueil de démonstration — La Réunion/;

interface Creneau {
	start: string;
	end: string;
}

/** The public API's free in-person slots of La Réunion, as local 'YYYY-MM-DDTHH:MM' (+04:00). */
async function publicSlots(page: Page): Promise<string[]> {
	const response = await page.request.get('/api/v1/departements/974/creneaux?mode=accueil');
	expect(response.status()).toBe(200);
	const body = (await response.json()) as { creneaux: Creneau[] };
	return body.creneaux.map((c) => c.start.slice(0, 16));
}
const weekdayOf = (localDate: string) => new Date(`${localDate}T12:00:00Z`).getUTCDay() || 7;
const WEEKDAYS = ['', 'Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'];

/** Books a slot through the public form (posted, as a person would) and returns the demande reference. */
async function bookInPerson(
	browser: Browser,
	slotIndex: number
): Promise<{ reference: string; start: string }> {
	const context = await browser.newContext({
		baseURL: test.info().project.use.baseURL,
		locale: 'fr-FR'
	});
	const page = await context.newPage();
	try {
		await page.goto('/rendez-vous/creneaux?departement=974&mode=accueil&jour=tous');
		const slots = await page
			.getByRole('radio')
			.evaluateAll((radios) => radios.map((r) => (r as HTMLInputElement).value));
		const slot = slots[slotIndex];
		expect(slot, 'enough free slots').toBeDefined();
		const query = new URLSearchParams({ departement: '974', mode: 'accueil', slot: slot! });
		await page.goto(`/rendez-vous/coordonnees?${query}`);
		const token = await page.locator('input[name="token"]').inputValue();
		const response = await page.request.post(`/rendez-vous/coordonnees?${query}&/book`, {
			form: {
				nom: 'Grondin',
				prenom: 'Test',
				...distinctContact(),
				nir: '',
				message: '',
				departement: '974',
				mode: 'accueil',
				slot: slot!,
				token,
				website: '',
				shareResult: 'non'
			},
			headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(response.status()).toBe(303);
		const manage = await page.request.get(response.headers()['location']!);
		const reference = (await manage.text()).match(REFERENCE)?.[0];
		expect(reference).toBeDefined();
		return { reference: reference!, start: slot!.split('|')[1]! };
	} finally {
		await context.close();
	}
}

async function openAccueilAgenda(page: Page): Promise<string> {
	await page.goto('/espace-pro/agendas');
	await page.getByRole('link', { name: ACCUEIL_974 }).click();
	await expect(page).toHaveURL(/\/espace-pro\/agendas\/\d+$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Agenda À l'accueil/);
	return page.url();
}

test('a responsable edits the hours, an absence and a one-off opening: the public slots follow at once, and a clash is shown', async ({
	page,
	browser
}) => {
	// One long journey (booking, login, five edits, axe five times) on a shared CI machine.
	test.setTimeout(240_000);
	const before = await publicSlots(page);
	expect(before.length).toBeGreaterThan(8);
	// A rendez-vous on the first offered day, booked before the edit.
	const booked = await bookInPerson(browser, 0);
	const bookedDay = before[0]!.slice(0, 10);
	const bookedWeekday = weekdayOf(bookedDay);
	const afterBooking = await publicSlots(page);
	expect(afterBooking).toEqual(before.slice(1));

	await staffLogin(page, RESPONSABLE_974);
	await page.goto('/espace-pro/agendas');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Agendas');
	await expect(page.getByRole('table', { name: 'Agendas — La Réunion' })).toBeVisible();
	await expectNoA11yViolations(page);
	const agendaUrl = await openAccueilAgenda(page);
	await expect(page.getByText(/ne correspond(ent)? plus à l'agenda/)).toHaveCount(0);
	await expectNoA11yViolations(page);

	// A bad time first: the error summary, then the field.
	const day = page.getByRole('group', { name: WEEKDAYS[bookedWeekday]! });
	await day.getByLabel('Plage 1 : fin').fill('25:00');
	await page.getByRole('button', { name: 'Enregistrer les horaires' }).click();
	const summary = page.getByRole('alert').filter({ hasText: 'Il y a 1 erreur à corriger' });
	await expect(summary).toBeFocused();
	await expect(
		summary.getByRole('link', { name: 'Indiquez une heure au format HH:MM, par exemple 09:00.' })
	).toBeVisible();
	await expectNoA11yViolations(page);
	expect(await publicSlots(page)).toEqual(afterBooking);

	// Remove the booked weekday's range: no more slots that weekday, the booking is kept and flagged.
	await day.getByLabel('Plage 1 : début').fill('');
	await day.getByLabel('Plage 1 : fin').fill('');
	await page.getByRole('button', { name: 'Enregistrer les horaires' }).click();
	await expect(page.getByRole('status')).toContainText('Les horaires ont été enregistrés.');
	const afterWeekly = await publicSlots(page);
	expect(afterWeekly.filter((s) => weekdayOf(s.slice(0, 10)) === bookedWeekday)).toEqual([]);
	expect(afterWeekly.length).toBeGreaterThan(0);
	const clashes = page.getByRole('region', { name: "1 rendez-vous ne correspond plus à l'agenda" });
	await expect(clashes).toBeVisible();
	await expect(clashes.getByRole('link', { name: booked.reference })).toHaveAttribute(
		'href',
		`/espace-pro/demandes/${booked.reference}`
	);
	await expect(clashes).toContainText('en dehors des horaires');
	await expectNoA11yViolations(page);
	// The list shows the clash too.
	await page.goto('/espace-pro/agendas');
	await expect(
		page
			.getByRole('region', { name: "1 rendez-vous ne correspond plus à l'agenda" })
			.getByRole('link', { name: booked.reference })
	).toBeVisible();
	await page.goto(agendaUrl);

	// An absence on another day: none of its slots are offered any more.
	const absenceDay = afterWeekly[0]!.slice(0, 10);
	await page.getByLabel('Date de début').fill(absenceDay);
	await page.getByLabel('Heure de début').fill('08:00');
	await page.getByLabel('Date de fin').fill(absenceDay);
	await page.getByLabel('Heure de fin').fill('13:00');
	await page.getByLabel('Motif (facultatif)').fill('Formation');
	await page.getByRole('button', { name: "Ajouter l'absence" }).click();
	await expect(page.getByRole('status')).toContainText("L'absence a été ajoutée.");
	const afterAbsence = await publicSlots(page);
	expect(afterAbsence.filter((s) => s.startsWith(absenceDay))).toEqual([]);
	expect(afterAbsence.length).toBeGreaterThan(0);

	// A one-off afternoon opening on an open day: offered at once.
	const openingDay = afterAbsence.at(-1)!.slice(0, 10);
	expect(afterAbsence).not.toContain(`${openingDay}T14:00`);
	await page.getByLabel('Date', { exact: true }).fill(openingDay);
	await page.getByLabel('Début', { exact: true }).fill('14:00');
	await page.getByLabel('Fin', { exact: true }).fill('15:30');
	await page.getByRole('button', { name: "Ajouter l'ouverture" }).click();
	await expect(page.getByRole('status')).toContainText("L'ouverture ponctuelle a été ajoutée.");
	const afterOpening = await publicSlots(page);
	expect(afterOpening).toEqual(
		expect.arrayContaining([`${openingDay}T14:00`, `${openingDay}T14:45`])
	);
	await expectNoA11yViolations(page);

	// The public slot page agrees with the API.
	await page.goto('/rendez-vous/creneaux?departement=974&mode=accueil&jour=tous');
	const offered = await page
		.getByRole('radio')
		.evaluateAll((radios) => radios.map((r) => (r as HTMLInputElement).value.split('|')[1]!));
	expect(offered).toHaveLength(afterOpening.length);
	expect(offered).not.toContain(booked.start);

	// Removing the opening and the absence (their buttons name what they remove): the slots follow.
	await page.goto(agendaUrl);
	await page.getByRole('button', { name: /^Retirer l'ouverture du .* de 14:00 à 15:30/ }).click();
	await expect(page.getByRole('button', { name: /^Retirer l'ouverture du / })).toHaveCount(0);
	expect(await publicSlots(page)).not.toContain(`${openingDay}T14:00`);
	await page.getByRole('button', { name: /^Retirer l'absence : .*\(Formation\)$/ }).click();
	await expect(page.getByRole('button', { name: /^Retirer l'absence : / })).toHaveCount(0);
	expect((await publicSlots(page)).filter((s) => s.startsWith(absenceDay)).length).toBeGreaterThan(
		0
	);
});

test('without JavaScript: a responsable creates an agenda, sets its slot length, adds a point d’accueil and a closure day', async ({
	browser
}) => {
	test.slow();
	const context = await browser.newContext({
		baseURL: test.info().project.use.baseURL,
		locale: 'fr-FR',
		javaScriptEnabled: false
	});
	const page = await context.newPage();
	try {
		await staffLogin(page, RESPONSABLE_974, { retour: '/espace-pro/agendas' });
		// A new video agenda has no hours: it offers nothing until edited.
		await page.getByLabel('Type de rendez-vous').selectOption('visio');
		await page.getByRole('button', { name: "Créer l'agenda" }).click();
		await expect(page).toHaveURL(/\/espace-pro\/agendas\/\d+\?fait=cree$/);
		await expect(page.getByRole('status')).toContainText("L'agenda a été créé.");
		const created = new URL(page.url()).pathname;

		await page.getByLabel("Durée d'un créneau (en minutes)").fill('200');
		await page.getByRole('button', { name: 'Enregistrer la durée et le délai' }).click();
		await expect(page.getByRole('alert')).toContainText(
			'Indiquez une durée entre 15 et 120 minutes.'
		);
		await expect(page.getByLabel("Durée d'un créneau (en minutes)")).toHaveValue('200');
		await page.getByLabel("Durée d'un créneau (en minutes)").fill('30');
		await page.getByRole('button', { name: 'Enregistrer la durée et le délai' }).click();
		await expect(page.getByRole('status')).toContainText(
			'La durée et le délai ont été enregistrés.'
		);
		await expect(page.getByLabel("Durée d'un créneau (en minutes)")).toHaveValue('30');
		await page.getByRole('button', { name: "Désactiver l'agenda" }).click();
		await expect(page.getByRole('status')).toContainText("L'agenda a été désactivé.");

		// Switched on again from the list (it has no hours: still nothing offered).
		await page.goto('/espace-pro/agendas');
		// This agenda's row: a retry finds the first attempt's video agenda in the list too.
		await page
			.getByRole('row')
			.filter({ has: page.locator(`a[href="${created}"]`) })
			.getByRole('button', { name: 'Activer En visio', exact: true })
			.click();
		await expect(page.getByRole('status')).toContainText("L'agenda a été activé.");

		// A point d'accueil and a closure day far outside the 14-day window (no public slot changes).
		await page.goto('/espace-pro/agendas');
		const newPoint = page.locator('form', {
			has: page.getByRole('button', { name: "Ajouter le point d'accueil" })
		});
		// Of this attempt: a retry finds the first attempt's point d'accueil in the list.
		const pointName = `Antenne de Saint-Pierre (test ${attempt()})`;
		await newPoint.getByLabel('Nom').fill(pointName);
		await newPoint.getByRole('button', { name: "Ajouter le point d'accueil" }).click();
		await expect(page.getByRole('alert')).toContainText("Indiquez l'adresse du point d'accueil.");
		await expect(newPoint.getByLabel('Nom')).toHaveValue(pointName);
		await newPoint.getByLabel('Adresse').fill('2 rue du Test, Saint-Pierre (fictive)');
		await newPoint.getByRole('button', { name: "Ajouter le point d'accueil" }).click();
		await expect(page.getByRole('status')).toContainText("Le point d'accueil a été enregistré.");
		await expect(page.getByRole('heading', { level: 4, name: pointName })).toBeVisible();

		const far = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
		await page.getByLabel('Date de fermeture').fill(far);
		await page.getByRole('button', { name: 'Ajouter le jour de fermeture' }).click();
		await expect(page.getByRole('status')).toContainText('Le jour de fermeture a été ajouté.');
		await page.getByRole('button', { name: /^Retirer la fermeture du / }).click();
		await expect(page.getByRole('status')).toContainText('Le jour de fermeture a été retiré.');
		await expect(page.getByText('Aucun jour de fermeture à venir.')).toBeVisible();
	} finally {
		await context.close();
	}
});

test('keyboard only: the slot length of an agenda is changed without a mouse', async ({ page }) => {
	test.slow();
	await staffLogin(page, RESPONSABLE_974);
	await openAccueilAgenda(page);
	await page.reload({ waitUntil: 'networkidle' });
	let focused = '';
	for (let i = 0; i < 80 && focused !== 'slotMinutes'; i++) {
		await page.keyboard.press('Tab');
		focused = await page.evaluate(() => document.activeElement?.id ?? '');
	}
	expect(focused).toBe('slotMinutes');
	await page.keyboard.press('Control+A');
	await page.keyboard.type('60');
	await page.keyboard.press('Tab');
	await expect(
		page.getByLabel('Délai minimum avant un rendez-vous (en jours ouvrés)')
	).toBeFocused();
	await page.keyboard.press('Tab');
	await expect(
		page.getByRole('button', { name: 'Enregistrer la durée et le délai' })
	).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status')).toContainText('La durée et le délai ont été enregistrés.');
	const response = await page.request.get('/api/v1/departements/974/creneaux?mode=accueil');
	const { creneaux } = (await response.json()) as { creneaux: Creneau[] };
	expect(creneaux.length).toBeGreaterThan(0);
	for (const c of creneaux)
		expect(new Date(c.end).getTime() - new Date(c.start).getTime()).toBe(60 * 60_000);
});

test('scope: another département’s agenda is a 404 by URL or forged form; an agent reads but cannot change', async ({
	page
}) => {
	test.slow();
	await staffLogin(page, AGENT_69);
	await page.goto('/espace-pro/agendas');
	await expect(page.getByRole('heading', { level: 2, name: 'Rhône (69)' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Ain (01)' })).toBeVisible();
	await expect(
		page.getByText('Seul un ou une responsable du département peut les modifier.').first()
	).toBeVisible();
	await expect(page.getByRole('button', { name: "Créer l'agenda" })).toHaveCount(0);
	await expectNoA11yViolations(page);
	// A tampered filter shows nothing of 974.
	await page.goto('/espace-pro/agendas?departement=974');
	await expect(page.getByRole('heading', { name: /La Réunion/ })).toHaveCount(0);

	await page.goto('/espace-pro/agendas');
	await page.getByRole('link', { name: 'Par téléphone' }).first().click();
	await expect(page).toHaveURL(/\/espace-pro\/agendas\/\d+$/);
	const agenda69 = page.url();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Agenda Par téléphone');
	await expect(page.getByRole('button', { name: 'Enregistrer les horaires' })).toHaveCount(0);
	await expect(page.getByRole('table', { name: 'Horaires de la semaine' })).toBeVisible();
	await expectNoA11yViolations(page);
	const origin = new URL(agenda69).origin;
	const forged = await page.request.post(`${agenda69}?/weekly`, {
		form: { d1r1start: '', d1r1end: '' },
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(forged.status()).toBe(403);

	// The 974 responsable: the 69 agenda by URL and by forged form is "not found"; nothing changed.
	await page.context().clearCookies();
	await staffLogin(page, RESPONSABLE_974);
	expect((await page.goto(agenda69))?.status()).toBe(404);
	for (const action of ['weekly', 'settings', 'active', 'addOpening', 'removeAbsence']) {
		const response = await page.request.post(`${agenda69}?/${action}`, {
			form: {
				slotMinutes: '120',
				minNoticeDays: '10',
				active: '0',
				date: '2030-01-01',
				start: '09:00',
				end: '10:00',
				id: '1'
			},
			headers: { origin, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(response.status(), action).toBe(404);
	}
	const createForeign = await page.request.post('/espace-pro/agendas?/createAgenda', {
		form: { departement: '69', mode: 'visio', pointAccueil: '' },
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(createForeign.status()).toBe(404);
	const still = await page.request.get('/api/v1/departements/69/creneaux?mode=telephone');
	expect(((await still.json()) as { creneaux: Creneau[] }).creneaux.length).toBeGreaterThan(10);
});

test('a client-side navigation brings the messages of the namespaces the new page adds (ADR 022)', async ({
	page
}) => {
	await staffLogin(page, AGENT_69);
	// The router takes over links once the page has hydrated: its modules loaded (on a busy
	// machine a click could come first and follow the link natively).
	await page.waitForLoadState('networkidle');
	// Marks this document: a full page load would lose it.
	await page.evaluate(() => Object.assign(window, { pdpSameDocument: true }));
	await page.getByRole('link', { name: 'Agendas', exact: true }).first().click();
	await expect(page).toHaveURL(/\/espace-pro\/agendas/);
	// A sentence of the `agendas` namespace, which the inbox did not have.
	await expect(
		page.getByText(
			'Les horaires, ouvertures ponctuelles et absences de chaque agenda définissent les créneaux proposés en ligne.'
		)
	).toBeVisible();
	expect(
		await page.evaluate(() => (window as unknown as { pdpSameDocument?: boolean }).pdpSameDocument)
	).toBe(true);
});
