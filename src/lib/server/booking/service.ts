import type { PriorityReason } from '$lib/vocabulary';
import {
	and,
	asc,
	count,
	eq,
	getTableColumns,
	gt,
	gte,
	inArray,
	lt,
	notInArray,
	or,
	sql
} from 'drizzle-orm';
import type { Db, Executor } from '$lib/server/db/index';
import {
	agendaAbsences,
	agendaOpenings,
	agendas,
	closures,
	demandes,
	loginAttempts,
	pointsAccueil,
	rendezVous,
	slotGeneration,
	type Agenda,
	type Demande,
	type Mode,
	type Orienteur,
	type RendezVous
} from '$lib/server/db/schema';
import {
	generateSlots,
	isBookable,
	nearestSlots,
	type AgendaRules,
	type Slot
} from '$lib/booking/slots';
import { departementByCode } from '$lib/departements/data';
import { DUE_DAYS } from '$lib/vocabulary';
import { personKeys, type PersonKeys } from '$lib/booking/identity';
import { generateToken, hashToken } from '$lib/server/tokens';
import { throttleHmac } from '$lib/server/auth/throttle-key';
import { audit } from '$lib/server/auth/guard';
import { logger } from '$lib/server/log';
import type { Answers, Profile, Source } from '$lib/questionnaire/definition';
import type { ScoringResult } from '$lib/scoring/types';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A free slot of one agenda, as offered to the person. */
export interface OfferedSlot extends Slot {
	agendaId: number;
	mode: Mode;
	pointAccueil: {
		id: number;
		name: string;
		address: string;
		accessibility: string;
		isDemo: boolean;
	} | null;
}

export interface Contact {
	nom: string;
	prenom: string;
	email: string | null;
	telephone: string | null;
	nir: string | null;
	message: string | null;
}

/** The questionnaire attached to a demande, only with the person's consent. */
export interface SharedResult {
	questionnaireVersion: string;
	profile: Profile;
	answers: Answers;
	result: ScoringResult;
}

interface DemandeInput {
	departementCode: string;
	source: Source;
	contact: Contact;
	share: SharedResult | null;
	locale: string;
	/** The demande's manage-link token (only its hash is stored). */
	token: string;
	/**
	 * The form's idempotency key: a replay with the same key finds the first demande. Defaults
	 * to `token` on the person's own forms, where the token is drawn when the form is shown;
	 * an orientation passes the professional's form key here and a server-drawn `token` that
	 * the professional never sees (ADR 024).
	 */
	requestKey?: string;
}

export interface BookingInput extends DemandeInput {
	agendaId: number;
	start: Date;
	/** The mode the person chose: the agenda must be of that mode (checked in the transaction). */
	mode?: Mode;
	/**
	 * Who books: the limits of ADR 026 apply to the public form, which must say so; without it
	 * (a staff member, a script, a test fixture) nothing is limited.
	 */
	requester?: Requester;
}

/**
 * Who is booking. A person on the public form is limited (ADR 026): upcoming rendez-vous per
 * person, and bookings per client address when the address is known. A signed-in staff member
 * booking for someone, or the portal itself (scripts, fixtures), is not.
 */
export type Requester = { public: true; address: string | null } | { public: false };

/** The anti-hoarding limits of ADR 026 (BOOKING_MAX_UPCOMING_PER_PERSON, BOOKING_MAX_PER_ADDRESS). */
export interface BookingLimits {
	/** Upcoming confirmed rendez-vous one person (same e-mail, phone or NIR, normalised) may hold. */
	perPerson: number;
	/** Public bookings from one client address within ADDRESS_WINDOW_MS. */
	perAddress: number;
}
export const DEFAULT_BOOKING_LIMITS: BookingLimits = { perPerson: 2, perAddress: 6 };
/** The window of the per-address limit; the hashed addresses are pruned after it (login_attempts). */
export const ADDRESS_WINDOW_MS = DAY_MS;
/** The login_attempts key of a client address's public bookings: never the address itself. */
export const bookingAddressKey = (address: string) => `booking:${throttleHmac(address)}`;

export interface CallbackInput extends DemandeInput {
	sansCreneau: boolean;
	/** A rapid callback from the result page: the demande is prioritaire, for this reason (ADR 035). */
	priority?: PriorityReason | null;
	/** A professional who asked for the callback with the person's agreement (orientation form). */
	orienteur?: Orienteur | null;
}

