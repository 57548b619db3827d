/*
 * A registration's follow-up obtained by phone (ADR 045 addendum), over a real migrated SQLite:
 * recorded with its channel, who recorded it and the questions' version; counted in the cohort
 * under the source « évènement »; the link sent is spent; a callback asked opens a demande;
 * refused outside the staff member's départements, without consent, after a withdrawal, once
 * answered; bad input stores nothing.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, demandes, inscriptions, outbox, suivis } from '$lib/server/db/schema';
import { register } from '$lib/server/evenements/registration';
import { formAction } from '$lib/server/forms';
import { recordAttendance } from '$lib/server/evenements/staff';
import { linkKey } from '$lib/server/mail/link-key';
import { unsealToken } from '$lib/server/mail/seal';
import { suiviOfLink } from '$lib/server/suivi/answer';
import { withdrawInscriptionSuiviConsent } from '$lib/server/suivi/consent';
import {
	awaitingPhoneSuivi,
	inscriptionPhoneForm,
	openPhoneSuivi,
	recordInscriptionSuiviByPhone
} from '$lib/server/suivi/inscription-phone';
import { runSuivis } from '$lib/server/suivi/job';
import { EVENEMENT, suiviCounts } from '$lib/server/suivi/stats';
import { cohortTable } from '$lib/suivi/stats';
import { SUIVI_VERSION } from '$lib/suivi/situation';
import { bookingWorld } from '../helpers/booking';
import { addStaff } from '../fixtures/staff';
import { publishedEvenement, registration } from '../fixtures/evenements';

// The évènement is Thursday 10 December 2026, 14:00–15:30 in La Réunion.
const T0 = new Date('2026-12-07T08:00:00Z');
const DURING = new Date('2026-12-10T10:30:00Z');
/** Six months and a day after the évènement ended. */
const DUE = new Date('2027-06-11T12:00:00Z');
const messagesConfig = { baseUrl: 'https://portail.example', isDemo: false };

async function world() {
	const { db, service } = await bookingWorld(T0);
	const responsable = await addStaff(db, 'Payet', 'responsable', ['974'], T0);
	const agent = await addStaff(db, 'Grondin', 'agent', ['974'], T0);
	const elsewhere = await addStaff(db, 'Hoarau', 'agent', ['971'], T0);
	const id = await publishedEvenement(db, responsable, T0, {});
	const enrol = async (name: string, suiviConsent: boolean) => {
		const input = registration(id, {
			name,
			email: `${name.toLowerCase()}@example.org`,
			suiviConsent
		});
		const outcome = await register(db, messagesConfig, input, T0);
		if (!outcome.ok) throw new Error('registration refused');
		return { id: outcome.value.inscription.id, token: input.token };
	};
	const record = (
		staff: typeof agent,
		inscriptionId: number,
		form: Record<string, unknown>,
		now = DUE
	) =>
		recordInscriptionSuiviByPhone(
			db,
			service,
			staff,
			{ evenementId: id, inscriptionId },
			inscriptionPhoneForm.schema.parse(form),
			now
		);
	return { db, service, id, responsable, agent, elsewhere, enrol, record };
}

const answer = { arret: 'non', emploi: 'autre_employeur', autres: ['autre'], comment: ' Va bien ' };
type World = Awaited<ReturnType<typeof world>>;
const rows = (db: World['db']) => db.select().from(suivis);
const registrationsOf = (db: World['db'], id: number) =>
	db.select().from(inscriptions).where(eq(inscriptions.evenementId, id));

