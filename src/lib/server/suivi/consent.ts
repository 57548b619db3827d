/**
 * The consent to the follow-up (ADR 045): given on the person's own forms (booking, callback
 * request, registration to an évènement), recorded with its date and wording version, withdrawn
 * from the personal link. Nobody without it is ever contacted.
 */
import { and, eq, isNotNull, isNull, like } from 'drizzle-orm';
import { changedRows, lockKeys, type Db, type Executor } from '$lib/server/db/index';
import { demandes, inscriptions, outbox, suivis, type Demande } from '$lib/server/db/schema';
import { SUIVI_CONSENT_VERSION } from '$lib/suivi/situation';

/**
 * The lock the follow-up job and a consent's withdrawal share on PostgreSQL (ADR 050): SQLite's
 * one writer kept a withdrawal from landing between the job's reading and its writing (ADR 047).
 */
export const SUIVI_JOB_LOCK = 'suivi-job';

/** The columns of a new row (a demande, a registration) that record the consent, if given. */
export function suiviConsentColumns(
	given: boolean,
	now: Date
): { suiviConsentAt: Date | null; suiviConsentVersion: string | null } {
	return given
		? { suiviConsentAt: now, suiviConsentVersion: SUIVI_CONSENT_VERSION }
		: { suiviConsentAt: null, suiviConsentVersion: null };
}

/**
 * Withdraws the consent of a demande: nothing more is sent (an unanswered follow-up and its
 * unsent messages go, with its link). An answer already given stays with the demande.
 * Returns false when there was no consent to withdraw.
 */
export async function withdrawSuiviConsent(
	db: Executor,
	demandeId: number,
	now: Date
): Promise<boolean> {
	// The three statements in one transaction: never a withdrawn consent with its follow-up left.
	return db.transaction(async (tx) => {
		// PostgreSQL: never between the follow-up job's reading and its writing (ADR 050).
		await lockKeys(tx, SUIVI_JOB_LOCK);
		const changed = changedRows(
			await tx
				.update(demandes)
				.set({ suiviConsentWithdrawnAt: now })
				.where(
					and(
						eq(demandes.id, demandeId),
						isNotNull(demandes.suiviConsentAt),
						isNull(demandes.suiviConsentWithdrawnAt)
					)
				)
		);
		if (changed === 0) return false;
		await tx.delete(suivis).where(and(eq(suivis.demandeId, demandeId), isNull(suivis.answeredAt)));
		await tx
			.delete(outbox)
			.where(
				and(
					eq(outbox.demandeId, demandeId),
					isNull(outbox.sentAt),
					like(outbox.dedupeKey, '%:suivi%')
				)
			);
		return true;
	});
}

/**
 * The base of the dedupe keys of a registration's follow-up messages (`…`, `…:rappel`, and
 * `:sms` after either): under the registration's prefix (`inscription:<id>:`, ADR 043), so an
 * erasure or a purge deletes them with its other pending messages.
 */
export const inscriptionSuiviKey = (inscriptionId: number) => `inscription:${inscriptionId}:suivi`;

/**
 * Withdraws the consent of a registration to an évènement (its manage page, ADR 045 addendum):
 * an unanswered follow-up, its link and its unsent messages go; the registration is then purged
 * like the others. Returns false when there was no consent to withdraw.
 */
export async function withdrawInscriptionSuiviConsent(
	db: Db,
	inscriptionId: number,
	now: Date
): Promise<boolean> {
	// The three statements in one transaction: never a withdrawn consent with its follow-up left.
	return db.transaction(async (tx) => {
		// PostgreSQL: never between the follow-up job's reading and its writing (ADR 050).
		await lockKeys(tx, SUIVI_JOB_LOCK);
		const changed = changedRows(
			await tx
				.update(inscriptions)
				.set({ suiviConsentWithdrawnAt: now })
				.where(
					and(
						eq(inscriptions.id, inscriptionId),
						isNotNull(inscriptions.suiviConsentAt),
						isNull(inscriptions.suiviConsentWithdrawnAt)
					)
				)
		);
		if (changed === 0) return false;
		await tx
			.delete(suivis)
			.where(and(eq(suivis.inscriptionId, inscriptionId), isNull(suivis.answeredAt)));
		await tx
			.delete(outbox)
			.where(
				and(like(outbox.dedupeKey, `${inscriptionSuiviKey(inscriptionId)}%`), isNull(outbox.sentAt))
			);
		return true;
	});
}

/** The follow-up in the person's data download (right of access): consent and answer. */
export async function suiviExport(db: Executor, demande: Demande) {
	const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
	const [suivi] = await db.select().from(suivis).where(eq(suivis.demandeId, demande.id));
	return {
		consentAt: iso(demande.suiviConsentAt),
		consentVersion: demande.suiviConsentVersion,
		consentWithdrawnAt: iso(demande.suiviConsentWithdrawnAt),
		sentAt: iso(suivi?.sentAt),
		remindedAt: iso(suivi?.remindedAt),
		answeredAt: iso(suivi?.answeredAt),
		answer: suivi?.answeredAt
			? {
					channel: suivi.channel,
					version: suivi.version,
					arret: suivi.arret,
					emploi: suivi.emploi,
					formation: suivi.formation,
					recherche: suivi.recherche,
					invalidite: suivi.invalidite,
					retraite: suivi.retraite,
					autre: suivi.autre,
					comment: suivi.comment,
					wantsCallback: suivi.wantsCallback
				}
			: null
	};
}