/** Side effects of a booking event (e-mails), run inside the same transaction. */
export interface BookingEvents {
	booked(tx: Executor, demande: Demande, rdv: RendezVous, token: string): void;
	moved(tx: Executor, demande: Demande, previous: RendezVous, rdv: RendezVous, token: string): void;
	cancelled(tx: Executor, demande: Demande, rdv: RendezVous, token: string): void;
	callbackRequested(tx: Executor, demande: Demande, token: string): void;
	erased(tx: Executor, demande: Demande): void;
}

/** How many free slots a refused or stale choice is offered instead. */
const NEAREST_COUNT = 3;

/** Inside a booking transaction: the outcome, or "taken" with what its nearest slots need. */
type Attempt = BookingOutcome | { ok: false; reason: 'taken'; agenda: Agenda; start: Date };

export type BookingOutcome =
	| { ok: true; demande: Demande; rdv: RendezVous; replayed: boolean }
	| { ok: false; reason: 'slot_taken'; nearest: OfferedSlot[] }
	| { ok: false; reason: 'slot_invalid' }
	/** The person already holds the most upcoming rendez-vous allowed (ADR 026). */
	| { ok: false; reason: 'limit_person' }
	/** Too many bookings from this client address within the window (ADR 026). */
	| { ok: false; reason: 'limit_address' }
	/** Move: the rendez-vous is past (or under way) or the demande is closed or cancelled. */
	| { ok: false; reason: 'final' };

/** Cancelling: done, nothing to cancel, or refused because the rendez-vous or demande is final. */
export type CancelOutcome = { ok: true } | { ok: false; reason: 'none' | 'final' };

/**
 * Booking rules over the database. Every change happens in one SQLite transaction together
 * with its e-mails (outbox); the partial UNIQUE index on confirmed (agenda, start) is the last
 * guard against double booking, whatever the concurrency (ADR 009).
 */
export class BookingService {
	constructor(
		private readonly db: Db,
		private readonly events: BookingEvents,
		private readonly now: () => Date = () => new Date(),
		private readonly limits: BookingLimits = DEFAULT_BOOKING_LIMITS
	) {}

	/** Active agendas of a département for a mode, with their point d'accueil. */
	agendasFor(
		departementCode: string,
		mode: Mode
	): { agenda: Agenda; point: OfferedSlot['pointAccueil'] }[] {
		return activeAgendas(
			slotReads(this.db).statements.agendas.all({ departement: departementCode, mode })
		);
	}

	/** The slot rules of an agenda: its opening hours, one-off openings, absences and closures. */
	rulesOf(agenda: Agenda, db: Executor = this.db): AgendaRules {
		return agendaRules(db, agenda);
	}

	/** Start instants (ISO) already booked on an agenda from `from` on. */
	private taken(db: Executor, agendaId: number, from: Date): Set<string> {
		return new Set(
			db
				.select({ startsAt: rendezVous.startsAt })
				.from(rendezVous)
				.where(
					and(
						eq(rendezVous.agendaId, agendaId),
						eq(rendezVous.status, 'confirme'),
						gte(rendezVous.startsAt, from)
					)
				)
				.all()
				.map((r) => r.startsAt.toISOString())
		);
	}

	/**
	 * Confirmed rendez-vous of an agenda ending after `from`, as [start, end) ms. A slot that
	 * overlaps one is never offered, even when its start differs (the slot length or the
	 * hours were edited after the booking: docs/slots.md §5).
	 */
	private bookedIntervals(db: Executor, agendaId: number, from: Date): [number, number][] {
		return db
			.select({ startsAt: rendezVous.startsAt, endsAt: rendezVous.endsAt })
			.from(rendezVous)
			.where(
				and(
					eq(rendezVous.agendaId, agendaId),
					eq(rendezVous.status, 'confirme'),
					gt(rendezVous.endsAt, from)
				)
			)
			.all()
			.map((r) => [r.startsAt.getTime(), r.endsAt.getTime()]);
	}

	private overlapsBooking(
		db: Executor,
		agendaId: number,
		start: Date,
		minutes: number,
		now: Date
	): boolean {
		const s = start.getTime();
		const e = s + minutes * 60_000;
		return this.bookedIntervals(db, agendaId, now).some(([bs, be]) => bs < e && s < be);
	}

