import { expect, test, type Page } from '@playwright/test';
import { bookDemande, messagesSent } from './builders';
import { staffLogin } from './helpers';
import { and, eq } from 'drizzle-orm';
import * as schema from '../../src/lib/server/db/schema';
import { e2eDb } from './db';
import { distinctContact } from './persons';

/**
 * SMS (ADR 041): the booking form's « no SMS » choice, JavaScript on and off, and the short
 * manage link an SMS carries. The SMS themselves go through a real SMPP server in the
 * integration tests (tests/integration/sms.spec.ts, booking-sms.spec.ts); here the e2e server
 * has no gateway, so they wait in the outbox, where this spec reads them.
 */

const MANAGE_URL = /\/rendez-vous\/gerer\/([a-z2-7]{32})/;

async function smsOf(reference: string): Promise<{ recipient: string; text: string }[]> {
	return await e2eDb()
		.select({ recipient: schema.outbox.recipient, text: schema.outbox.text })
		.from(schema.outbox)
		.innerJoin(schema.demandes, eq(schema.demandes.id, schema.outbox.demandeId))
		.where(and(eq(schema.demandes.reference, reference), eq(schema.outbox.channel, 'sms')))
		.orderBy(schema.outbox.id);
}

async function bookWithPhone(page: Page, slotIndex: number, refuse: boolean): Promise<string> {
	await page.goto('/rendez-vous/creneaux?departement=973&mode=telephone&jour=tous');
	const slots = await page
		.getByRole('radio')
		.evaluateAll((radios) => radios.map((r) => (r as HTMLInputElement).value));
	const query = new URLSearchParams({
		departement: '973',
		mode: 'telephone',
		// From the middle of the list: other specs (fuzz, journeys) book 973's first slots.
		slot: slots[Math.floor(slots.length / 2) + slotIndex]!
	});
	await page.goto(`/rendez-vous/coordonnees?${query}`);
	await page.getByLabel('Nom', { exact: true }).fill('Sms');
	await page.getByLabel('Prénom').fill('Test');
	// A Guyane mobile number, written the local way.
	const digits = distinctContact().telephone.replace(/\D/g, '').slice(-6);
	await page.getByLabel('Numéro de téléphone').fill(`0694 ${digits}`);
	const refusal = page.getByRole('checkbox', { name: 'Je ne veux pas recevoir de SMS' });
	await expect(refusal).not.toBeChecked();
	if (refuse) await refusal.check();
	await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
	await expect(page).toHaveURL(MANAGE_URL);
	return (await page.getByText(/^PDP-[A-Z2-9]{8}$/).textContent()) ?? '';
}

for (const javaScriptEnabled of [true, false]) {
	test.describe(`SMS choice on the booking form, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });
		const [texted, refused] = javaScriptEnabled ? [0, 1] : [2, 3];

		test('a mobile number gets the SMS confirmation unless the person ticks « no SMS »', async ({
			page
		}) => {
			const reference = await bookWithPhone(page, texted, false);
			const [confirmation, ...others] = await smsOf(reference);
			expect(others).toEqual([]);
			expect(confirmation?.recipient).toMatch(/^\+594694\d{6}$/);
			expect(confirmation?.text).toContain(reference);
			expect(confirmation?.text).toContain('/g/');

			expect(await smsOf(await bookWithPhone(page, refused, true))).toEqual([]);
		});
	});
}

test('the short link of an SMS opens the manage page; a malformed one is a plain 404', async ({
	page
}) => {
	const demande = await bookDemande({
		departement: '973',
		mode: 'telephone',
		slot: 6,
		nom: 'Lien'
	});
	const response = await page.request.get(`/g/${demande.token}`, { maxRedirects: 0 });
	expect(response.status()).toBe(303);
	expect(response.headers()['location']).toBe(`/rendez-vous/gerer/${demande.token}`);
	await page.goto(`/g/${demande.token}`);
	await expect(page.getByText(demande.reference)).toBeVisible();
	expect((await page.request.get('/g/not-a-token', { maxRedirects: 0 })).status()).toBe(404);
});

test('staff see the messages sent to the person, by channel, with the SMS delivery receipt', async ({
	page
}) => {
	const demande = await bookDemande({
		departement: '973',
		mode: 'telephone',
		slot: 7,
		nom: 'Messages'
	});
	await messagesSent(demande);
	await staffLogin(page, 'admin@demo.portail-pdp.invalid', {
		retour: `/espace-pro/demandes/${demande.reference}`
	});
	const table = page.getByRole('table', { name: /Messages envoyés/ });
	const rows = table.getByRole('row');
	await expect(rows).toHaveCount(3);
	await expect(rows.nth(1)).toContainText('E-mail');
	await expect(rows.nth(1)).toContainText(`Votre rendez-vous (${demande.reference})`);
	await expect(rows.nth(2)).toContainText('SMS');
	await expect(rows.nth(2)).toContainText('Confirmation');
	await expect(rows.nth(2)).toContainText('Remis');
});
