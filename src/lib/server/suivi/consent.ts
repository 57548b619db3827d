/**
 * The consent to the follow-up (ADR 045): given on the person's own forms (booking, callback
 * request, registration to an évènement), recorded with its date and wording version, withdrawn
 * from the personal link. Nobody without it is ever contacted.
 */
import { and, eq, isNotNull, isNull, like, type SQL } from 'drizzle-orm';
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

/** The rows that carry a consent: a demande, a registration to an évènement. */
type ConsentTable = typeof demandes | typeof inscriptions;

/**
 * A withdrawal, in one transaction (never a withdrawn consent with its follow-up left): under
 * the follow-up job's lock (PostgreSQL, ADR 050: never between its reading and its writing), the
 * row `id` of `table` records the withdrawal if it holds a consent not yet withdrawn; then its
 * unanswered follow-up (`suivi`, which names the row's follow-up) and its unsent follow-up
 * messages (`messages`, which names them in the outbox) go. Returns false when there was no
 * consent to withdraw.
 */
async function withdrawConsent(
	db: Executor,
	table: ConsentTable,
	id: number,
	now: Date,
	pending: { suivi: SQL; messages: SQL }
): Promise<boolean> {
	return db.transaction(async (tx) => {
		await lockKeys(tx, SUIVI_JOB_LOCK);
		const changed = changedRows(
			await tx
				.update(table)
				.set({ suiviConsentWithdrawnAt: now })
				.where(
					and(
						eq(table.id, id),
						isNotNull(table.suiviConsentAt),
						isNull(table.suiviConsentWithdrawnAt)
					)
				)
		);
		if (changed === 0) return false;
		await tx.delete(suivis).where(and(pending.suivi, isNull(suivis.answeredAt)));
		await tx.delete(outbox).where(and(pending.messages, isNull(outbox.sentAt)));
		return true;
	});
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
	return withdrawConsent(db, demandes, demandeId, now, {
		suivi: eq(suivis.demandeId, demandeId),
		messages: and(eq(outbox.demandeId, demandeId), like(outbox.dedupeKey, '%:suivi%'))!
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
	return withdrawConsent(db, inscriptions, inscriptionId, now, {
		suivi: eq(suivis.inscriptionId, inscriptionId),
		messages: like(outbox.dedupeKey, `${inscriptionSuiviKey(inscriptionId)}%`)
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