	/**
	 * Free slots of a département for a mode (all its agendas), sorted by time. The hottest read
	 * of the portal (slot page, slot API, a refused booking's nearest slots): its statements
	 * are prepared once per database, and its result is kept while nothing it depends on has
	 * changed (ADR 023): same département and mode, same minute of the clock, same value of the
	 * trigger-maintained `slot_generation` counter. Inside a transaction it is always computed
	 * afresh and never kept (the transaction may still roll back). Callers get their own array;
	 * the slots in it are frozen.
	 */
	freeSlots(departementCode: string, mode: Mode): OfferedSlot[] {
		const now = this.now();
		if (this.db.$client.inTransaction) return this.computeFreeSlots(departementCode, mode, now);
		const { statements, cache } = slotReads(this.db);
		const generation = statements.generation.get()?.value ?? -1;
		const minute = Math.floor(now.getTime() / 60_000);
		const key = `${departementCode}|${mode}`;
		const cached = cache.get(key);
		if (cached && cached.generation === generation && cached.minute === minute)
			return cached.slots.slice();
		const slots = this.computeFreeSlots(departementCode, mode, now).map((slot) =>
			Object.freeze(slot)
		);
		if (cache.size >= SLOT_CACHE_MAX) cache.clear();
		cache.set(key, { generation, minute, slots });
		return slots.slice();
	}

	/**
	 * What a refused or stale choice is offered instead: the free slots of the département and
	 * mode closest in time to `around` (the one fallback of the booking pages and of `book`).
	 */
	nearestFree(departementCode: string, mode: Mode, around: Date): OfferedSlot[] {
		return nearestSlots(
			this.freeSlots(departementCode, mode),
			around,
			NEAREST_COUNT
		) as OfferedSlot[];
	}

	/** The free slots at `now`, read from the database (prepared statements, no cache). */
	private computeFreeSlots(departementCode: string, mode: Mode, now: Date): OfferedSlot[] {
		// Prepared on the database and run on its one connection: called inside a transaction,
		// they read what the transaction has written.
		const { statements } = slotReads(this.db);
		const params = { departement: departementCode, mode };
		const list = activeAgendas(statements.agendas.all(params));
		if (list.length === 0) return [];
		const rules = buildRules(
			list.map((l) => l.agenda),
			{
				openings: statements.openings.all(params),
				absences: statements.absences.all(params),
				closures: statements.closures.all(params)
			}
		);
		const bookings = groupBookings(
			list.map((l) => l.agenda.id),
			statements.bookings.all({ ...params, from: now.getTime() }),
			now
		);
		return list
			.flatMap(({ agenda, point }) => {
				const { taken, booked } = bookings.get(agenda.id) ?? {
					taken: new Set<string>(),
					booked: []
				};
				const overlaps = overlapTest(booked);
				return generateSlots(rules.get(agenda.id)!, now, taken)
					.filter((slot) => !overlaps(slot.start.getTime(), slot.end.getTime()))
					.map((slot) => ({
						...slot,
						agendaId: agenda.id,
						mode,
						pointAccueil: point
					}));
			})
			.sort((a, b) => a.start.getTime() - b.start.getTime() || a.agendaId - b.agendaId);
	}

	/** The demande of a manage-link token, if any. */
	findByToken(token: string): Demande | undefined {
		return this.db
			.select()
			.from(demandes)
			.where(eq(demandes.manageTokenHash, hashToken(token)))
			.get();
	}

	/** The demande a form's idempotency key created, if any (ADR 009, ADR 024). */
	private findByRequestKey(db: Executor, input: DemandeInput): Demande | undefined {
		return db
			.select()
			.from(demandes)
			.where(eq(demandes.requestKeyHash, hashToken(input.requestKey ?? input.token)))
			.get();
	}

	/** The confirmed rendez-vous of a demande, if any. */
	currentRendezVous(demandeId: number, db: Executor = this.db): RendezVous | undefined {
		return db
			.select()
			.from(rendezVous)
			.where(and(eq(rendezVous.demandeId, demandeId), eq(rendezVous.status, 'confirme')))
			.get();
	}

	agendaById(id: number, db: Executor = this.db): Agenda | undefined {
		return db.select().from(agendas).where(eq(agendas.id, id)).get();
	}

	/**
	 * The agenda, only if the public slot list would offer it for this département and mode:
	 * active, of that département and mode, its point d'accueil (if any) active. Read with `db`,
	 * inside the write transaction, so that an agenda or point deactivated meanwhile — a stale
	 * form, a crafted post, a move — takes nothing (same predicate as the list: `isOffered`).
	 */
	offeredAgenda(
		db: Executor,
		id: number,
		departementCode: string,
		mode: Mode | undefined
	): Agenda | undefined {
		const row = db
			.select({ agenda: agendas, point: pointsAccueil })
			.from(agendas)
			.leftJoin(pointsAccueil, eq(agendas.pointAccueilId, pointsAccueil.id))
			.where(eq(agendas.id, id))
			.get();
		if (!row || !isOffered(row) || row.agenda.departementCode !== departementCode) return undefined;
		if (mode !== undefined && row.agenda.mode !== mode) return undefined;
		return row.agenda;
	}

