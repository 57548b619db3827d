import { describe, expect, it } from 'vitest';
import { desc, eq, isNotNull } from 'drizzle-orm';
import { seedDemoData } from '$lib/server/db/seed';
import { outbox } from '$lib/server/db/schema';
import { BookingService, newManageToken } from '$lib/server/booking/service';
import {
	createBookingEvents,
	currentCalendar,
	type EventsConfig
} from '$lib/server/booking/events';
import { testDb } from '../helpers/db';

// Monday 23 November 2026, 10:00 in Paris.
const T0 = new Date('2026-11-23T09:00:00Z');

async function setup() {
	const db = testDb();
	await seedDemoData(db, { onlyIfEmpty: false });
	const config: EventsConfig = { baseUrl: 'https://portail.example', isDemo: false, now: () => T0 };
	const service = new BookingService(db, createBookingEvents(config), () => T0);
	return { db, service, config };
}

/** The lines of an .ics that say which event, when and which version (not DTSTAMP, not the link). */
const identity = (ics: string) =>
	ics
		.replace(/\r\n /g, '')
		.split('\r\n')
		.filter((line) => /^(UID|DTSTART|DTEND|SEQUENCE|METHOD|SUMMARY|LOCATION|STATUS):/.test(line));

const lastQueuedIcs = async (db: ReturnType<typeof testDb>, recipient: string) =>
	(
		await db
			.select({ ics: outbox.ics })
			.from(outbox)
			.where(eq(outbox.recipient, recipient))
			.orderBy(desc(outbox.id))
	).find((row) => row.ics !== null)?.ics ?? null;

describe('"Ajouter à mon agenda": the .ics of the manage page', () => {
	it('is the event of the last e-mail (same UID, times and SEQUENCE), with the manage link in clear', async () => {
		const { db, service, config } = await setup();
		const email = 'agenda.polish@example.org';
		const [slot, other] = await service.freeSlots('974', 'telephone');
		const token = newManageToken();
		const outcome = await service.book({
			departementCode: '974',
			source: 'moi_meme',
			contact: {
				nom: 'Payet',
				prenom: 'Test',
				email,
				telephone: '0692000000',
				nir: null,
				message: null
			},
			share: null,
			locale: 'fr',
			token,
			agendaId: slot!.agendaId,
			start: slot!.start
		});
		if (!outcome.ok) throw new Error('booking failed');
		const demande = (await service.findByToken(token))!;

		let served = await currentCalendar(
			db,
			demande,
			(await service.currentRendezVous(demande.id))!,
			token,
			config
		);
		expect(identity(served)).toEqual(identity((await lastQueuedIcs(db, email))!));
		expect(served).toContain('SEQUENCE:0');
		expect(served.replace(/\r\n /g, '')).toContain(
			`URL:https://portail.example/rendez-vous/gerer/${token}`
		);

		// Moved: the served file follows the move e-mail (SEQUENCE 1), so calendars update the event.
		expect((await service.move(token, other!.agendaId, other!.start)).ok).toBe(true);
		served = await currentCalendar(
			db,
			demande,
			(await service.currentRendezVous(demande.id))!,
			token,
			config
		);
		expect(identity(served)).toEqual(identity((await lastQueuedIcs(db, email))!));
		expect(served).toContain('SEQUENCE:1');
		expect((await db.select().from(outbox).where(isNotNull(outbox.ics))).length).toBe(2);
	});
});
