import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoA11yViolations } from './helpers';
import { and, count, eq } from 'drizzle-orm';
import * as schema from '../../src/lib/server/db/schema';
import { e2eDb } from './db';
import { distinctContact } from './persons';

/*
 * security review (docs/security-review-2026-12.md) findings 4–6 (ADR 026), through the production build, JavaScript on and off:
 * 4. a person holding 2 upcoming rendez-vous cannot book a third (any way of writing the phone):
 *    a clear message and the callback request offered instead, nothing stored;
 * 5. through the manage link, a rendez-vous of a closed demande, or a past one, can be neither
 *    cancelled nor moved — not even from a page loaded before, nor by a crafted post;
 * 6. a stale form or a move for a deactivated point d'accueil books nothing.
 * The test changes a demande's status, a rendez-vous's time or a point's state in the server's
 * database directly, as the back-office (or the clock) would; its départements are its own.
 */

type Mode = 'telephone' | 'visio' | 'accueil';

/*
 * Writes to the e2e server's database (its triggers invalidate the server's kept slot lists) and
 * reads of it, by the demande's manage token hash.
 */
const demandeIdOf = async (hash: string) =>
	(
		await e2eDb()
			.select({ id: schema.demandes.id })
			.from(schema.demandes)
			.where(eq(schema.demandes.manageTokenHash, hash))
	).map((row) => row.id);
/** The rendez-vous of the demande of `hash` (none: an id no rendez-vous has). */
const ofDemande = async (hash: string) =>
	eq(schema.rendezVous.demandeId, (await demandeIdOf(hash))[0] ?? -1);
const mailCount = async (hash: string) =>
	(
		await e2eDb()
			.select({ n: count() })
			.from(schema.outbox)
			.innerJoin(schema.demandes, eq(schema.demandes.id, schema.outbox.demandeId))
			.where(eq(schema.demandes.manageTokenHash, hash))
	)[0]!.n;
/** The demande's status, its rendez-vous' status and start (ms), per rendez-vous. */
const bookingsOf = async (hash: string, rendezVousStatus?: 'confirme') =>
	(
		await e2eDb()
			.select({
				status: schema.demandes.status,
				rdv: schema.rendezVous.status,
				start: schema.rendezVous.startsAt
			})
			.from(schema.demandes)
			.innerJoin(schema.rendezVous, eq(schema.rendezVous.demandeId, schema.demandes.id))
			.where(
				and(
					eq(schema.demandes.manageTokenHash, hash),
					rendezVousStatus ? eq(schema.rendezVous.status, rendezVousStatus) : undefined
				)
			)
	).map((row) => ({ ...row, start: row.start.getTime() }));
/** Turns the point d'accueil of an agenda off or back on. */
async function setPointActive(agendaId: number, active: boolean): Promise<void> {
	const [agenda] = await e2eDb()
		.select({ point: schema.agendas.pointAccueilId })
		.from(schema.agendas)
		.where(eq(schema.agendas.id, agendaId));
	await e2eDb()
		.update(schema.pointsAccueil)
		.set({ active })
		.where(eq(schema.pointsAccueil.id, agenda?.point ?? -1));
}
const sha256 = async (text: string) =>
	Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))).toString(
		'hex'
	);

async function freeSlots(page: Page, departement: string, mode: Mode): Promise<string[]> {
	await page.goto(`/rendez-vous/creneaux?departement=${departement}&mode=${mode}&jour=tous`);
	return page
		.getByRole('radio')
		.evaluateAll((radios) => radios.map((r) => (r as HTMLInputElement).value));
}

