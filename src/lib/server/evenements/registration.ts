/**
 * Registration to an évènement (ADR 043): capacity, waiting list and promotion in one
 * transaction. better-sqlite3 runs a transaction synchronously and `transact` opens it
 * IMMEDIATE (the write lock first), so two registrations never read the same seats; on
 * PostgreSQL the same function would start with `SELECT … FROM evenements WHERE id = $1 FOR
 * UPDATE`, which serialises the registrations of one évènement the same way.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, Executor } from '$lib/server/db/index';
import {
	campagneInscriptions,
	evenementDepartements,
	evenements,
	inscriptions,
	type Evenement,
	type Inscription
} from '$lib/server/db/schema';
import { fits, promotions, seatsHeld } from '$lib/evenements/capacity';
import type { InscriptionSource, ParticipantKind } from '$lib/vocabulary';
import { hashToken } from '$lib/server/tokens';
import { ok, refused, transact, type Result } from '$lib/server/result';
import { countForCampagne } from '$lib/server/campagnes/attribution';
import { suiviConsentColumns } from '$lib/server/suivi/consent';
import { deletePendingMessages, notify, type MessagesConfig } from './messages';

export interface RegistrationInput {
	evenementId: number;
	/** The manage token drawn when the form was shown; its hash is also the idempotency key. */
	token: string;
	name: string;
	email?: string;
	telephone?: string;
	places: number;
	participantKind: ParticipantKind;
	locale: string;
	smsRefused: boolean;
	contactConsent: boolean;
	/** The consent to the 6-month follow-up (ADR 045 addendum), recorded with its date and wording. */
	suiviConsent?: boolean;
	source: InscriptionSource;
	/** The invitation code typed or carried by the link (invitation-only évènements). */
	code?: string;
	/** The outreach campaign whose link the person came by (`campagneOf`, ADR 044), if any. */
	campagneId?: number | null;
}

export type RegistrationRefusal =
	| 'evenements:errors.notFound'
	| 'evenements:errors.closed'
	| 'evenements:errors.employers'
	| 'evenements:errors.code';

/** Whether the public may see the évènement's page (published; by code when invitation-only). */
export function visibleTo(evenement: Evenement, code: string | undefined): boolean {
	if (evenement.status === 'brouillon') return false;
	if (!evenement.invitationOnly) return true;
	return code !== undefined && code.toUpperCase() === evenement.invitationCode;
}

/** Whether registrations are still taken at `now`. */
export const registrationOpen = (evenement: Evenement, now: Date): boolean =>
	evenement.status === 'publie' && now.getTime() < evenement.registrationDeadline.getTime();

export function confirmedSeats(tx: Executor, evenementId: number): number {
	return seatsHeld(
		tx
			.select({ places: inscriptions.places })
			.from(inscriptions)
			.where(and(eq(inscriptions.evenementId, evenementId), eq(inscriptions.status, 'confirmee')))
			.all()
	);
}

/**
 * Registers a person: a seat if the seats they ask for are free, else the waiting list. A
 * replayed form (same token) answers the registration it made, without a second one.
 */
export function register(
	db: Db,
	config: MessagesConfig,
	input: RegistrationInput,
	now: Date
): Result<{ inscription: Inscription; replayed: boolean }, RegistrationRefusal> {
	const keyHash = hashToken(input.token);
	type Outcome = Result<{ inscription: Inscription; replayed: boolean }, RegistrationRefusal>;
	return transact(db, (tx): Outcome => {
		const existing = tx
			.select()
			.from(inscriptions)
			.where(eq(inscriptions.requestKeyHash, keyHash))
			.get();
		if (existing) {
			if (existing.evenementId !== input.evenementId)
				return refused('evenements:errors.notFound', 404);
			return ok({ inscription: existing, replayed: true });
		}
		const evenement = tx
			.select()
			.from(evenements)
			.where(eq(evenements.id, input.evenementId))
			.get();
		if (!evenement || !visibleTo(evenement, input.code))
			return evenement?.invitationOnly && evenement.status !== 'brouillon'
				? refused('evenements:errors.code', 400, { field: 'code' })
				: refused('evenements:errors.notFound', 404);
		if (!registrationOpen(evenement, now)) return refused('evenements:errors.closed', 409);
		if (input.participantKind === 'employeur' && !evenement.employersAllowed)
			return refused('evenements:errors.employers', 400, { field: 'participantKind' });
		const places = evenement.kind === 'forum' ? input.places : 1;
		const status = fits(evenement.capacity, confirmedSeats(tx, evenement.id), places)
			? 'confirmee'
			: 'attente';
		const inscription = tx
			.insert(inscriptions)
			.values({
				evenementId: evenement.id,
				status,
				places,
				participantKind: input.participantKind,
				name: input.name,
				email: input.email ?? null,
				telephone: input.telephone ?? null,
				locale: input.locale,
				smsRefused: input.smsRefused,
				contactConsent: input.contactConsent,
				...suiviConsentColumns(input.suiviConsent === true, now),
				manageTokenHash: keyHash,
				requestKeyHash: keyHash,
				source: input.source,
				campagneId: input.campagneId ?? null,
				createdAt: now,
				confirmedAt: status === 'confirmee' ? now : null
			})
			.returning()
			.get();
		if (inscription.campagneId !== null)
			countForCampagne(
				tx,
				campagneInscriptions,
				inscription.campagneId,
				now.toISOString().slice(0, 7),
				departementsOf(tx, evenement.id)[0] ?? ''
			);
		notify(
			tx,
			config,
			status === 'confirmee' ? 'confirmation' : 'attente',
			evenement,
			inscription,
			now,
			input.token
		);
		return ok({ inscription, replayed: false });
	});
}

