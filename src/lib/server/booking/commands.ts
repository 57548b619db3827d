import type { PriorityReason } from '$lib/vocabulary';
import { and, count, eq, gt, inArray, lt, notInArray, or } from 'drizzle-orm';
import { lockKeys, whenIdle, type Db, type Executor } from '$lib/server/db/index';
import {
	demandes,
	loginAttempts,
	rendezVous,
	type Agenda,
	type Demande,
	type Orienteur,
	type RendezVous
} from '$lib/server/db/schema';
import { isBookable } from '$lib/booking/slots';
import { dueAtFor } from '$lib/booking/due';
import { demandePriority } from '$lib/booking/priority';
import { personKeys, type PersonKeys } from '$lib/booking/identity';
import { generateToken, hashToken } from '$lib/server/tokens';
import { throttleHmac } from '$lib/server/auth/throttle-key';
import { audit } from '$lib/server/auth/guard';
import { logger } from '$lib/server/log';
import { suiviConsentColumns } from '$lib/server/suivi/consent';
import { agendaRules, offeredAgenda, serviceCalendar } from './rules';
import { isTaken, type FreeSlots } from './free-slots';
import { confirmedRendezVous, demandeByToken } from './lookups';
import {
	DEFAULT_BOOKING_LIMITS,
	type BookingEvents,
	type BookingInput,
	type BookingLimits,
	type BookingOutcome,
	type CallbackInput,
	type CancelOutcome,
	type DemandeInput,
	type Requester
} from './types';

/**
 * The write commands of booking (ADR 032): book, request a callback, move, cancel, erase.
 * Every change happens in one SQLite transaction together with its e-mails (outbox); the
 * partial UNIQUE index on confirmed (agenda, start) is the last guard against double booking,
 * whatever the concurrency (ADR 009). A slot is re-checked inside the transaction against the
 * rules (rule assembly, `rules.ts`) and the bookings (`isTaken`); a refused choice's nearest
 * free slots come from the read model after the transaction.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** The window of the per-address limit; the hashed addresses are pruned after it (login_attempts). */
export const ADDRESS_WINDOW_MS = DAY_MS;
/** The login_attempts key of a client address's public bookings: never the address itself. */
export const bookingAddressKey = (address: string) => `booking:${throttleHmac(address)}`;

/**
 * The lock key of an agenda's bookings (`lockKeys`): bookings and moves onto one agenda check
 * their overlaps one at a time on PostgreSQL.
 */
const agendaLock = (agendaId: number) => `agenda:${agendaId}`;

/** Inside a booking transaction: the outcome, or "taken" with what its nearest slots need. */
type Attempt = BookingOutcome | { ok: false; reason: 'taken'; agenda: Agenda; start: Date };

export class BookingCommands {
	constructor(
		private readonly db: Db,
		private readonly events: BookingEvents,
		private readonly freeSlots: FreeSlots,
		private readonly now: () => Date = () => new Date(),
		private readonly limits: BookingLimits = DEFAULT_BOOKING_LIMITS
	) {}

