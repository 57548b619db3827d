import { expect, test, type Page } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import * as schema from '../../src/lib/server/db/schema';
import { e2eDb } from './db';
import { expectNoA11yViolations } from './helpers';
import { distinctContact } from './persons';

/**
 * Booking on a phone (issue #13 §2, ADR 037): the slot step day by day, the place chosen by
 * town, the confirmation page (calendar file, length, the call) and the compact header.
 * Départements of this spec only: 04 and 09 (bookings), 55 (a second point d'accueil).
 */

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
const SLOT_VALUE = /^\d+\|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/;

/** Books `slot` through the contact form (works with and without JS); ends on the confirmation. */
async function book(page: Page, departement: string, slot: string): Promise<string> {
	await page.goto(
		`/rendez-vous/coordonnees?${new URLSearchParams({ departement, mode: 'telephone', slot })}`
	);
	const contact = distinctContact('polish');
	await page.getByLabel('Nom', { exact: true }).fill('Polish');
	await page.getByLabel('Prénom', { exact: true }).fill('Ecran');
	await page.getByLabel('Adresse e-mail').fill(contact.email);
	await page.getByLabel('Numéro de téléphone').fill(contact.telephone);
	await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
	await expect(page).toHaveURL(/\/rendez-vous\/gerer\/[a-z2-7]{32}\?confirmation=1$/);
	return new URL(page.url()).pathname;
}

