import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox, rendezVous, staffUsers } from '$lib/server/db/schema';
import type { BookingService, Contact } from '$lib/server/booking/service';
import { queueReminders } from '$lib/server/booking/events';
import { cancelRendezVous } from '$lib/server/staff/actions';
import type { MailLogger } from '$lib/server/mail/worker';
import { recordReceipt } from '$lib/server/sms/outbox';
import { SmppTransport } from '$lib/server/sms/transport';
import { SmsWorker } from '$lib/server/sms/worker';
import type { Db } from '$lib/server/db/index';
import { bookFirstSlot, bookingWorld } from '../helpers/booking';
import { smppTo, startSmpp } from '../helpers/smpp';

// Monday 23 November 2026, 10:00 in Paris, 13:00 in La Réunion.
const T0 = new Date('2026-11-23T09:00:00Z');
const HOUR = 60 * 60 * 1000;
const silent: MailLogger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
/** A person who gave only a phone number (a rendez-vous by phone). */
const phoneOnly: Contact = {
	nom: 'Hoarau',
	prenom: 'Marie-Claude',
	email: null,
	telephone: '0692 12 34 56',
	nir: null,
	message: null
};

async function setup() {
	const world = await bookingWorld(T0);
	const { db, at } = world;
	const worker = (port: number) =>
		new SmsWorker(
			db,
			new SmppTransport(smppTo(port), (r) => void recordReceipt(db, r.messageId, r.status, at())),
			{ now: at, logger: silent }
		);
	return { ...world, worker };
}

const book = (service: BookingService, contact: Contact) => bookFirstSlot(service, '974', contact);

const smsRows = async (db: Db) =>
	await db.select().from(outbox).where(eq(outbox.channel, 'sms')).orderBy(outbox.id);

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
	const end = Date.now() + 3000;
	while (!(await check())) {
		if (Date.now() > end) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe('booking SMS through a real SMPP server', () => {
	it('texts a phone-only booking its confirmation with the short manage link, then the reminder the day before, with receipts', async () => {
		const gateway = await startSmpp({ receipt: 'DELIVRD' });
		const { db, service, config, worker, advance } = await setup();
		const { demande, token, rdv } = await book(service, phoneOnly);
		const sms = worker(gateway.port);

		expect(await sms.runOnce()).toEqual({ sent: 1, failed: 0 });
		const [confirmation] = gateway.received;
		expect(confirmation?.to).toBe('262692123456');
		expect(confirmation?.from).toBe('CGSS974');
		expect(confirmation?.text).toContain('CGSS La Réunion, service social');
		expect(confirmation?.text).toContain(demande.reference);
		expect(confirmation?.text).toContain('mar. 24 nov. à 9 h');
		expect(confirmation?.text).toContain(`https://portail.example/g/${token}`);
		// No name on a lock screen.
		expect(confirmation?.text).not.toMatch(/Hoarau|Marie/);
		await until(async () => (await smsRows(db))[0]?.deliveryStatus === 'delivered');
		expect((await smsRows(db))[0]).toMatchObject({
			dedupeKey: `${demande.reference}:sms:confirmation`
		});

		// The rendez-vous is tomorrow in La Réunion: one reminder, whatever the number of runs.
		expect(await queueReminders(db, config)).toBe(1);
		advance(HOUR);
		expect(await queueReminders(db, config)).toBe(0);
		expect(
			(await db.select().from(rendezVous).where(eq(rendezVous.id, rdv.id)))[0]?.reminderChannel
		).toBe('sms');
		expect(await sms.runOnce()).toEqual({ sent: 1, failed: 0 });
		expect(gateway.received[1]?.text).toMatch(
			/rappel, RDV par téléphone demain mar\. 24 nov\. à 9 h/
		);
		expect(gateway.received[1]?.text).not.toContain('/g/');
		await until(async () => (await smsRows(db))[1]?.deliveryStatus === 'delivered');
		// No e-mail to a person without an address.
		expect(
			(await db.select().from(outbox)).filter(
				(m) => m.channel === 'email' && !m.recipient.startsWith('service-social')
			)
		).toEqual([]);
		await sms.stop();
	});

	it('texts a move (with the link) and a cancellation (with where to book again)', async () => {
		const { db, service } = await setup();
		const { demande, token, slot } = await book(service, phoneOnly);
		const next = (await service.freeSlots('974', 'telephone')).find((s) => s.start > slot.start)!;
		expect((await service.move(token, next.agendaId, next.start)).ok).toBe(true);
		expect((await service.cancel(token)).ok).toBe(true);
		const rows = await smsRows(db);
		expect(rows.map((r) => r.dedupeKey)).toEqual([
			`${demande.reference}:sms:confirmation`,
			`${demande.reference}:sms:move:1`,
			`${demande.reference}:sms:cancel`
		]);
		expect(rows[1]?.text).toMatch(/RDV déplacé au .*Gérer : https:\/\/portail\.example\/g\//);
		expect(rows[2]?.text).toContain('annulé');
		expect(rows[2]?.text).toContain('https://portail.example/rendez-vous');
		expect(rows.every((r) => r.recipient === '+262692123456')).toBe(true);
	});

	it('texts the cancellation by the service social, without the staff message', async () => {
		const { db, service, config } = await setup();
		const { demande } = await book(service, phoneOnly);
		const [agent] = await db
			.insert(staffUsers)
			.values({ email: 'agent-974@example.org', name: 'Agent', role: 'agent', createdAt: T0 })
			.returning();
		const outcome = await cancelRendezVous(
			db,
			{ user: { id: agent!.id, role: 'agent' }, departements: ['974'] },
			demande.reference,
			'Le conseiller est absent ce jour-là.',
			config,
			T0
		);
		expect(outcome.ok).toBe(true);
		const last = (await smsRows(db)).at(-1);
		expect(last?.text).toContain('nous annulons votre RDV');
		expect(last?.text).not.toContain('absent');
	});

	it('texts nobody who refused SMS, nor a landline', async () => {
		const { db, service, config } = await setup();
		await book(service, { ...phoneOnly, smsRefused: true, email: 'marie@example.org' });
		await book(service, { ...phoneOnly, telephone: '0262 12 34 56' });
		expect(await smsRows(db)).toEqual([]);
		// The e-mail reminder still goes; the landline-only person gets none.
		expect(await queueReminders(db, config)).toBe(1);
		expect(
			(await db.select({ channel: rendezVous.reminderChannel }).from(rendezVous))
				.map((r) => r.channel)
				.sort()
		).toEqual(['email', null]);
		expect(await smsRows(db)).toEqual([]);
	});
});
