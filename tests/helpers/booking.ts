import { seedDemoData } from '$lib/server/db/seed';
import { BookingService, newManageToken, type Contact } from '$lib/server/booking/service';
import { createBookingEvents, type EventsConfig } from '$lib/server/booking/events';
import type {
	BookingInput,
	CallbackInput,
	DemandeInput,
	SharedResult
} from '$lib/server/booking/types';
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

/**
 * What a person's own form sends for `contact`: a fresh manage token, no shared result, in
 * French, the person as source. `overrides` change any of it; an undefined one changes nothing
 * (a `share: undefined` would otherwise read as a shared result).
 */
export function demandeInput(
	departementCode: string,
	contact: Contact,
	overrides: Partial<BookingInput & CallbackInput> = {}
): DemandeInput {
	return {
		departementCode,
		source: 'moi_meme',
		contact,
		share: null,
		locale: 'fr',
		token: newManageToken(),
		...Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined))
	};
}

/**
 * The booking of the `index`-th (default first) free slot of `mode` (default phone) in the
 * département for `contact` (see `demandeInput`); `mode` is posted only when given. Throws when
 * there is no such slot.
 */
export async function freeSlotInput(
	service: BookingService,
	departementCode: string,
	contact: Contact,
	options: Partial<BookingInput> & { index?: number } = {}
): Promise<BookingInput> {
	const { index = 0, ...overrides } = options;
	const slot = (await service.freeSlots(departementCode, overrides.mode ?? 'telephone'))[index];
	if (!slot) throw new Error(`no free slot in ${departementCode}`);
	return {
		agendaId: slot.agendaId,
		start: slot.start,
		...demandeInput(departementCode, contact, overrides)
	};
}

/** A callback request of `contact` on the person's own form (see `demandeInput`): its demande. */
export async function requestCallbackOf(
	service: BookingService,
	departementCode: string,
	contact: Contact,
	overrides: Partial<CallbackInput> = {}
) {
	return (
		await service.requestCallback({
			sansCreneau: false,
			...demandeInput(departementCode, contact, overrides)
		})
	).demande;
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
	const input = await freeSlotInput(service, departementCode, contact, options);
	const outcome = await service.book(input);
	if (!outcome.ok) throw new Error('booking failed');
	return { ...outcome, token: input.token, slot: { agendaId: input.agendaId, start: input.start } };
}
