/**
 * What the asynchronous data layer could have broken (ADR 047): a job or a write that was atomic
 * while every query was synchronous must stay so now that another request may run between two
 * awaits. Each test starts the two operations at once, as two requests would.
 */
import { describe, expect, it } from 'vitest';
import { eq, like } from 'drizzle-orm';
import { demandes, outbox, suivis } from '$lib/server/db/schema';
import type { BookingService, Contact } from '$lib/server/booking/service';
import { queueReminders } from '$lib/server/booking/events';
import { enqueueSms, markSubmitted, recordReceipt } from '$lib/server/sms/outbox';
import { withdrawSuiviConsent } from '$lib/server/suivi/consent';
import { runSuivis } from '$lib/server/suivi/job';
import { bookFirstSlot, bookingWorld } from '../helpers/booking';

const T0 = new Date('2026-11-23T09:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

const contact: Contact = {
	nom: 'Grondin',
	prenom: 'Agathe',
	email: 'agathe.grondin@example.org',
	telephone: '0692123456',
	nir: null,
	message: null
};

const book = (service: BookingService, suiviConsent = false) =>
	bookFirstSlot(service, '974', contact, { suiviConsent });

describe('no interleaving where the synchronous code was atomic (ADR 047)', () => {
	it('a demande erased while the reminders job runs gets no reminder left in the outbox', async () => {
		const { db, service, config } = await bookingWorld(T0);
		const { token } = await book(service); // tomorrow in La Réunion
		const [job, erased] = await Promise.all([queueReminders(db, config), service.erase(token)]);
		expect(erased.ok).toBe(true);
		expect(job).toBe(1);
		const left = await db.select().from(outbox);
		expect(left.filter((m) => m.recipient === contact.email || m.text.includes('Agathe'))).toEqual(
			[]
		);
	});

	it('a consent withdrawn while the follow-up job runs leaves no follow-up and no message', async () => {
		const { db, service } = await bookingWorld(T0);
		const { demande } = await book(service, true);
		const closedAt = new Date(T0.getTime() + 2 * DAY);
		await db
			.update(demandes)
			.set({ status: 'cloturee', closedAt, outcome: 'emploi_poste_amenage' })
			.where(eq(demandes.id, demande.id));
		const due = new Date(closedAt.getTime() + 183 * DAY);
		const config = { months: 6, baseUrl: 'https://portail.example', isDemo: false };
		const [run, withdrawn] = await Promise.all([
			runSuivis(db, config, due),
			withdrawSuiviConsent(db, demande.id, due)
		]);
		expect(run.sent).toBe(1);
		expect(withdrawn).toBe(true);
		expect(await db.select().from(suivis)).toEqual([]);
		expect(
			(await db.select().from(outbox).where(like(outbox.dedupeKey, '%suivi%'))).filter(
				(m) => m.sentAt === null
			)
		).toEqual([]);
	});

	it('a delivery receipt read right after the gateway accepted the SMS finds its row', async () => {
		const { db } = await bookingWorld(T0);
		await enqueueSms(db, { recipient: '+262692123456', text: 'x' }, T0);
		const [sms] = await db.select().from(outbox);
		// The transport calls both handlers in the same tick when the reply and the receipt share a
		// packet: the receipt's query is issued before the first one has run.
		const submitted = markSubmitted(db, sms!.id, 'gw-1', T0);
		const known = recordReceipt(db, 'gw-1', 'delivered', T0);
		await submitted;
		expect(await known).toBe(true);
		const [row] = await db.select().from(outbox);
		expect(row).toMatchObject({ gatewayMessageId: 'gw-1', deliveryStatus: 'delivered' });
		expect(row!.sentAt).not.toBeNull();
	});
});
