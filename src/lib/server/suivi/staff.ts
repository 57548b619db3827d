/**
 * The follow-up as the demande page shows it (ADR 045): the consent, where the follow-up
 * stands, the answer's categories. The phone record is `recordByPhone` (answer.ts).
 */
import { eq } from 'drizzle-orm';
import type { Db, Executor } from '$lib/server/db/index';
import { audit } from '$lib/server/auth/guard';
import type { Result } from '$lib/server/result';
import { recordByPhone, type PhoneAnswer } from './answer';
import { demandes, suivis, type Suivi } from '$lib/server/db/schema';
import { categoriesOf, type SituationCategory } from '$lib/suivi/situation';

export type SuiviState = 'none' | 'sent' | 'expired' | 'answered';

export interface SuiviStatus {
	consent: 'none' | 'given' | 'withdrawn';
	consentAt: string | null;
	state: SuiviState;
	sentAt: string | null;
	remindedAt: string | null;
	answeredAt: string | null;
	channel: Suivi['channel'];
	categories: SituationCategory[];
	comment: string | null;
	wantsCallback: boolean;
	callbackReference: string | null;
}

/** The follow-up of the demande `reference` (the caller checked the scope), or null. */
export async function suiviStatus(
	db: Executor,
	reference: string,
	now: Date
): Promise<SuiviStatus | null> {
	const [demande] = await db
		.select({
			id: demandes.id,
			consentAt: demandes.suiviConsentAt,
			withdrawnAt: demandes.suiviConsentWithdrawnAt
		})
		.from(demandes)
		.where(eq(demandes.reference, reference));
	if (!demande) return null;
	const [suivi] = await db.select().from(suivis).where(eq(suivis.demandeId, demande.id));
	const callback = suivi?.callbackDemandeId
		? (
				await db
					.select({ reference: demandes.reference })
					.from(demandes)
					.where(eq(demandes.id, suivi.callbackDemandeId))
			)[0]
		: undefined;
	const answered = suivi?.answeredAt ? suivi : null;
	return {
		consent: demande.withdrawnAt ? 'withdrawn' : demande.consentAt ? 'given' : 'none',
		consentAt: demande.consentAt?.toISOString() ?? null,
		state: !suivi
			? 'none'
			: suivi.answeredAt
				? 'answered'
				: suivi.expiresAt && suivi.expiresAt.getTime() <= now.getTime()
					? 'expired'
					: 'sent',
		sentAt: suivi?.sentAt?.toISOString() ?? null,
		remindedAt: suivi?.remindedAt?.toISOString() ?? null,
		answeredAt: suivi?.answeredAt?.toISOString() ?? null,
		channel: suivi?.channel ?? null,
		categories:
			answered && answered.arret && answered.emploi
				? categoriesOf({
						arret: answered.arret,
						emploi: answered.emploi,
						formation: answered.formation ?? 'non',
						recherche: answered.recherche ?? 'non',
						invalidite: answered.invalidite ?? 'non',
						retraite: answered.retraite === true,
						autre: answered.autre === true
					})
				: [],
		comment: answered?.comment ?? null,
		wantsCallback: answered?.wantsCallback === true,
		callbackReference: callback?.reference ?? null
	};
}

/** Records a follow-up obtained by phone, and audits it (no answer in the audit log). */
export async function recordSuiviByPhone(
	db: Db,
	staffId: number,
	demande: { id: number; reference: string; departementCode: string },
	form: PhoneAnswer,
	now: Date
): Promise<Result<number>> {
	const outcome = await recordByPhone(db, { demandeId: demande.id }, staffId, form, now);
	if (outcome.ok)
		await audit(
			db,
			{
				userId: staffId,
				action: 'suivi_recorded',
				demandeReference: demande.reference,
				departementCode: demande.departementCode
			},
			now
		);
	return outcome;
}
