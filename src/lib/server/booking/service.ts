import type { Db, Executor } from '$lib/server/db/index';
import type { Agenda, Demande, Mode, RendezVous } from '$lib/server/db/schema';
import type { AgendaRules } from '$lib/booking/slots';
import { BookingCommands } from './commands';
import { FreeSlots } from './free-slots';
import { agendaById, confirmedRendezVous, demandeByToken } from './lookups';
import { agendaRules } from './rules';
import {
	DEFAULT_BOOKING_LIMITS,
	type BookingEvents,
	type BookingInput,
	type BookingLimits,
	type BookingOutcome,
	type CallbackInput,
	type CancelOutcome,
	type OfferedSlot
} from './types';

/**
 * The booking service, one object over its three concerns (ADR 032): the write commands
 * (`commands.ts`), the free-slot read model (`free-slots.ts`) and rule assembly (`rules.ts`),
 * plus the lookups the pages share (`lookups.ts`). Routes, the API and scripts call this
 * facade; each concern is tested on its own.
 */
export class BookingService {
	private readonly slots: FreeSlots;
	private readonly commands: BookingCommands;

	constructor(
		private readonly db: Db,
		events: BookingEvents,
		now: () => Date = () => new Date(),
		limits: BookingLimits = DEFAULT_BOOKING_LIMITS
	) {
		this.slots = new FreeSlots(db, now);
		this.commands = new BookingCommands(db, events, this.slots, now, limits);
	}

	// Free-slot read model.

	/** Active agendas of a département for a mode, with their point d'accueil. */
	agendasFor(
		departementCode: string,
		mode: Mode
	): Promise<{ agenda: Agenda; point: OfferedSlot['pointAccueil'] }[]> {
		return this.slots.agendasFor(departementCode, mode);
	}

	/** Free slots of a département for a mode, sorted by time (kept per ADR 023). */
	freeSlots(departementCode: string, mode: Mode): Promise<OfferedSlot[]> {
		return this.slots.list(departementCode, mode);
	}

	/** The free slots of the département and mode closest in time to `around`. */
	nearestFree(departementCode: string, mode: Mode, around: Date): Promise<OfferedSlot[]> {
		return this.slots.nearest(departementCode, mode, around);
	}

	// Rule assembly.

	/** The slot rules of an agenda: its opening hours, one-off openings, absences and closures. */
	async rulesOf(agenda: Agenda, db: Executor = this.db): Promise<AgendaRules> {
		return agendaRules(db, agenda);
	}

	// Lookups.

	/** The demande of a manage-link token, if any. */
	async findByToken(token: string): Promise<Demande | undefined> {
		return demandeByToken(this.db, token);
	}

	/** The confirmed rendez-vous of a demande, if any. */
	async currentRendezVous(
		demandeId: number,
		db: Executor = this.db
	): Promise<RendezVous | undefined> {
		return confirmedRendezVous(db, demandeId);
	}

	async agendaById(id: number, db: Executor = this.db): Promise<Agenda | undefined> {
		return agendaById(db, id);
	}

	// Write commands.

	async book(input: BookingInput): Promise<BookingOutcome> {
		return this.commands.book(input);
	}

	async requestCallback(input: CallbackInput): Promise<{ demande: Demande; replayed: boolean }> {
		return this.commands.requestCallback(input);
	}

	async move(token: string, agendaId: number, start: Date): Promise<BookingOutcome> {
		return this.commands.move(token, agendaId, start);
	}

	async cancel(token: string): Promise<CancelOutcome> {
		return this.commands.cancel(token);
	}

	async erase(token: string): Promise<{ ok: boolean }> {
		return this.commands.erase(token);
	}
}

export { isFinal, newManageToken } from './commands';
export { agendaRules } from './rules';
export { noBookingEvents } from './types';
export type {
	BookingEvents,
	BookingInput,
	BookingLimits,
	Contact,
	OfferedSlot,
	Requester,
	SharedResult
} from './types';
