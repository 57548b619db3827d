/**
 * A registration's follow-up obtained by phone (ADR 045 addendum): the person agreed to be
 * followed up at registration and the service called them (they did not answer the link, or
 * answered the call). Same questions and callback choice as the person's page; the staff of the
 * évènement's attendance list (its départements) record it; the one-time link is then spent.
 */
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '$lib/server/db/index';
import { inscriptions, suivis, type Inscription } from '$lib/server/db/schema';
import { audit, type StaffContext } from '$lib/server/auth/guard';
import type { BookingService } from '$lib/server/booking/service';
import { evenementFor } from '$lib/server/evenements/staff';
import { ok, refused, type Result } from '$lib/server/result';
import { onlineForm, openCallback, recordByPhone, type SuiviOwner } from './answer';

/** The staff's form: the person's (situation, comment, « souhaitez-vous être recontacté(e) ? »). */
export const inscriptionPhoneForm = onlineForm;
type PhoneAnswer = ReturnType<typeof inscriptionPhoneForm.schema.parse>;

type Refusal =
	| 'evenements:staff.errors.notFound'
	| 'suivi:staff.inscription.noConsent'
	| 'suivi:staff.inscription.alreadyAnswered';

const liveConsent = (i: Pick<Inscription, 'suiviConsentAt' | 'suiviConsentWithdrawnAt'>) =>
	i.suiviConsentAt !== null && i.suiviConsentWithdrawnAt === null;

/**
 * The registrations among `rows` whose follow-up staff may record by phone: a live consent and
 * no answer yet (whether or not the message was sent).
 */
export async function awaitingPhoneSuivi(
	db: Db,
	rows: readonly Inscription[]
): Promise<Set<number>> {
	const consenting = rows.filter(liveConsent).map((i) => i.id);
	if (consenting.length === 0) return new Set();
	const answered = await db
		.select({ id: suivis.inscriptionId })
		.from(suivis)
		.where(and(inArray(suivis.inscriptionId, consenting), isNotNull(suivis.answeredAt)));
	const done = new Set(answered.map((row) => row.id));
	return new Set(consenting.filter((id) => !done.has(id)));
}

/**
 * The registration `inscriptionId` of the évènement `evenementId` if the staff member works one
 * of its départements (else 404: existence not revealed), and whether its follow-up may be
 * recorded (a live consent, not answered yet).
 */
export async function phoneSuiviTarget(
	db: Db,
	staff: StaffContext,
	evenementId: number,
	inscriptionId: number
): Promise<Result<{ owner: SuiviOwner & { kind: 'inscription' } }, Refusal>> {
	const found = await evenementFor(db, staff, evenementId);
	if (!found) return refused('evenements:staff.errors.notFound', 404);
	const [inscription] = await db
		.select()
		.from(inscriptions)
		.where(and(eq(inscriptions.id, inscriptionId), eq(inscriptions.evenementId, evenementId)));
	if (!inscription) return refused('evenements:staff.errors.notFound', 404);
	if (!liveConsent(inscription)) return refused('suivi:staff.inscription.noConsent', 409);
	const [answered] = await db
		.select({ id: suivis.id })
		.from(suivis)
		.where(and(eq(suivis.inscriptionId, inscriptionId), isNotNull(suivis.answeredAt)));
	if (answered) return refused('suivi:staff.inscription.alreadyAnswered', 409);
	// The évènement's first (lowest-coded) département, as its follow-up counts (ADR 045 addendum).
	const departement = [...found.departements].sort()[0] ?? '';
	return ok({
		owner: { kind: 'inscription', inscription, evenement: found.evenement, departement }
	});
}

/**
 * Opens the phone-record page of a registration's follow-up: the target, and when the page shows
 * the person (their name, the évènement), a `suivi_inscription_read` line in the audit log, as
 * every read of a person's record is audited (ADR 030). A refusal shows nobody: not audited.
 */
export async function openPhoneSuivi(
	db: Db,
	staff: StaffContext,
	evenementId: number,
	inscriptionId: number,
	now: Date
): ReturnType<typeof phoneSuiviTarget> {
	const target = await phoneSuiviTarget(db, staff, evenementId, inscriptionId);
	if (target.ok)
		await audit(
			db,
			{
				userId: staff.user.id,
				action: 'suivi_inscription_read',
				departementCode: target.value.owner.departement,
				details: { evenement: evenementId, inscription: inscriptionId }
			},
			now
		);
	return target;
}

/**
 * Records the follow-up a staff member obtained by phone for a registration, with channel
 * `telephone` and who recorded it; « oui » to the callback opens a callback demande as the
 * person's own answer does. Audited `suivi_inscription_recorded` (no answer in the audit log).
 */
export async function recordInscriptionSuiviByPhone(
	db: Db,
	service: BookingService,
	staff: StaffContext,
	target: { evenementId: number; inscriptionId: number },
	form: PhoneAnswer,
	now: Date
): Promise<Result<undefined, Refusal>> {
	const found = await phoneSuiviTarget(db, staff, target.evenementId, target.inscriptionId);
	if (!found.ok) return found;
	const { owner } = found.value;
	const recorded = await recordByPhone(
		db,
		{ inscriptionId: owner.inscription.id },
		staff.user.id,
		form,
		now
	);
	if (!recorded.ok) return refused('suivi:staff.inscription.alreadyAnswered', 409);
	if (form.rappel === 'oui') await openCallback(db, service, owner, recorded.value);
	await audit(
		db,
		{
			userId: staff.user.id,
			action: 'suivi_inscription_recorded',
			departementCode: owner.departement,
			details: { evenement: owner.evenement.id, inscription: owner.inscription.id }
		},
		now
	);
	return ok();
}