/** Books the n-th free slot by posting the public form (as a browser would); returns the manage token. */
async function book(
	browser: Browser,
	departement: string,
	mode: Mode,
	index: number,
	contact: { email: string; telephone: string }
): Promise<{ token: string; slot: string }> {
	const context = await browser.newContext({
		baseURL: test.info().project.use.baseURL,
		locale: 'fr-FR'
	});
	const page = await context.newPage();
	try {
		const slot = (await freeSlots(page, departement, mode))[index];
		expect(slot, 'enough free slots').toBeDefined();
		const query = new URLSearchParams({ departement, mode, slot: slot! });
		await page.goto(`/rendez-vous/coordonnees?${query}`);
		const token = await page.locator('input[name="token"]').inputValue();
		const response = await page.request.post(`/rendez-vous/coordonnees?${query}&/book`, {
			form: {
				nom: 'Ravanel',
				prenom: 'Odilon',
				...contact,
				nir: '',
				message: '',
				departement,
				mode,
				slot: slot!,
				token,
				website: '',
				shareResult: 'non'
			},
			headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(response.status()).toBe(303);
		return { token, slot: slot! };
	} finally {
		await context.close();
	}
}

/** Opens the contact form of the n-th free slot and fills it (not sent). */
async function openForm(
	page: Page,
	departement: string,
	mode: Mode,
	index: number,
	contact: { email?: string; telephone?: string }
): Promise<string> {
	const slot = (await freeSlots(page, departement, mode))[index]!;
	await page.goto(`/rendez-vous/coordonnees?${new URLSearchParams({ departement, mode, slot })}`);
	await page.getByLabel('Nom', { exact: true }).fill('Ravanel');
	await page.getByLabel('Prénom', { exact: true }).fill('Margot');
	if (contact.email) await page.getByLabel('Adresse e-mail').fill(contact.email);
	if (contact.telephone) await page.getByLabel('Numéro de téléphone').fill(contact.telephone);
	return slot;
}

for (const javaScriptEnabled of [true, false]) {
	test.describe(`security review booking rules, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });
		const [d1, d2, d3, closedDep, pastDep, pointDep, moveDep] = javaScriptEnabled
			? ['44', '49', '56', '29', '50', '16', '24']
			: ['87', '86', '79', '22', '14', '17', '19'];

		test('item 4: a third upcoming rendez-vous of one person is refused with the callback offered', async ({
			page,
			browser
		}) => {
			const person = distinctContact('margot');
			await book(browser, d1, 'telephone', 0, person);
			await book(browser, d2, 'visio', 0, { ...person, telephone: '' });
			// The same phone written the international way, the same e-mail in capitals.
			const international = `+33 ${person.telephone.slice(1)}`;
			const slot = await openForm(page, d3, 'telephone', 0, {
				telephone: international,
				email: person.email.toUpperCase()
			});
			await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
			const alert = page.getByRole('alert');
			await expect(alert).toContainText(
				'Vous ne pouvez pas réserver un autre rendez-vous en ligne'
			);
			await expect(alert).toContainText('Vous avez déjà le nombre maximal de rendez-vous à venir');
			await expect(page).toHaveTitle(/^Erreur/);
			if (javaScriptEnabled) await expectNoA11yViolations(page);
			// The callback request is offered instead.
			await alert.getByRole('link', { name: 'Être rappelé par le service social' }).click();
			await expect(page).toHaveURL(new RegExp(`/rendez-vous/rappel\\?departement=${d3}$`));
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				'Être rappelé par le service social'
			);
			// Nothing was booked: the slot is still free.
			expect(await freeSlots(page, d3, 'telephone')).toContain(slot);
		});

		test('item 5: the rendez-vous of a closed demande, or a past one, can be neither cancelled nor moved', async ({
			page,
			browser
		}) => {
			// Closed by the service after the page was loaded: the stale buttons are refused.
			const closed = await book(browser, closedDep, 'telephone', 0, distinctContact());
			await page.goto(`/rendez-vous/gerer/${closed.token}`);
			await expect(page.getByRole('button', { name: 'Annuler le rendez-vous' })).toBeVisible();
			const hash = await sha256(closed.token);
			await e2eDb()
				.update(schema.demandes)
				.set({ status: 'cloturee', closedAt: new Date(), outcome: 'emploi_meme_poste' })
				.where(eq(schema.demandes.manageTokenHash, hash));
			const mailsBefore = await mailCount(hash);
			await page.getByRole('button', { name: 'Annuler le rendez-vous' }).click();
			await page.getByRole('button', { name: 'Oui, annuler le rendez-vous' }).click();
			await expect(page.getByRole('alert')).toContainText(
				'Ce rendez-vous ne peut plus être annulé'
			);
			// Reloaded, the page says why and offers a new booking instead of the buttons.
			await page.goto(`/rendez-vous/gerer/${closed.token}`);
			await expect(page.getByText('il ne peut plus être déplacé ni annulé')).toBeVisible();
			await expect(
				page.getByRole('link', { name: 'Prendre un nouveau rendez-vous' })
			).toHaveAttribute('href', `/rendez-vous?departement=${closedDep}`);
			await expect(page.getByRole('button', { name: 'Annuler le rendez-vous' })).toHaveCount(0);
			await expect(page.getByRole('link', { name: 'Changer de créneau' })).toHaveCount(0);
			if (javaScriptEnabled) await expectNoA11yViolations(page);
			// A crafted move post is refused too, and the move list is not offered.
			const [target] = await freeSlots(page, closedDep, 'telephone');
			const origin = new URL(page.url()).origin;
			const move = await page.request.post(`/rendez-vous/gerer/${closed.token}?/move`, {
				form: { slot: target! },
				headers: { origin, accept: 'text/html' },
				maxRedirects: 0
			});
			expect(move.status()).toBe(409);
			expect(await move.text()).toContain('Ce rendez-vous ne peut plus être déplacé');
			expect(await bookingsOf(hash)).toEqual([
				{ status: 'cloturee', rdv: 'confirme', start: Date.parse(closed.slot.split('|')[1]!) }
			]);
			expect(await mailCount(hash)).toBe(mailsBefore);

			// A past rendez-vous of an open demande.
			const past = await book(browser, pastDep, 'telephone', 0, distinctContact());
			const pastHash = await sha256(past.token);
			const yesterday = Date.now() - 24 * 60 * 60 * 1000;
			await e2eDb()
				.update(schema.rendezVous)
				.set({ startsAt: new Date(yesterday), endsAt: new Date(yesterday + 45 * 60_000) })
				.where(await ofDemande(pastHash));
			const cancel = await page.request.post(`/rendez-vous/gerer/${past.token}?/cancel`, {
				form: { confirm: 'oui' },
				headers: { origin, accept: 'text/html' },
				maxRedirects: 0
			});
			expect(cancel.status()).toBe(409);
			expect(await cancel.text()).toContain('Ce rendez-vous ne peut plus être annulé');
			expect((await bookingsOf(pastHash)).map(({ status, rdv }) => ({ status, rdv }))).toEqual([
				{ status: 'nouvelle', rdv: 'confirme' }
			]);
		});

		test('item 6: a stale form or a move for a deactivated point d’accueil books nothing', async ({
			page,
			browser
		}) => {
			const slot = await openForm(page, pointDep, 'accueil', 0, distinctContact());
			const token = await page.locator('input[name="token"]').inputValue();
			const agendaId = Number(slot.split('|')[0]);
			await setPointActive(agendaId, false);
			try {
				await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
				await expect(page.getByRole('alert')).toContainText('Ce créneau ne peut pas être réservé');
				expect(await demandeIdOf(await sha256(token))).toEqual([]);
			} finally {
				await setPointActive(agendaId, true);
			}

			// A move onto the agenda of a point deactivated after the move list was shown.
			const booked = await book(browser, moveDep, 'accueil', 0, distinctContact());
			await page.goto(`/rendez-vous/gerer/${booked.token}?changer=1`);
			const target = page.getByRole('radio').nth(2);
			await target.check();
			const moveAgenda = Number(booked.slot.split('|')[0]);
			await setPointActive(moveAgenda, false);
			try {
				await page.getByRole('button', { name: 'Déplacer mon rendez-vous' }).click();
				await expect(page.getByRole('alert')).toContainText('Ce créneau ne peut pas être réservé');
				expect(
					(await bookingsOf(await sha256(booked.token), 'confirme')).map(({ start }) => ({ start }))
				).toEqual([{ start: Date.parse(booked.slot.split('|')[1]!) }]);
			} finally {
				await setPointActive(moveAgenda, true);
			}
		});
	});
}