	/**
	 * Which limit of ADR 026 a public booking would break, if any (read inside the booking's
	 * transaction): upcoming confirmed rendez-vous of the same person — same normalised e-mail,
	 * E.164 phone or NIR, on open demandes, any département — and public bookings from the same
	 * client address in the last 24 hours.
	 */
	private limitReached(
		tx: Executor,
		keys: PersonKeys,
		requester: Requester,
		now: Date
	): 'limit_person' | 'limit_address' | null {
		if (!requester.public) return null;
		const same = [
			keys.email === null ? undefined : eq(demandes.emailKey, keys.email),
			keys.phone === null ? undefined : eq(demandes.phoneKey, keys.phone),
			keys.nir === null ? undefined : eq(demandes.nir, keys.nir)
		].filter((condition) => condition !== undefined);
		if (same.length > 0) {
			const held =
				tx
					.select({ n: count() })
					.from(rendezVous)
					.where(
						and(
							inArray(
								rendezVous.demandeId,
								tx
									.select({ id: demandes.id })
									.from(demandes)
									.where(and(or(...same), notInArray(demandes.status, ['cloturee', 'annulee'])))
							),
							eq(rendezVous.status, 'confirme'),
							gt(rendezVous.endsAt, now)
						)
					)
					.get()?.n ?? 0;
			if (held >= this.limits.perPerson) return 'limit_person';
		}
		if (requester.address !== null) {
			const recent =
				tx
					.select({ n: count() })
					.from(loginAttempts)
					.where(
						and(
							eq(loginAttempts.key, bookingAddressKey(requester.address)),
							gt(loginAttempts.at, new Date(now.getTime() - ADDRESS_WINDOW_MS))
						)
					)
					.get()?.n ?? 0;
			if (recent >= this.limits.perAddress) return 'limit_address';
		}
		return null;
	}

	/** Counts a public booking against its client address (hashed; pruned after the window). */
	private recordAddress(tx: Executor, requester: Requester, now: Date): void {
		if (!requester.public || requester.address === null) return;
		tx.delete(loginAttempts)
			.where(lt(loginAttempts.at, new Date(now.getTime() - ADDRESS_WINDOW_MS)))
			.run();
		tx.insert(loginAttempts)
			.values({ key: bookingAddressKey(requester.address), at: now })
			.run();
	}

	/**
	 * Books `start` on an agenda of the demande's département. The slot is re-checked inside
	 * the transaction (window, opening hours, holidays, taken); a replayed submit (same token)
	 * returns the first booking.
	 */
	book(input: BookingInput): BookingOutcome {
		return this.settle(
			this.db.transaction(
				(tx): Attempt => {
					const existing = this.findByRequestKey(tx, input);
					if (existing) {
						const rdv = this.currentRendezVous(existing.id, tx);
						if (rdv) return { ok: true, demande: existing, rdv, replayed: true } as const;
					}
					if (existing) return { ok: false, reason: 'slot_invalid' } as const;
					const now = this.now();
					const requester = input.requester ?? { public: false };
					const limit = this.limitReached(tx, personKeys(input.contact), requester, now);
					if (limit) return { ok: false, reason: limit } as const;
					const agenda = this.offeredAgenda(tx, input.agendaId, input.departementCode, input.mode);
					if (!agenda) return { ok: false, reason: 'slot_invalid' } as const;
					const rules = this.rulesOf(agenda, tx);
					const taken = this.taken(tx, agenda.id, now);
					if (!isBookable(rules, now, input.start))
						return { ok: false, reason: 'slot_invalid' } as const;
					if (
						taken.has(input.start.toISOString()) ||
						this.overlapsBooking(tx, agenda.id, input.start, agenda.slotMinutes, now)
					) {
						return { ok: false, reason: 'taken', agenda, start: input.start } as const;
					}
					const demande = this.insertDemande(
						tx,
						{ ...input, kind: 'rendez_vous', sansCreneau: false },
						now
					);
					const rdv = tx
						.insert(rendezVous)
						.values({
							demandeId: demande.id,
							agendaId: agenda.id,
							mode: agenda.mode,
							startsAt: input.start,
							endsAt: new Date(input.start.getTime() + agenda.slotMinutes * 60_000),
							createdAt: now
						})
						.returning()
						.get();
					this.recordAddress(tx, requester, now);
					this.events.booked(tx, demande, rdv, input.token);
					return { ok: true, demande, rdv, replayed: false } as const;
				},
				{ behavior: 'immediate' }
			)
		);
	}