/**
 * Gives freed seats to the waiting list, in order, and tells the people promoted. Their manage
 * token is not known here (only its hash is stored): the message points to the manage link of
 * their first message, which still works. Returns the ids promoted.
 */
export function promoteWaiting(
	tx: Executor,
	config: MessagesConfig,
	evenement: Evenement,
	now: Date
): number[] {
	if (evenement.status !== 'publie' || now >= evenement.startsAt) return [];
	const waiting = tx
		.select()
		.from(inscriptions)
		.where(and(eq(inscriptions.evenementId, evenement.id), eq(inscriptions.status, 'attente')))
		.orderBy(asc(inscriptions.createdAt), asc(inscriptions.id))
		.all();
	const ids = promotions(evenement.capacity, confirmedSeats(tx, evenement.id), waiting);
	if (ids.length === 0) return [];
	tx.update(inscriptions)
		.set({ status: 'confirmee', confirmedAt: now })
		.where(inArray(inscriptions.id, ids))
		.run();
	for (const inscription of waiting.filter((w) => ids.includes(w.id)))
		notify(tx, config, 'promotion', evenement, { ...inscription, status: 'confirmee' }, now);
	return ids;
}

export function inscriptionByToken(
	db: Executor,
	token: string
): { inscription: Inscription; evenement: Evenement } | undefined {
	const row = db
		.select({ inscription: inscriptions, evenement: evenements })
		.from(inscriptions)
		.innerJoin(evenements, eq(evenements.id, inscriptions.evenementId))
		.where(eq(inscriptions.manageTokenHash, hashToken(token)))
		.get();
	return row ?? undefined;
}

/** The person cancels their registration (manage link); a freed seat goes to the waiting list. */
export function cancelInscription(
	db: Db,
	config: MessagesConfig,
	token: string,
	now: Date
): Result<{ promoted: number[] }, 'evenements:errors.notFound'> {
	return transact(db, (tx) => {
		const found = inscriptionByToken(tx, token);
		if (!found) return refused('evenements:errors.notFound', 404);
		if (found.inscription.status === 'annulee') return ok({ promoted: [] });
		tx.update(inscriptions)
			.set({ status: 'annulee', cancelledAt: now })
			.where(eq(inscriptions.id, found.inscription.id))
			.run();
		deletePendingMessages(tx, found.inscription.id);
		return ok({ promoted: promoteWaiting(tx, config, found.evenement, now) });
	});
}

/** The person erases their registration (ADR 017): the row and its pending messages go. */
export function eraseInscription(
	db: Db,
	config: MessagesConfig,
	token: string,
	now: Date
): Result<undefined, 'evenements:errors.notFound'> {
	return transact(db, (tx) => {
		const found = inscriptionByToken(tx, token);
		if (!found) return refused('evenements:errors.notFound', 404);
		deletePendingMessages(tx, found.inscription.id);
		tx.delete(inscriptions).where(eq(inscriptions.id, found.inscription.id)).run();
		if (found.inscription.status === 'confirmee') promoteWaiting(tx, config, found.evenement, now);
		return ok();
	});
}

/** The départements of an évènement. */
export function departementsOf(tx: Executor, evenementId: number): string[] {
	return tx
		.select({ code: evenementDepartements.departementCode })
		.from(evenementDepartements)
		.where(eq(evenementDepartements.evenementId, evenementId))
		.all()
		.map((row) => row.code);
}

/** The ids of the évènements of some départements. */
export function evenementIdsIn(tx: Executor, codes: readonly string[]): number[] {
	if (codes.length === 0) return [];
	return tx
		.selectDistinct({ id: evenementDepartements.evenementId })
		.from(evenementDepartements)
		.where(inArray(evenementDepartements.departementCode, [...codes]))
		.all()
		.map((row) => row.id);
}