for (const javaScriptEnabled of [true, false]) {
	test.describe(`JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled, viewport: PHONE });
		const departement = javaScriptEnabled ? '04' : '09';

		test('the slot step fits a phone: days with their free slots, one day of times, the first free slot', async ({
			page
		}) => {
			test.slow();
			await page.goto(`/rendez-vous/creneaux?departement=${departement}&mode=telephone`);
			const days = page.getByRole('list', { name: 'Choisissez le jour' }).getByRole('link');
			await expect(days.nth(4)).toBeVisible();
			await expect(days.first()).toHaveAttribute('aria-current', 'date');
			await expect(days.first()).toContainText(/\d+ créneaux?/);
			// Only the first day's times are offered, and "Continuer" is within 1.5 screens.
			const radios = page.getByRole('radio');
			const firstDay = await radios.evaluateAll((r) =>
				r.map((input) => (input as HTMLInputElement).value)
			);
			expect(firstDay.length).toBeGreaterThan(0);
			expect(new Set(firstDay.map((v) => v.slice(0, v.indexOf('T')))).size).toBe(1);
			const submit = await page.getByRole('button', { name: 'Continuer' }).boundingBox();
			expect(submit!.y + submit!.height).toBeLessThanOrEqual(PHONE.height * 1.5);
			if (javaScriptEnabled) await expectNoA11yViolations(page);

			// Another day: a plain link (?jour=), its own times, then the usual GET to the contact step.
			await days.nth(2).click();
			await expect(page).toHaveURL(/[?&]jour=\d{4}-\d{2}-\d{2}/);
			await expect(days.nth(2)).toHaveAttribute('aria-current', 'date');
			const chosen = await radios.nth(1).getAttribute('value');
			expect(chosen).toMatch(SLOT_VALUE);
			expect(firstDay).not.toContain(chosen);
			await radios.nth(1).check();
			await page.getByRole('button', { name: 'Continuer' }).click();
			await expect(page).toHaveURL(/\/rendez-vous\/coordonnees\?/);
			expect(new URL(page.url()).searchParams.get('slot')).toBe(chosen);

			// The shortcut: the first free slot, straight to the contact step.
			await page.goto(`/rendez-vous/creneaux?departement=${departement}&mode=telephone`);
			await expect(page.getByText('Premier créneau disponible :')).toBeVisible();
			await page.getByRole('link', { name: 'Choisir ce créneau' }).click();
			// With JavaScript the link is followed by the router: wait for the new URL, never read
			// the one of the page the click left.
			await expect(page).toHaveURL((url) => url.searchParams.get('slot') === firstDay[0]);
			await expect(page.getByRole('heading', { name: 'Votre rendez-vous' })).toBeVisible();

			// A day that has no slot (or a malformed one): the first day, said plainly, never an error.
			const response = await page.goto(
				`/rendez-vous/creneaux?departement=${departement}&mode=telephone&jour=2020-01-01`
			);
			expect(response?.status()).toBe(200);
			await expect(page.getByText("Ce jour-là n'a plus de créneau libre.")).toBeVisible();
			// Every slot on one page is still one link away.
			await page.getByRole('link', { name: 'Voir tous les créneaux à la suite' }).click();
			await expect(page).toHaveURL(/[?&]jour=tous/);
			await expect(radios.nth(firstDay.length)).toBeAttached();
		});

		test('confirmation: calendar file behind the personal link, length, who calls and a missed call', async ({
			page
		}) => {
			test.slow();
			await page.goto(`/rendez-vous/creneaux?departement=${departement}&mode=telephone&jour=tous`);
			const slot = await page
				.getByRole('radio')
				.nth(javaScriptEnabled ? 3 : 4)
				.getAttribute('value');
			const manage = await book(page, departement, slot!);
			await expect(page.getByText('Durée prévue : 45 minutes')).toBeVisible();
			await expect(page.getByText(/numéro masqué/)).toBeVisible();
			await expect(page.getByText("Vous avez manqué l'appel ?")).toBeVisible();
			const prepare = page
				.getByRole('heading', { name: 'À préparer' })
				.locator('xpath=following-sibling::ul[1]');
			await expect(prepare.getByRole('listitem')).toHaveCount(5);
			await expect(prepare).toContainText('Les dates de votre arrêt de travail');
			if (javaScriptEnabled) await expectNoA11yViolations(page);

			const link = page.getByRole('link', { name: 'Ajouter à mon agenda (fichier .ics)' });
			await expect(link).toHaveAttribute('href', `${manage}/agenda.ics`);
			const ics = await page.request.get(`${manage}/agenda.ics`);
			expect(ics.status()).toBe(200);
			expect(ics.headers()['content-type']).toContain('text/calendar');
			expect(ics.headers()['cache-control']).toContain('no-store');
			const text = await ics.text();
			expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
			const start = slot!.split('|')[1]!.replace(/[-:]/g, '').replace('.000Z', 'Z');
			expect(text).toContain(`DTSTART:${start}`);
			expect(text).toMatch(/UID:PDP-[A-Z0-9]+@portail-pdp/);

			// Without the token, nothing: a forged link is a plain 404 that says nothing.
			const forged = await page.request.get(
				`/rendez-vous/gerer/${'abcdefghijklmnopqrstuvwxyz234567'}/agenda.ics`
			);
			expect(forged.status()).toBe(404);
			expect(forged.headers()['cache-control']).toContain('no-store');
			expect(await forged.text()).not.toContain('BEGIN:VCALENDAR');

			// The move page shows the current rendez-vous first, then the slots to move to.
			await page.goto(`${manage}?changer=1`);
			const current = await page
				.getByRole('heading', { name: 'Votre rendez-vous actuel' })
				.boundingBox();
			const choices = await page
				.getByRole('group', { name: 'Nouveaux créneaux libres' })
				.boundingBox();
			expect(current!.y).toBeLessThan(choices!.y);

			// Cancelled: nothing left to add to a calendar.
			await page.goto(manage);
			await page.getByRole('button', { name: 'Annuler le rendez-vous' }).click();
			await page.getByRole('button', { name: 'Oui, annuler le rendez-vous' }).click();
			await expect(page.getByRole('status')).toContainText('Votre rendez-vous est annulé.');
			expect((await page.request.get(`${manage}/agenda.ics`)).status()).toBe(404);
		});
	});
}

test.describe("points d'accueil", () => {
	test.beforeAll(async () => {
		// A second place in the Meuse, with a postal address and accessibility (as staff would add).
		// Once for the run: every worker that runs a test of this block runs this hook, maybe at
		// the same moment, and a retry runs it again. The look and the insert are one write
		// transaction (`immediate` on SQLite), so that two workers never both insert.
		await e2eDb().transaction(
			async (db) => {
				const [existing] = await db
					.select({ id: schema.pointsAccueil.id })
					.from(schema.pointsAccueil)
					.where(eq(schema.pointsAccueil.name, 'Accueil de Verdun'));
				if (existing) return;
				const [model] = await db
					.select()
					.from(schema.agendas)
					.where(and(eq(schema.agendas.departementCode, '55'), eq(schema.agendas.mode, 'accueil')))
					.limit(1);
				const [point] = await db
					.insert(schema.pointsAccueil)
					.values({
						departementCode: '55',
						name: 'Accueil de Verdun',
						address: '2 rue Mazel, 55100 Verdun',
						accessibility: 'Ascenseur, boucle magnétique',
						isDemo: true,
						active: true
					})
					.returning({ id: schema.pointsAccueil.id });
				if (model)
					await db.insert(schema.agendas).values({
						departementCode: model.departementCode,
						mode: model.mode,
						pointAccueilId: point!.id,
						slotMinutes: model.slotMinutes,
						minNoticeDays: model.minNoticeDays,
						weekly: model.weekly,
						active: true
					});
			},
			{ behavior: 'immediate' }
		);
	});

	for (const javaScriptEnabled of [true, false]) {
		test(`several places: chosen by town, with address and accessibility (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
			browser
		}) => {
			const context = await browser.newContext({
				javaScriptEnabled,
				viewport: PHONE,
				locale: 'fr-FR'
			});
			const page = await context.newPage();
			try {
				await page.goto('/rendez-vous/creneaux?departement=55&mode=accueil');
				const places = page.getByRole('list', { name: 'Choisissez le lieu du rendez-vous' });
				await expect(places.getByRole('listitem')).toHaveCount(2);
				await expect(page.getByRole('radio')).toHaveCount(0);
				await expect(places).toContainText('2 rue Mazel, 55100 Verdun');
				await expect(places).toContainText('Accessibilité : Ascenseur, boucle magnétique');
				if (javaScriptEnabled) await expectNoA11yViolations(page);
				await places.getByRole('link', { name: 'Verdun' }).click();
				await expect(page).toHaveURL(/[?&]lieu=\d+/);
				const place = page.getByRole('region', { name: 'Lieu du rendez-vous' });
				await expect(place).toContainText('Verdun');
				await expect(place).toContainText('Accessibilité : Ascenseur, boucle magnétique');
				await expect(page.getByRole('radio').first()).toBeVisible();
				// The day links keep the place (the place was already shown: wait for the new day).
				await page
					.getByRole('list', { name: 'Choisissez le jour' })
					.getByRole('link')
					.nth(1)
					.click();
				await expect(page).toHaveURL(/[?&]jour=\d{4}-\d{2}-\d{2}/);
				await expect(page).toHaveURL(/[?&]lieu=\d+/);
				await expect(page.getByRole('region', { name: 'Lieu du rendez-vous' })).toContainText(
					'Verdun'
				);
				if (javaScriptEnabled) await expectNoA11yViolations(page);
				await page.getByRole('link', { name: 'Choisir un autre lieu' }).click();
				await expect(
					page.getByRole('list', { name: 'Choisissez le lieu du rendez-vous' })
				).toBeVisible();
			} finally {
				await context.close();
			}
		});
	}

	test('in English', async ({ browser }) => {
		const context = await browser.newContext({ locale: 'en-GB', viewport: PHONE });
		const page = await context.newPage();
		try {
			await page.goto('/');
			await context.addCookies([{ name: 'pdp_lang', value: 'en', url: page.url() }]);
			await page.goto('/rendez-vous/creneaux?departement=55&mode=accueil');
			await expect(page.getByRole('heading', { name: 'Choose where to meet' })).toBeVisible();
			await page.goto('/rendez-vous/creneaux?departement=04&mode=telephone');
			await expect(page.getByRole('heading', { name: 'Choose the day' })).toBeVisible();
			await expect(page.getByText('First available slot:')).toBeVisible();
			await expect(
				page.getByRole('link', { name: 'See all the slots one after the other' })
			).toBeVisible();
			await expectNoA11yViolations(page);
		} finally {
			await context.close();
		}
	});
});