	/**
	 * A callback request ("être rappelé"), e.g. when no slot is free within 14 days, or asked
	 * by a professional for the person (`orienteur`, ADR 016: the events then acknowledge to
	 * the professional instead of the person).
	 */
	requestCallback(input: CallbackInput): { demande: Demande; replayed: boolean } {
		return this.db.transaction(
			(tx) => {
				const existing = this.findByRequestKey(tx, input);
				if (existing) return { demande: existing, replayed: true };
				const demande = this.insertDemande(tx, { ...input, kind: 'rappel' }, this.now());
				this.events.callbackRequested(tx, demande, input.token);
				return { demande, replayed: false };
			},
			{ behavior: 'immediate' }
		);
	}

	/** Moves a demande's rendez-vous to another free slot of the same département and mode. */
	move(token: string, agendaId: number, start: Date): BookingOutcome {
		return this.settle(
			this.db.transaction(
				(tx): Attempt => {
					const demande = tx
						.select()
						.from(demandes)
						.where(eq(demandes.manageTokenHash, hashToken(token)))
						.get();
					const previous = demande ? this.currentRendezVous(demande.id, tx) : undefined;
					if (!demande || !previous) return { ok: false, reason: 'slot_invalid' } as const;
					const now = this.now();
					if (isFinal(demande, previous, now)) return { ok: false, reason: 'final' } as const;
					const agenda = this.offeredAgenda(tx, agendaId, demande.departementCode, previous.mode);
					if (!agenda) return { ok: false, reason: 'slot_invalid' } as const;
					if (!isBookable(this.rulesOf(agenda, tx), now, start))
						return { ok: false, reason: 'slot_invalid' } as const;
					if (
						this.taken(tx, agenda.id, now).has(start.toISOString()) ||
						this.overlapsBooking(tx, agenda.id, start, agenda.slotMinutes, now)
					) {
						return { ok: false, reason: 'taken', agenda, start } as const;
					}
					tx.update(rendezVous)
						.set({ status: 'annule', cancelledAt: now, cancelledBy: 'assure' })
						.where(eq(rendezVous.id, previous.id))
						.run();
					const rdv = tx
						.insert(rendezVous)
						.values({
							demandeId: demande.id,
							agendaId: agenda.id,
							mode: agenda.mode,
							startsAt: start,
							endsAt: new Date(start.getTime() + agenda.slotMinutes * 60_000),
							createdAt: now
						})
						.returning()
						.get();
					this.events.moved(tx, demande, previous, rdv, token);
					return { ok: true, demande, rdv, replayed: false } as const;
				},
				{ behavior: 'immediate' }
			)
		);
	}

	/**
	 * Cancels the demande's rendez-vous (the slot is free again at once). A past (or started)
	 * rendez-vous, or one of a closed or cancelled demande, is final: refused (ADR 026).
	 */
	cancel(token: string): CancelOutcome {
		return this.db.transaction(
			(tx): CancelOutcome => {
				const demande = tx
					.select()
					.from(demandes)
					.where(eq(demandes.manageTokenHash, hashToken(token)))
					.get();
				const rdv = demande ? this.currentRendezVous(demande.id, tx) : undefined;
				if (!demande || !rdv) return { ok: false, reason: 'none' };
				const now = this.now();
				if (isFinal(demande, rdv, now)) return { ok: false, reason: 'final' };
				tx.update(rendezVous)
					.set({ status: 'annule', cancelledAt: now, cancelledBy: 'assure' })
					.where(eq(rendezVous.id, rdv.id))
					.run();
				tx.update(demandes).set({ status: 'annulee' }).where(eq(demandes.id, demande.id)).run();
				this.events.cancelled(tx, demande, rdv, token);
				return { ok: true };
			},
			{ behavior: 'immediate' }
		);
	}

