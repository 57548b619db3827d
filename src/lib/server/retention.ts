import { and, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { changedRows, type Db } from '$lib/server/db/index';
import { instant } from '$lib/server/db/instant';
import {
	resultLevelOnly,
	auditLog,
	demandeEvents,
	demandes,
	outbox,
	questionnaireDrafts,
	rendezVous
} from '$lib/server/db/schema';
import { DraftStore } from '$lib/server/questionnaire/drafts';
import { purgeSentMails } from '$lib/server/mail/outbox';
import { foldSuivis } from '$lib/server/suivi/stats';

/**
 * Retention (RGPD), docs/retention.md and ADR 021. One idempotent run: calling it twice with
 * the same `now` changes nothing the second time. The clock is a parameter (tests, replays).
 */
export interface RetentionPolicy {
	/** Anonymous questionnaire drafts and results nobody sent (DRAFT_TTL_DAYS). */
	draftTtlDays: number;
	/** Closed or cancelled demandes are anonymised this long after closing (RETENTION_DEMANDES_MONTHS). */
	demandesMonths: number;
	/** Audit log rows older than this are deleted (AUDIT_RETENTION_MONTHS). */
	auditMonths: number;
	/** Sent mails (they hold personal data) are deleted after this many days. */
	sentMailDays: number;
}

export const SENT_MAIL_RETENTION_DAYS = 30;

export interface RetentionReport {
	draftsDeleted: number;
	demandesAnonymised: number;
	auditRowsDeleted: number;
	sentMailsDeleted: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `months` calendar months before `now` (UTC; the 31st falls back to the month's end). */
export function monthsBefore(now: Date, months: number): Date {
	const date = new Date(now.getTime());
	const day = date.getUTCDate();
	date.setUTCDate(1);
	date.setUTCMonth(date.getUTCMonth() - months);
	const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
	date.setUTCDate(Math.min(day, lastDay));
	return date;
}

/**
 * When a demande ended: its closing time (cloturee, or annulee when recorded), else for a
 * cancelled one the latest cancellation of its rendez-vous, else its creation (a cancelled
 * callback request without any trace of when).
 */
const endedAt = sql<number>`coalesce(${demandes.closedAt}, (select max(${rendezVous.cancelledAt}) from ${rendezVous} where ${rendezVous.demandeId} = ${demandes.id}), ${demandes.createdAt})`;

/** Ids of closed/cancelled demandes, not yet anonymised, that ended at or before `before`. */
async function demandesToAnonymise(db: Db, before: Date): Promise<number[]> {
	return (
		await db
			.select({ id: demandes.id })
			.from(demandes)
			.where(
				and(
					isNull(demandes.anonymisedAt),
					or(
						and(eq(demandes.status, 'cloturee'), lte(endedAt, instant(before))),
						and(eq(demandes.status, 'annulee'), lte(endedAt, instant(before)))
					)
				)
			)
	).map((row) => row.id);
}

/**
 * Removes a demande's personal data and keeps what statistics need: kind, status,
 * département, source, dates, outcome, the result's level only, its rendez-vous and events
 * (without their notes). The manage link stops working. Pending and sent mails about it go.
 */
async function anonymise(db: Db, ids: number[], now: Date): Promise<number> {
	if (ids.length === 0) return 0;
	let changed = 0;
	// Follow-ups become counts first: only aggregates survive anonymisation (ADR 045).
	await foldSuivis(db, ids);
	for (let start = 0; start < ids.length; start += 500) {
		const chunk = ids.slice(start, start + 500);
		changed += changedRows(
			await db
				.update(demandes)
				.set({
					nom: '',
					prenom: '',
					email: null,
					telephone: null,
					nir: null,
					emailKey: null,
					phoneKey: null,
					message: null,
					orienteur: null,
					profile: null,
					answers: null,
					// Only the level stays ({"level": "…"}), for the statistics by level.
					result: resultLevelOnly,
					// A value no token hashes to: the manage link of an anonymised demande is dead.
					manageTokenHash: sql`'anonymised:' || ${demandes.id}`,
					anonymisedAt: now
				})
				.where(and(inArray(demandes.id, chunk), isNull(demandes.anonymisedAt)))
		);
		await db
			.update(demandeEvents)
			.set({ note: null })
			.where(inArray(demandeEvents.demandeId, chunk));
		await db.delete(outbox).where(inArray(outbox.demandeId, chunk));
	}
	return changed;
}

/** One retention run at `now`, in one transaction. */
export async function runRetention(
	db: Db,
	now: Date,
	policy: RetentionPolicy
): Promise<RetentionReport> {
	return db.transaction(async (tx) => {
		const txDb = tx as unknown as Db;
		const store = new DraftStore(txDb, policy.draftTtlDays, () => now);
		// Expired drafts, and drafts untouched for longer than the policy (if it was shortened).
		let draftsDeleted = await store.purgeExpired();
		draftsDeleted += changedRows(
			await tx
				.delete(questionnaireDrafts)
				.where(
					lte(questionnaireDrafts.updatedAt, new Date(now.getTime() - policy.draftTtlDays * DAY_MS))
				)
		);
		const demandesAnonymised = await anonymise(
			txDb,
			await demandesToAnonymise(txDb, monthsBefore(now, policy.demandesMonths)),
			now
		);
		const auditRowsDeleted = changedRows(
			await tx.delete(auditLog).where(lte(auditLog.at, monthsBefore(now, policy.auditMonths)))
		);
		const sentMailsDeleted = await purgeSentMails(
			tx,
			new Date(now.getTime() - policy.sentMailDays * DAY_MS)
		);
		return { draftsDeleted, demandesAnonymised, auditRowsDeleted, sentMailsDeleted };
	});
}

/** The policy from the validated environment. */
export function retentionPolicyFrom(config: {
	DRAFT_TTL_DAYS: number;
	RETENTION_DEMANDES_MONTHS: number;
	AUDIT_RETENTION_MONTHS: number;
}): RetentionPolicy {
	return {
		draftTtlDays: config.DRAFT_TTL_DAYS,
		demandesMonths: config.RETENTION_DEMANDES_MONTHS,
		auditMonths: config.AUDIT_RETENTION_MONTHS,
		sentMailDays: SENT_MAIL_RETENTION_DAYS
	};
}
