/**
 * Registration to an évènement (ADR 043): capacity, waiting list and promotion in one
 * transaction. better-sqlite3 runs a transaction synchronously and `transact` opens it
 * IMMEDIATE (the write lock first), so two registrations never read the same seats; on
 * PostgreSQL the same function would start with `SELECT … FROM evenements WHERE id = $1 FOR
 * UPDATE`, which serialises the registrations of one évènement the same way.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { lockKeys, type Db, type Executor } from '$lib/server/db/index';
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

export async function confirmedSeats(tx: Executor, evenementId: number): Promise<number> {
	return seatsHeld(
		await tx
			.select({ places: inscriptions.places })
			.from(inscriptions)
			.where(and(eq(inscriptions.evenementId, evenementId), eq(inscriptions.status, 'confirmee')))
	);
}

/**
 * Registers a person: a seat if the seats they ask for are free, else the waiting list. A
 * replayed form (same token) answers the registration it made, without a second one.
 */
export async function register(
	db: Db,
	config: MessagesConfig,
	input: RegistrationInput,
	now: Date
): Promise<Result<{ inscription: Inscription; replayed: boolean }, RegistrationRefusal>> {
	const keyHash = hashToken(input.token);
	type Outcome = Result<{ inscription: Inscription; replayed: boolean }, RegistrationRefusal>;
	return transact(db, async (tx): Promise<Outcome> => {
		const [existing] = await tx
			.select()
			.from(inscriptions)
			.where(eq(inscriptions.requestKeyHash, keyHash));
		if (existing) {
			if (existing.evenementId !== input.evenementId)
				return refused('evenements:errors.notFound', 404);
			return ok({ inscription: existing, replayed: true });
		}
		// PostgreSQL: the seats are counted then taken by one registration at a time (ADR 043, 050).
		await lockKeys(tx, `evenement:${input.evenementId}`);
		const [evenement] = await tx
			.select()
			.from(evenements)
			.where(eq(evenements.id, input.evenementId));
		if (!evenement || !visibleTo(evenement, input.code))
			return evenement?.invitationOnly && evenement.status !== 'brouillon'
				? refused('evenements:errors.code', 400, { field: 'code' })
				: refused('evenements:errors.notFound', 404);
		if (!registrationOpen(evenement, now)) return refused('evenements:errors.closed', 409);
		if (input.participantKind === 'employeur' && !evenement.employersAllowed)
			return refused('evenements:errors.employers', 400, { field: 'participantKind' });
		const places = evenement.kind === 'forum' ? input.places : 1;
		const status = fits(evenement.capacity, await confirmedSeats(tx, evenement.id), places)
			? 'confirmee'
			: 'attente';
		const [inscription] = await tx
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
			.returning();
		if (inscription!.campagneId !== null)
			await countForCampagne(
				tx,
				campagneInscriptions,
				inscription!.campagneId,
				now.toISOString().slice(0, 7),
				(await departementsOf(tx, evenement.id))[0] ?? ''
			);
		await notify(
			tx,
			config,
			status === 'confirmee' ? 'confirmation' : 'attente',
			evenement,
			inscription!,
			now,
			input.token
		);
		return ok({ inscription: inscription!, replayed: false });
	});
}

/**
 * Gives freed seats to the waiting list, in order, and tells the people promoted. Their manage
 * token is not known here (only its hash is stored): the message points to the manage link of
 * their first message, which still works. Returns the ids promoted.
 */
export async function promoteWaiting(
	tx: Executor,
	config: MessagesConfig,
	evenement: Evenement,
	now: Date
): Promise<number[]> {
	if (evenement.status !== 'publie' || now >= evenement.startsAt) return [];
	const waiting = await tx
		.select()
		.from(inscriptions)
		.where(and(eq(inscriptions.evenementId, evenement.id), eq(inscriptions.status, 'attente')))
		.orderBy(asc(inscriptions.createdAt), asc(inscriptions.id));
	const ids = promotions(evenement.capacity, await confirmedSeats(tx, evenement.id), waiting);
	if (ids.length === 0) return [];
	await tx
		.update(inscriptions)
		.set({ status: 'confirmee', confirmedAt: now })
		.where(inArray(inscriptions.id, ids));
	for (const inscription of waiting.filter((w) => ids.includes(w.id)))
		await notify(tx, config, 'promotion', evenement, { ...inscription, status: 'confirmee' }, now);
	return ids;
}

export async function inscriptionByToken(
	db: Executor,
	token: string
): Promise<{ inscription: Inscription; evenement: Evenement } | undefined> {
	const [row] = await db
		.select({ inscription: inscriptions, evenement: evenements })
		.from(inscriptions)
		.innerJoin(evenements, eq(evenements.id, inscriptions.evenementId))
		.where(eq(inscriptions.manageTokenHash, hashToken(token)));
	return row ?? undefined;
}

/** The person cancels their registration (manage link); a freed seat goes to the waiting list. */
export async function cancelInscription(
	db: Db,
	config: MessagesConfig,
	token: string,
	now: Date
): Promise<Result<{ promoted: number[] }, 'evenements:errors.notFound'>> {
	return transact(db, async (tx) => {
		const found = await inscriptionByToken(tx, token);
		if (!found) return refused('evenements:errors.notFound', 404);
		if (found.inscription.status === 'annulee') return ok({ promoted: [] });
		await tx
			.update(inscriptions)
			.set({ status: 'annulee', cancelledAt: now })
			.where(eq(inscriptions.id, found.inscription.id));
		await deletePendingMessages(tx, found.inscription.id);
		return ok({ promoted: await promoteWaiting(tx, config, found.evenement, now) });
	});
}

/** The person erases their registration (ADR 017): the row and its pending messages go. */
export async function eraseInscription(
	db: Db,
	config: MessagesConfig,
	token: string,
	now: Date
): Promise<Result<undefined, 'evenements:errors.notFound'>> {
	return transact(db, async (tx) => {
		const found = await inscriptionByToken(tx, token);
		if (!found) return refused('evenements:errors.notFound', 404);
		await deletePendingMessages(tx, found.inscription.id);
		await tx.delete(inscriptions).where(eq(inscriptions.id, found.inscription.id));
		if (found.inscription.status === 'confirmee')
			await promoteWaiting(tx, config, found.evenement, now);
		return ok();
	});
}

/** The départements of an évènement. */
export async function departementsOf(tx: Executor, evenementId: number): Promise<string[]> {
	return (
		await tx
			.select({ code: evenementDepartements.departementCode })
			.from(evenementDepartements)
			.where(eq(evenementDepartements.evenementId, evenementId))
	).map((row) => row.code);
}

/** The ids of the évènements of some départements. */
export async function evenementIdsIn(tx: Executor, codes: readonly string[]): Promise<number[]> {
	if (codes.length === 0) return [];
	return (
		await tx
			.selectDistinct({ id: evenementDepartements.evenementId })
			.from(evenementDepartements)
			.where(inArray(evenementDepartements.departementCode, [...codes]))
	).map((row) => row.id);
}