	/**
	 * Books `start` on an agenda of the demande's département. The slot is re-checked inside
	 * the transaction (window, opening hours, holidays, taken); a replayed submit (same token)
	 * returns the first booking.
	 */
	async book(input: BookingInput): Promise<BookingOutcome> {
		return this.settle(
			await this.db.transaction(
				async (tx): Promise<Attempt> => {
					const existing = await findByRequestKey(tx, input);
					if (existing) {
						const rdv = await confirmedRendezVous(tx, existing.id);
						if (rdv) return { ok: true, demande: existing, rdv, replayed: true } as const;
						return { ok: false, reason: 'slot_invalid' } as const;
					}
					const now = this.now();
					const requester = input.requester ?? { public: false };
					const keys = personKeys(input.contact);
					// PostgreSQL: one booking at a time per person and per agenda, as SQLite's one writer.
					// The agenda, not only the slot: a start overlapping another one (the slot length
					// changed between them) is another slot, and the overlap check must see it (ADR 050).
					await lockKeys(
						tx,
						keys.email && `person:${keys.email}`,
						keys.phone && `person:${keys.phone}`,
						agendaLock(input.agendaId)
					);
					const limit = await this.limitReached(tx, keys, requester, now);
					if (limit) return { ok: false, reason: limit } as const;
					const agenda = await offeredAgenda(tx, input.agendaId, input.departementCode, input.mode);
					if (!agenda) return { ok: false, reason: 'slot_invalid' } as const;
					if (!isBookable(await agendaRules(tx, agenda), now, input.start))
						return { ok: false, reason: 'slot_invalid' } as const;
					if (await isTaken(tx, agenda.id, input.start, agenda.slotMinutes, now))
						return { ok: false, reason: 'taken', agenda, start: input.start } as const;
					const demande = await insertDemande(
						tx,
						{ ...input, kind: 'rendez_vous', sansCreneau: false },
						now
					);
					const rdv = await insertRendezVous(tx, demande, agenda, input.start, now);
					await recordAddress(tx, requester, now);
					await this.events.booked(tx, demande, rdv, input.token);
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
	async requestCallback(input: CallbackInput): Promise<{ demande: Demande; replayed: boolean }> {
		return this.db.transaction(
			async (tx) => {
				const existing = await findByRequestKey(tx, input);
				if (existing) return { demande: existing, replayed: true };
				const demande = await insertDemande(tx, { ...input, kind: 'rappel' }, this.now());
				await this.events.callbackRequested(tx, demande, input.token);
				return { demande, replayed: false };
			},
			{ behavior: 'immediate' }
		);
	}

	/** Moves a demande's rendez-vous to another free slot of the same département and mode. */
	async move(token: string, agendaId: number, start: Date): Promise<BookingOutcome> {
		return this.settle(
			await this.db.transaction(
				async (tx): Promise<Attempt> => {
					const demande = await demandeByToken(tx, token);
					const previous = demande ? await confirmedRendezVous(tx, demande.id) : undefined;
					if (!demande || !previous) return { ok: false, reason: 'slot_invalid' } as const;
					const now = this.now();
					if (isFinal(demande, previous, now)) return { ok: false, reason: 'final' } as const;
					// PostgreSQL: the new slot's agenda is locked as a booking's (above).
					await lockKeys(tx, agendaLock(agendaId));
					const agenda = await offeredAgenda(tx, agendaId, demande.departementCode, previous.mode);
					if (!agenda) return { ok: false, reason: 'slot_invalid' } as const;
					if (!isBookable(await agendaRules(tx, agenda), now, start))
						return { ok: false, reason: 'slot_invalid' } as const;
					if (await isTaken(tx, agenda.id, start, agenda.slotMinutes, now))
						return { ok: false, reason: 'taken', agenda, start } as const;
					await tx
						.update(rendezVous)
						.set({ status: 'annule', cancelledAt: now, cancelledBy: 'assure' })
						.where(eq(rendezVous.id, previous.id));
					const rdv = await insertRendezVous(tx, demande, agenda, start, now);
					await this.events.moved(tx, demande, previous, rdv, token);
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
	async cancel(token: string): Promise<CancelOutcome> {
		return this.db.transaction(
			async (tx): Promise<CancelOutcome> => {
				const demande = await demandeByToken(tx, token);
				const rdv = demande ? await confirmedRendezVous(tx, demande.id) : undefined;
				if (!demande || !rdv) return { ok: false, reason: 'none' };
				const now = this.now();
				if (isFinal(demande, rdv, now)) return { ok: false, reason: 'final' };
				await tx
					.update(rendezVous)
					.set({ status: 'annule', cancelledAt: now, cancelledBy: 'assure' })
					.where(eq(rendezVous.id, rdv.id));
				await tx.update(demandes).set({ status: 'annulee' }).where(eq(demandes.id, demande.id));
				await this.events.cancelled(tx, demande, rdv, token);
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
	async erase(token: string): Promise<{ ok: boolean }> {
		const outcome = await this.db.transaction(
			async (tx): Promise<{ ok: false } | { ok: true; departementCode: string }> => {
				const demande = await demandeByToken(tx, token);
				if (!demande) return { ok: false };
				await tx.delete(demandes).where(eq(demandes.id, demande.id));
				await audit(
					tx,
					{
						userId: null,
						action: 'demande_erased',
						demandeReference: demande.reference,
						departementCode: demande.departementCode
					},
					this.now()
				);
				await this.events.erased(tx, demande);
				return { ok: true, departementCode: demande.departementCode };
			},
			{ behavior: 'immediate' }
		);
		if (outcome.ok) {
			logger.info('demande erased', { departement: outcome.departementCode });
			try {
				await whenIdle(this.db, (sqlite) => sqlite.pragma('wal_checkpoint(TRUNCATE)'));
			} catch {
				// Busy (a backup reading): the next checkpoint rewrites the WAL anyway.
			}
		}
		return { ok: outcome.ok };
	}

	/**
	 * Which limit of ADR 026 a public booking would break, if any (read inside the booking's
	 * transaction): upcoming confirmed rendez-vous of the same person — same normalised e-mail,
	 * E.164 phone or NIR, on open demandes, any département — and public bookings from the same
	 * client address in the last 24 hours.
	 */
	private async limitReached(
		tx: Executor,
		keys: PersonKeys,
		requester: Requester,
		now: Date
	): Promise<'limit_person' | 'limit_address' | null> {
		if (!requester.public) return null;
		const same = [
			keys.email === null ? undefined : eq(demandes.emailKey, keys.email),
			keys.phone === null ? undefined : eq(demandes.phoneKey, keys.phone),
			keys.nir === null ? undefined : eq(demandes.nir, keys.nir)
		].filter((condition) => condition !== undefined);
		if (same.length > 0) {
			const held =
				(
					await tx
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
				)[0]?.n ?? 0;
			if (held >= this.limits.perPerson) return 'limit_person';
		}
		if (requester.address !== null) {
			const recent =
				(
					await tx
						.select({ n: count() })
						.from(loginAttempts)
						.where(
							and(
								eq(loginAttempts.key, bookingAddressKey(requester.address)),
								gt(loginAttempts.at, new Date(now.getTime() - ADDRESS_WINDOW_MS))
							)
						)
				)[0]?.n ?? 0;
			if (recent >= this.limits.perAddress) return 'limit_address';
		}
		return null;
	}

	/**
	 * A refused attempt's nearest free slots are looked up after its write transaction, which
	 * wrote nothing: the kept slot list serves them (ADR 023) and the write lock is not held
	 * while 300 simultaneous refusals compute them.
	 */
	private async settle(attempt: Attempt): Promise<BookingOutcome> {
		if (attempt.ok || attempt.reason !== 'taken') return attempt;
		return {
			ok: false,
			reason: 'slot_taken',
			nearest: await this.freeSlots.nearest(
				attempt.agenda.departementCode,
				attempt.agenda.mode,
				attempt.start
			)
		};
	}
}

/** The demande a form's idempotency key created, if any (ADR 009, ADR 024). */
async function findByRequestKey(db: Executor, input: DemandeInput): Promise<Demande | undefined> {
	return (
		await db
			.select()
			.from(demandes)
			.where(eq(demandes.requestKeyHash, hashToken(input.requestKey ?? input.token)))
	)[0];
}

/** Counts a public booking against its client address (hashed; pruned after the window). */
async function recordAddress(tx: Executor, requester: Requester, now: Date): Promise<void> {
	if (!requester.public || requester.address === null) return;
	await tx
		.delete(loginAttempts)
		.where(lt(loginAttempts.at, new Date(now.getTime() - ADDRESS_WINDOW_MS)));
	await tx.insert(loginAttempts).values({ key: bookingAddressKey(requester.address), at: now });
}

async function insertRendezVous(
	tx: Executor,
	demande: Demande,
	agenda: Agenda,
	start: Date,
	now: Date
): Promise<RendezVous> {
	return (
		await tx
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
	)[0]!;
}

async function insertDemande(
	db: Executor,
	input: DemandeInput & {
		kind: Demande['kind'];
		sansCreneau: boolean;
		orienteur?: Orienteur | null;
		priority?: PriorityReason | null;
	},
	now: Date
): Promise<Demande> {
	// Decided here for every way a demande is made (ADR 039): distress in a shared result
	// makes it prioritaire, and a prioritaire demande is due within 2 working days.
	const priority = demandePriority(input.priority, input.share?.result);
	// The calendar is read only when it matters (an ordinary delay is in calendar days).
	const calendar =
		priority === null
			? { departementCode: input.departementCode, closures: [], holidayOptions: {} }
			: await serviceCalendar(db, input.departementCode);
	const dueAt = dueAtFor(now, priority, calendar);
	return (
		await db
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
				dueAt,
				orienteur: input.orienteur ?? null,
				priority,
				campagneId: input.campagneId ?? null,
				...suiviConsentColumns(input.suiviConsent === true, now),
				evenementId: input.evenementId ?? null
			})
			.returning()
	)[0]!;
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