test.describe('header', () => {
	test('compact on a phone: brand and language on one row, the menu on two at most', async ({
		page
	}) => {
		await page.setViewportSize(PHONE);
		await page.goto('/rendez-vous');
		const header = await page.locator('header').boundingBox();
		expect(header!.height).toBeLessThanOrEqual(150);
		const rows = new Set(
			await page
				.getByRole('navigation', { name: 'Menu principal' })
				.getByRole('link')
				.evaluateAll((links) => links.map((a) => Math.round(a.getBoundingClientRect().top)))
		);
		expect(rows.size).toBeLessThanOrEqual(2);
		// The skip link comes first, then the home link (whose name keeps the subtitle), then the menu.
		await page.keyboard.press('Tab');
		await expect(page.getByRole('link', { name: 'Aller au contenu' })).toBeFocused();
		await page.keyboard.press('Tab');
		await expect(
			page.getByRole('link', { name: /Portail PDP Service social de l'Assurance Maladie/ })
		).toBeFocused();
		await expectNoA11yViolations(page);
	});

	test('on a 1280 px screen the menu is one row and "Prendre rendez-vous" does not wrap', async ({
		page
	}) => {
		await page.setViewportSize(DESKTOP);
		await page.goto('/');
		const links = page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link');
		const boxes = await links.evaluateAll((all) =>
			all.map((a) => ({
				top: Math.round(a.getBoundingClientRect().top),
				lines: a.getClientRects().length
			}))
		);
		expect(new Set(boxes.map((b) => b.top)).size).toBe(1);
		const book = await page
			.getByRole('link', { name: 'Prendre rendez-vous', exact: true })
			.boundingBox();
		const line = await page.getByRole('link', { name: 'Accueil', exact: true }).boundingBox();
		expect(book!.height).toBeLessThanOrEqual(line!.height + 1);
	});
});