	/**
	 * Erases the demande and everything attached: rendez-vous, history events and every e-mail
	 * about it (foreign keys ON DELETE CASCADE). The département is told, by reference only, and
	 * the audit log keeps the reference, the département and the action, nothing personal.
	 * With `secure_delete` on (openDatabase) the deleted bytes are zeroed; the WAL is then
	 * checkpointed and truncated so that no older copy of the pages stays in the -wal file (ADR 017).
	 */
	erase(token: string): { ok: boolean } {
		const outcome = this.db.transaction(
			(tx): { ok: false } | { ok: true; departementCode: string } => {
				const demande = tx
					.select()
					.from(demandes)
					.where(eq(demandes.manageTokenHash, hashToken(token)))
					.get();
				if (!demande) return { ok: false };
				tx.delete(demandes).where(eq(demandes.id, demande.id)).run();
				audit(
					tx,
					{
						userId: null,
						action: 'demande_erased',
						demandeReference: demande.reference,
						departementCode: demande.departementCode
					},
					this.now()
				);
				this.events.erased(tx, demande);
				return { ok: true, departementCode: demande.departementCode };
			},
			{ behavior: 'immediate' }
		);
		if (outcome.ok) {
			logger.info('demande erased', { departement: outcome.departementCode });
			try {
				this.db.$client.pragma('wal_checkpoint(TRUNCATE)');
			} catch {
				// Busy (a backup reading): the next checkpoint rewrites the WAL anyway.
			}
		}
		return { ok: outcome.ok };
	}

	/** Confirmed rendez-vous starting in [from, to), with their demande (for reminders). */
	upcoming(from: Date, to: Date): { demande: Demande; rdv: RendezVous }[] {
		return this.db
			.select({ demande: demandes, rdv: rendezVous })
			.from(rendezVous)
			.innerJoin(demandes, eq(rendezVous.demandeId, demandes.id))
			.where(
				and(
					eq(rendezVous.status, 'confirme'),
					gte(rendezVous.startsAt, from),
					lt(rendezVous.startsAt, to)
				)
			)
			.all();
	}

	/** Demandes by id (for tests and the back-office). */
	demandesByIds(ids: number[]): Demande[] {
		return ids.length === 0
			? []
			: this.db.select().from(demandes).where(inArray(demandes.id, ids)).all();
	}

	/**
	 * A refused attempt's nearest free slots are looked up after its write transaction, which
	 * wrote nothing: the kept slot list serves them (ADR 023) and the write lock is not held
	 * while 300 simultaneous refusals compute them.
	 */
	private settle(attempt: Attempt): BookingOutcome {
		if (attempt.ok || attempt.reason !== 'taken') return attempt;
		return {
			ok: false,
			reason: 'slot_taken',
			nearest: this.nearestFree(attempt.agenda.departementCode, attempt.agenda.mode, attempt.start)
		};
	}

	private insertDemande(
		db: Executor,
		input: DemandeInput & {
			kind: Demande['kind'];
			sansCreneau: boolean;
			orienteur?: Orienteur | null;
			priority?: PriorityReason | null;
		},
		now: Date
	): Demande {
		return db
			.insert(demandes)
			.values({
				reference: newReference(),
				kind: input.kind,
				departementCode: input.departementCode,
				source: input.source,
				...input.contact,
				...identityColumns(input.contact),
				sansCreneau: input.sansCreneau,
				shareResult: input.share !== null,
				questionnaireVersion: input.share?.questionnaireVersion ?? null,
				profile: input.share?.profile ?? null,
				answers: input.share?.answers ?? null,
				result: input.share?.result ?? null,
				manageTokenHash: hashToken(input.token),
				requestKeyHash: hashToken(input.requestKey ?? input.token),
				locale: input.locale,
				createdAt: now,
				dueAt: new Date(now.getTime() + DUE_DAYS * DAY_MS),
				orienteur: input.orienteur ?? null,
				priority: input.priority ?? null
			})
			.returning()
			.get();
	}
}

/**
 * `(s, e) => true` iff [s, e) overlaps one of `intervals` ([start, end) ms), in O(log n):
 * intervals sorted by start with the running maximum of their ends; those starting before `e`
 * form a prefix, and one of them overlaps iff the largest end in that prefix is after `s`.
 */
export function overlapTest(
	intervals: readonly [number, number][]
): (s: number, e: number) => boolean {
	const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
	const starts = sorted.map(([bs]) => bs);
	const maxEnd: number[] = [];
	for (const [, be] of sorted) maxEnd.push(Math.max(be, maxEnd[maxEnd.length - 1] ?? -Infinity));
	return (s, e) => {
		// Number of intervals starting strictly before e.
		let lo = 0;
		let hi = starts.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (starts[mid]! < e) lo = mid + 1;
			else hi = mid;
		}
		return lo > 0 && maxEnd[lo - 1]! > s;
	};
}

