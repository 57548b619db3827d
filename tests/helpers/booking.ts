import { seedDemoData } from '$lib/server/db/seed';
import { BookingService, newManageToken, type Contact } from '$lib/server/booking/service';
import { createBookingEvents, type EventsConfig } from '$lib/server/booking/events';
import type { DemandeInput, SharedResult } from '$lib/server/booking/types';
import { testDb } from './db';

/**
 * A booking service over a migrated copy with the demo agendas, whose messages (e-mail and
 * SMS) go to the outbox as in production, on a clock the test moves (`advance`).
 */
export async function bookingWorld(start: Date) {
	const db = testDb();
	await seedDemoData(db, { onlyIfEmpty: false });
	let now = start;
	const config: EventsConfig = {
		baseUrl: 'https://portail.example',
		isDemo: false,
		now: () => now
	};
	const service = new BookingService(db, createBookingEvents(config), () => now);
	return {
		db,
		service,
		config,
		advance: (ms: number) => (now = new Date(now.getTime() + ms)),
		at: () => now
	};
}

/** Books the first free phone slot of the département for `contact`; throws if refused. */
export async function bookFirstSlot(
	service: BookingService,
	departementCode: string,
	contact: Contact,
	options: {
		share?: SharedResult | null;
		source?: DemandeInput['source'];
		suiviConsent?: boolean;
	} = {}
) {
	const slot = (await service.freeSlots(departementCode, 'telephone'))[0]!;
	const token = newManageToken();
	const outcome = await service.book({
		departementCode,
		source: options.source ?? 'moi_meme',
		contact,
		share: options.share ?? null,
		locale: 'fr',
		token,
		agendaId: slot.agendaId,
		start: slot.start,
		...(options.suiviConsent === undefined ? {} : { suiviConsent: options.suiviConsent })
	});
	if (!outcome.ok) throw new Error('booking failed');
	return { ...outcome, token, slot };
}