describe('a registration’s follow-up recorded by phone', () => {
	it('records it with channel, recorder and version, spends the link sent, and counts it under the évènement source', async () => {
		const { db, id, responsable, agent, enrol, record } = await world();
		const agathe = await enrol('Agathe', true);
		expect((await recordAttendance(db, responsable, id, [agathe.id], DURING)).ok).toBe(true);
		expect(await runSuivis(db, { months: 6, ...messagesConfig }, DUE)).toEqual({
			sent: 1,
			reminded: 0
		});
		const [message] = await db
			.select()
			.from(outbox)
			.where(eq(outbox.dedupeKey, `inscription:${agathe.id}:suivi`));
		const token = unsealToken(message!.sealedToken!, linkKey())!;
		expect(await suiviOfLink(db, token, DUE)).toMatchObject({ ok: true, value: { open: true } });
		expect(await awaitingPhoneSuivi(db, await registrationsOf(db, id))).toEqual(
			new Set([agathe.id])
		);

		expect(await record(agent, agathe.id, answer)).toEqual({ ok: true, value: undefined });
		expect(await rows(db)).toEqual([
			expect.objectContaining({
				inscriptionId: agathe.id,
				demandeId: null,
				channel: 'telephone',
				recordedBy: agent.user.id,
				version: SUIVI_VERSION,
				answeredAt: DUE,
				arret: 'non',
				emploi: 'autre_employeur',
				autre: true,
				comment: 'Va bien',
				wantsCallback: false,
				callbackDemandeId: null,
				sealedToken: null
			})
		]);
		// The one-time link is spent; the attendance list no longer offers the record.
		expect(await suiviOfLink(db, token, DUE)).toMatchObject({ ok: true, value: { open: false } });
		expect(await awaitingPhoneSuivi(db, await registrationsOf(db, id))).toEqual(new Set());
		// Audited with its type, without the answer.
		const [line] = await db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'suivi_inscription_recorded'));
		expect(line).toMatchObject({ userId: agent.user.id, departementCode: '974' });
		expect(JSON.stringify(line)).not.toContain('autre_employeur');

		const row = cohortTable((await suiviCounts(db, ['974'])).cohort, 'source').rows.find(
			(r) => r.key === EVENEMENT
		);
		expect(row).toMatchObject({ contacted: 1, answered: 1 });
		expect(row!.categories.emploi_autre_employeur.count).toBe(1);
	});

	it('records it before any message, and the job then writes nothing', async () => {
		const { db, id, responsable, agent, enrol, record } = await world();
		const agathe = await enrol('Agathe', true);
		expect((await recordAttendance(db, responsable, id, [agathe.id], DURING)).ok).toBe(true);
		expect(await record(agent, agathe.id, answer, DURING)).toMatchObject({ ok: true });
		expect(await runSuivis(db, { months: 6, ...messagesConfig }, DUE)).toEqual({
			sent: 0,
			reminded: 0
		});
		expect(await rows(db)).toHaveLength(1);
	});

	it('opens a callback demande when the person wants to be called back, as their own answer does', async () => {
		const { db, agent, enrol, record } = await world();
		const agathe = await enrol('Agathe', true);
		expect(await record(agent, agathe.id, { ...answer, rappel: 'oui' })).toMatchObject({
			ok: true
		});
		const [suivi] = await rows(db);
		expect(suivi).toMatchObject({ wantsCallback: true });
		const [callback] = await db
			.select()
			.from(demandes)
			.where(eq(demandes.id, suivi!.callbackDemandeId!));
		expect(callback).toMatchObject({
			kind: 'rappel',
			departementCode: '974',
			prenom: 'Agathe',
			email: 'agathe@example.org'
		});
	});

	it('is refused outside the staff member’s départements, without consent, after a withdrawal, and once answered', async () => {
		const { db, id, agent, elsewhere, enrol, record } = await world();
		const agreed = await enrol('Agathe', true);
		const declined = await enrol('Bruno', false);
		const withdrawn = await enrol('Chloe', true);
		expect(await withdrawInscriptionSuiviConsent(db, withdrawn.id, DURING)).toBe(true);
		expect(await awaitingPhoneSuivi(db, await registrationsOf(db, id))).toEqual(
			new Set([agreed.id])
		);

		expect(await record(elsewhere, agreed.id, answer)).toMatchObject({ ok: false, status: 404 });
		expect(await record(agent, agreed.id + 1000, answer)).toMatchObject({
			ok: false,
			status: 404
		});
		expect(await record(agent, declined.id, answer)).toMatchObject({
			ok: false,
			status: 409,
			reason: 'suivi:staff.inscription.noConsent'
		});
		expect(await record(agent, withdrawn.id, answer)).toMatchObject({
			ok: false,
			status: 409,
			reason: 'suivi:staff.inscription.noConsent'
		});
		expect(await rows(db)).toEqual([]);

		expect(await record(agent, agreed.id, answer)).toMatchObject({ ok: true });
		expect(await record(agent, agreed.id, { ...answer, arret: 'oui_avec_projet' })).toMatchObject({
			ok: false,
			status: 409,
			reason: 'suivi:staff.inscription.alreadyAnswered'
		});
		expect(await rows(db)).toEqual([expect.objectContaining({ arret: 'non' })]);
		expect(
			await db.select().from(auditLog).where(eq(auditLog.action, 'suivi_inscription_recorded'))
		).toHaveLength(1);
	});

	it('rejects bad input field by field through the form, and stores nothing', async () => {
		const { db, service, agent, id, enrol } = await world();
		const agathe = await enrol('Agathe', true);
		const body = new FormData();
		body.set('arret', 'peut-etre');
		body.set('rappel', 'toujours');
		body.set('comment', 'x'.repeat(1001));
		const request = new Request('http://localhost/', { method: 'POST', body });
		const outcome = await formAction(
			{ request },
			{
				...inscriptionPhoneForm,
				run: (form) =>
					recordInscriptionSuiviByPhone(
						db,
						service,
						agent,
						{ evenementId: id, inscriptionId: agathe.id },
						form,
						DUE
					),
				redirect: () => '/'
			}
		);
		expect(outcome.status).toBe(400);
		expect(outcome.data.errors).toEqual({
			arret: 'suivi:errors.arret',
			emploi: 'suivi:errors.emploi',
			rappel: 'suivi:errors.form',
			comment: 'suivi:errors.commentTooLong'
		});
		expect(await rows(db)).toEqual([]);
		expect(
			await db.select().from(auditLog).where(eq(auditLog.action, 'suivi_inscription_recorded'))
		).toEqual([]);
	});

	it('opening the record page is audited when it shows the person, not when it refuses', async () => {
		const { db, id, responsable, agent, elsewhere, enrol } = await world();
		const agathe = await enrol('Agathe', true);
		const bruno = await enrol('Bruno', false);
		expect((await recordAttendance(db, responsable, id, [agathe.id, bruno.id], DURING)).ok).toBe(
			true
		);
		const reads = () =>
			db.select().from(auditLog).where(eq(auditLog.action, 'suivi_inscription_read'));

		expect((await openPhoneSuivi(db, agent, id, agathe.id, DUE)).ok).toBe(true);
		expect(await reads()).toEqual([
			expect.objectContaining({
				userId: agent.user.id,
				departementCode: '974',
				details: { evenement: id, inscription: agathe.id }
			})
		]);
		// No consent (409) and another département (404): nothing shown, nothing audited.
		expect(await openPhoneSuivi(db, agent, id, bruno.id, DUE)).toMatchObject({
			ok: false,
			status: 409
		});
		expect(await openPhoneSuivi(db, elsewhere, id, agathe.id, DUE)).toMatchObject({
			ok: false,
			status: 404
		});
		expect(await reads()).toHaveLength(1);
	});
});