/** A reference the person can read on the phone: PDP- and 8 unambiguous characters. */
export function newReference(): string {
	const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
	const bytes = new Uint8Array(8);
	crypto.getRandomValues(bytes);
	return `PDP-${Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')}`;
}

/** A fresh manage-link token for a form about to be shown. */
export const newManageToken = generateToken;

/** For a service whose events do nothing (tests, reads). */
export const noBookingEvents: BookingEvents = {
	booked() {},
	moved() {},
	cancelled() {},
	callbackRequested() {},
	erased() {}
};

/**
 * The slot rules of one agenda (its opening hours, one-off openings, absences and its
 * département's closure days), read with `db`, which may be a transaction.
 */
export function agendaRules(db: Executor, agenda: Agenda): AgendaRules {
	return buildRules([agenda], {
		openings: db.select().from(agendaOpenings).where(eq(agendaOpenings.agendaId, agenda.id)).all(),
		absences: db.select().from(agendaAbsences).where(eq(agendaAbsences.agendaId, agenda.id)).all(),
		closures: db
			.select({ date: closures.date, departementCode: closures.departementCode })
			.from(closures)
			.where(eq(closures.departementCode, agenda.departementCode))
			.all()
	}).get(agenda.id)!;
}

type PointRow = typeof pointsAccueil.$inferSelect;

/**
 * Whether the public offers slots of this agenda: it is active and so is its point d'accueil,
 * if it has one. The slot list (with its département and mode) and every booking or move
 * (inside its transaction, `offeredAgenda`) use this one predicate.
 */
export function isOffered(row: { agenda: Agenda; point: PointRow | null }): boolean {
	return (
		row.agenda.active &&
		(row.agenda.pointAccueilId === null || (row.point !== null && row.point.active))
	);
}

/**
 * A rendez-vous the person can no longer move or cancel (ADR 026): it has started or is past,
 * or its demande is closed or cancelled. The person may book a new one instead.
 */
export function isFinal(
	demande: Pick<Demande, 'status'>,
	rdv: Pick<RendezVous, 'startsAt'>,
	now: Date
): boolean {
	return (
		demande.status === 'cloturee' ||
		demande.status === 'annulee' ||
		rdv.startsAt.getTime() <= now.getTime()
	);
}

/** The demande's normalised e-mail and phone, stored for the per-person limit (ADR 026). */
export function identityColumns(contact: {
	email: string | null;
	telephone: string | null;
	nir: string | null;
}): { emailKey: string | null; phoneKey: string | null } {
	const keys = personKeys(contact);
	return { emailKey: keys.email, phoneKey: keys.phone };
}

/** Agendas whose point d'accueil (if any) is active, with what a slot shows of that point. */
function activeAgendas(
	rows: { agenda: Agenda; point: PointRow | null }[]
): { agenda: Agenda; point: OfferedSlot['pointAccueil'] }[] {
	return rows.filter(isOffered).map(({ agenda, point }) => ({
		agenda,
		point: point
			? {
					id: point.id,
					name: point.name,
					address: point.address,
					accessibility: point.accessibility,
					isDemo: point.isDemo
				}
			: null
	}));
}

/** Slot rules of agendas from their rows of openings and absences and their départements' closures. */
function buildRules(
	list: readonly Agenda[],
	rows: {
		openings: (typeof agendaOpenings.$inferSelect)[];
		absences: { agendaId: number; startsAt: Date; endsAt: Date }[];
		closures: { date: string; departementCode: string }[];
	}
): Map<number, AgendaRules> {
	for (const agenda of list) {
		if (!departementByCode(agenda.departementCode))
			throw new RangeError(`Agenda ${agenda.id} has an unknown département`);
	}
	const openings = new Map<number, (typeof agendaOpenings.$inferSelect)[]>();
	for (const o of rows.openings) {
		const group = openings.get(o.agendaId) ?? [];
		group.push(o);
		openings.set(o.agendaId, group);
	}
	const absences = new Map<number, { start: Date; end: Date }[]>();
	for (const a of rows.absences) {
		const group = absences.get(a.agendaId) ?? [];
		group.push({ start: a.startsAt, end: a.endsAt });
		absences.set(a.agendaId, group);
	}
	const closed = new Map<string, string[]>();
	for (const c of rows.closures) {
		const group = closed.get(c.departementCode) ?? [];
		group.push(c.date);
		closed.set(c.departementCode, group);
	}
	const out = new Map<number, AgendaRules>();
	for (const agenda of list) {
		out.set(agenda.id, {
			timeZone: departementByCode(agenda.departementCode)!.timeZone,
			departementCode: agenda.departementCode,
			slotMinutes: agenda.slotMinutes,
			minNoticeDays: agenda.minNoticeDays,
			weekly: agenda.weekly,
			openings: openings.get(agenda.id) ?? [],
			absences: absences.get(agenda.id) ?? [],
			closures: [...(closed.get(agenda.departementCode) ?? [])]
		});
	}
	return out;
}

/**
 * Confirmed rendez-vous ending after `from`, per agenda: the taken start instants (ISO, starting
 * at or after `from`) and the booked intervals as [start, end) ms (a start ≥ `from` implies an
 * end > `from`).
 */
function groupBookings(
	ids: number[],
	rows: { agendaId: number; startsAt: Date; endsAt: Date }[],
	from: Date
): Map<number, { taken: Set<string>; booked: [number, number][] }> {
	const out = new Map(
		ids.map((id) => [id, { taken: new Set<string>(), booked: [] as [number, number][] }])
	);
	const fromMs = from.getTime();
	for (const r of rows) {
		const entry = out.get(r.agendaId);
		if (!entry) continue;
		const s = r.startsAt.getTime();
		entry.booked.push([s, r.endsAt.getTime()]);
		if (s >= fromMs) entry.taken.add(r.startsAt.toISOString());
	}
	return out;
}

/**
 * The statements of `freeSlots`, prepared once per database (drizzle builds the SQL and SQLite
 * compiles it once, instead of on every slot list). Each takes the département and the mode and
 * reads only the active agendas of that pair.
 */
function prepareSlotStatements(db: Db) {
	const departement = sql.placeholder('departement');
	const mode = sql.placeholder('mode');
	const ofPair = and(
		eq(agendas.departementCode, departement),
		eq(agendas.mode, mode),
		eq(agendas.active, true)
	);
	return {
		agendas: db
			.select({ agenda: agendas, point: pointsAccueil })
			.from(agendas)
			.leftJoin(pointsAccueil, eq(agendas.pointAccueilId, pointsAccueil.id))
			.where(ofPair)
			.orderBy(asc(agendas.id))
			.prepare(),
		openings: db
			.select(getTableColumns(agendaOpenings))
			.from(agendaOpenings)
			.innerJoin(agendas, eq(agendaOpenings.agendaId, agendas.id))
			.where(ofPair)
			.prepare(),
		absences: db
			.select({
				agendaId: agendaAbsences.agendaId,
				startsAt: agendaAbsences.startsAt,
				endsAt: agendaAbsences.endsAt
			})
			.from(agendaAbsences)
			.innerJoin(agendas, eq(agendaAbsences.agendaId, agendas.id))
			.where(ofPair)
			.prepare(),
		closures: db
			.select({ date: closures.date, departementCode: closures.departementCode })
			.from(closures)
			.where(eq(closures.departementCode, departement))
			.prepare(),
		bookings: db
			.select({
				agendaId: rendezVous.agendaId,
				startsAt: rendezVous.startsAt,
				endsAt: rendezVous.endsAt
			})
			.from(rendezVous)
			.innerJoin(agendas, eq(rendezVous.agendaId, agendas.id))
			.where(
				and(
					ofPair,
					eq(rendezVous.status, 'confirme'),
					gt(rendezVous.endsAt, sql.placeholder('from'))
				)
			)
			.prepare(),
		generation: db
			.select({ value: slotGeneration.value })
			.from(slotGeneration)
			.where(eq(slotGeneration.id, 1))
			.prepare()
	};
}

/** Bound on the kept slot lists per database: 101 départements × 3 modes fit several times. */
const SLOT_CACHE_MAX = 1000;

interface SlotReads {
	statements: ReturnType<typeof prepareSlotStatements>;
	/** Kept lists by `département|mode` (ADR 023). */
	cache: Map<string, { generation: number; minute: number; slots: OfferedSlot[] }>;
}
const slotReadsByDb = new WeakMap<Db, SlotReads>();

/** The prepared statements and kept lists of a database, made on first use. */
function slotReads(db: Db): SlotReads {
	let reads = slotReadsByDb.get(db);
	if (!reads)
		slotReadsByDb.set(db, (reads = { statements: prepareSlotStatements(db), cache: new Map() }));
	return reads;
}
