/*
 * The 6-month follow-up of registrations to évènements (ADR 045 addendum), over a real migrated
 * SQLite: the consent at registration, who is followed (a held évènement, a seat held, not
 * absent, agreed and not withdrawn), the one-time link and its callback, the registration kept
 * past its retention until the follow-up ends, the counts under the source « évènement », the
 * CHECK that a follow-up has exactly one owner, withdrawal and erasure.
 */
import { describe, expect, it } from 'vitest';
import { eq, inArray, like } from 'drizzle-orm';
import {
	demandes,
	inscriptions,
	outbox,
	suiviCalibrationStats,
	suiviStats,
	suivis
} from '$lib/server/db/schema';
import { cancelInscription, eraseInscription, register } from '$lib/server/evenements/registration';
import { recordAttendance } from '$lib/server/evenements/staff';
import { purgeInscriptions } from '$lib/server/evenements/jobs';
import { linkKey } from '$lib/server/mail/link-key';
import { unsealToken } from '$lib/server/mail/seal';
import { answerOnline, onlineForm, suiviOfLink } from '$lib/server/suivi/answer';
import { withdrawInscriptionSuiviConsent } from '$lib/server/suivi/consent';
import { runSuivis, type SuiviConfig } from '$lib/server/suivi/job';
import { EVENEMENT, suiviCounts } from '$lib/server/suivi/stats';
import { cohortTable } from '$lib/suivi/stats';
import { SUIVI_CONSENT_VERSION } from '$lib/suivi/situation';
import type { Db } from '$lib/server/db/index';
import { newManageToken } from '$lib/server/booking/service';
import { bookingWorld } from '../helpers/booking';
import { sampleContact } from '../fixtures/contact';
import { addStaff } from '../fixtures/staff';
import { publishedEvenement, registration } from '../fixtures/evenements';

// Monday 7 December 2026; the évènement is Thursday 10 December, 14:00–15:30 in La Réunion.
const T0 = new Date('2026-12-07T08:00:00Z');
const DURING = new Date('2026-12-10T10:30:00Z');
const ENDED = new Date('2026-12-10T11:30:00Z');
const DAY = 24 * 60 * 60 * 1000;
/** Six months and a day after the évènement ended. */
const DUE = new Date('2027-06-11T12:00:00Z');
const messagesConfig = { baseUrl: 'https://portail.example', isDemo: false };
const config: SuiviConfig = { months: 6, ...messagesConfig };

function world(capacity = '10') {
	const { db, service } = bookingWorld(T0);
	const responsable = addStaff(db, 'Payet', 'responsable', ['974'], T0);
	const id = publishedEvenement(db, responsable, T0, { capacity });
	const enrol = (
		name: string,
		suiviConsent: boolean,
		email = `${name.toLowerCase()}@example.org`
	) => {
		const input = registration(id, { name, email, suiviConsent });
		const outcome = register(db, messagesConfig, input, T0);
		if (!outcome.ok) throw new Error('registration refused');
		return { id: outcome.value.inscription.id, token: input.token };
	};
	/** Attendance taken: these present, every other confirmed registration absent. */
	const attend = (...present: number[]) =>
		expect(recordAttendance(db, responsable, id, present, DURING).ok).toBe(true);
	return { db, service, id, enrol, attend };
}

const suiviMessages = (db: Db) =>
	db.select().from(outbox).where(like(outbox.dedupeKey, 'inscription:%:suivi%')).all();

/** The link's token of a registration's follow-up, as the outbox worker puts it in. */
function linkOf(db: Db, inscriptionId: number): string {
	const row = db
		.select()
		.from(outbox)
		.where(eq(outbox.dedupeKey, `inscription:${inscriptionId}:suivi`))
		.get();
	return unsealToken(row!.sealedToken!, linkKey())!;
}

const answer = onlineForm.schema.parse({
	arret: 'non',
	emploi: 'autre_employeur',
	rappel: 'oui'
});

describe('the follow-up of a registration to an évènement', () => {
	it('records the consent with its date and wording version, and nothing when not given', () => {
		const { db, enrol } = world();
		const agreed = enrol('Agathe', true);
		const declined = enrol('Bruno', false);
		const row = (id: number) => db.select().from(inscriptions).where(eq(inscriptions.id, id)).get();
		expect(row(agreed.id)).toMatchObject({
			suiviConsentAt: T0,
			suiviConsentVersion: SUIVI_CONSENT_VERSION,
			suiviConsentWithdrawnAt: null
		});
		expect(row(declined.id)).toMatchObject({ suiviConsentAt: null, suiviConsentVersion: null });
	});

	it('writes six months after a held évènement to the present person who agreed, and to nobody else', () => {
		const { db, enrol, attend } = world('3');
		const agreed = enrol('Agathe', true);
		const declined = enrol('Bruno', false);
		const absent = enrol('Chloe', true);
		const waiting = enrol('Denis', true);
		const cancelled = enrol('Emma', true);
		expect(cancelInscription(db, messagesConfig, cancelled.token, T0).ok).toBe(true);
		expect(
			db.select().from(inscriptions).where(eq(inscriptions.id, waiting.id)).get()?.status
		).toBe('attente');
		attend(agreed.id, declined.id);
		expect(
			db.select().from(inscriptions).where(eq(inscriptions.id, absent.id)).get()?.attendance
		).toBe('absent');

		// Five months on: too early. Six months and a day: exactly one message, once.
		expect(runSuivis(db, config, new Date(ENDED.getTime() + 150 * DAY))).toEqual({
			sent: 0,
			reminded: 0
		});
		expect(runSuivis(db, config, DUE)).toEqual({ sent: 1, reminded: 0 });
		expect(runSuivis(db, config, new Date(DUE.getTime() + 3_600_000)).sent).toBe(0);
		const messages = suiviMessages(db);
		expect(messages.map((m) => [m.channel, m.recipient, m.dedupeKey])).toEqual([
			['email', 'agathe@example.org', `inscription:${agreed.id}:suivi`]
		]);
		expect(messages[0]!.text).toContain('Bonjour Agathe,');
		expect(messages[0]!.text).toContain('« Réunion d’information PDP » le jeudi 10 décembre 2026');
		expect(messages[0]!.text).toContain('https://portail.example/suivi/');
		expect(db.select().from(suivis).all()).toMatchObject([
			{ inscriptionId: agreed.id, demandeId: null, sentAt: DUE }
		]);

		// One reminder ten days later, under the registration's prefix.
		expect(runSuivis(db, config, new Date(DUE.getTime() + 10 * DAY))).toEqual({
			sent: 0,
			reminded: 1
		});
		expect(suiviMessages(db).map((m) => m.dedupeKey)).toEqual([
			`inscription:${agreed.id}:suivi`,
			`inscription:${agreed.id}:suivi:rappel`
		]);
	});

	it('follows a registration whose attendance was never taken (only an absence excludes)', () => {
		const { db, enrol } = world();
		const untaken = enrol('Agathe', true);
		expect(runSuivis(db, config, DUE)).toEqual({ sent: 1, reminded: 0 });
		expect(db.select().from(suivis).get()?.inscriptionId).toBe(untaken.id);
	});

	it('answers once through the link, opens a callback demande carrying the évènement, and counts it under the source « évènement », outside the calibration', () => {
		const { db, service, id, enrol, attend } = world();
		const agreed = enrol('Agathe', true);
		attend(agreed.id);
		runSuivis(db, config, DUE);
		const token = linkOf(db, agreed.id);
		const link = suiviOfLink(db, token, DUE);
		expect(link).toMatchObject({ ok: true, value: { open: true, owner: { kind: 'inscription' } } });

		const answeredAt = new Date(DUE.getTime() + DAY);
		expect(answerOnline(db, service, token, answer, answeredAt)).toEqual({
			ok: true,
			value: { callback: true }
		});
		expect(answerOnline(db, service, token, answer, answeredAt)).toMatchObject({ ok: false });
		const suivi = db.select().from(suivis).where(eq(suivis.inscriptionId, agreed.id)).get()!;
		expect(suivi).toMatchObject({ channel: 'online', arret: 'non', emploi: 'autre_employeur' });
		const callback = db
			.select()
			.from(demandes)
			.where(eq(demandes.id, suivi.callbackDemandeId!))
			.get();
		expect(callback).toMatchObject({
			kind: 'rappel',
			departementCode: '974',
			prenom: 'Agathe',
			email: 'agathe@example.org',
			evenementId: id
		});

		const counts = suiviCounts(db, ['974']);
		const bySource = cohortTable(counts.cohort, 'source');
		const row = bySource.rows.find((r) => r.key === EVENEMENT)!;
		expect(row).toMatchObject({ contacted: 1, answered: 1, responseRate: 1 });
		expect(row.categories.plus_en_arret.count).toBe(1);
		expect(row.categories.emploi_autre_employeur.count).toBe(1);
		expect(cohortTable(counts.cohort, 'month').rows.map((r) => r.key)).toContain('2026-12');
		expect(counts.calibration).toEqual([]);
		// Another département's staff does not count it.
		expect(suiviCounts(db, ['971']).cohort).toEqual([]);
	});

	it('keeps a consenting registration past its retention until its follow-up is answered, then folds it into counts; others go as before', () => {
		const { db, service, enrol, attend } = world();
		const agreed = enrol('Agathe', true);
		const declined = enrol('Bruno', false);
		const expired = enrol('Chloe', true);
		attend(agreed.id, declined.id, expired.id);
		const alive = () =>
			db
				.select({ id: inscriptions.id })
				.from(inscriptions)
				.where(inArray(inscriptions.id, [agreed.id, declined.id, expired.id]))
				.all()
				.map((r) => r.id)
				.sort((a, b) => a - b);

		// Three months and a day after the évènement: the usual purge, but those who agreed stay.
		purgeInscriptions(db, new Date(ENDED.getTime() + 93 * DAY), 3, 6);
		expect(alive()).toEqual([agreed.id, expired.id]);

		runSuivis(db, config, DUE);
		const before = cohortTable(suiviCounts(db, ['974']).cohort, 'source');
		answerOnline(db, service, linkOf(db, agreed.id), { ...answer, rappel: 'non' }, DUE);
		purgeInscriptions(db, new Date(DUE.getTime() + DAY), 3, 6);
		expect(alive()).toEqual([expired.id]);
		// The unanswered one goes when its link expires (60 days).
		purgeInscriptions(db, new Date(DUE.getTime() + 59 * DAY), 3, 6);
		expect(alive()).toEqual([expired.id]);
		purgeInscriptions(db, new Date(DUE.getTime() + 61 * DAY), 3, 6);
		expect(alive()).toEqual([]);

		// Only counts remain, and the figures did not change.
		expect(db.select().from(suivis).all()).toEqual([]);
		expect(suiviMessages(db).filter((m) => m.sentAt === null)).toEqual([]);
		const after = cohortTable(suiviCounts(db, ['974']).cohort, 'source');
		const evenementRow = (t: typeof after) => t.rows.find((r) => r.key === EVENEMENT);
		expect(evenementRow(after)).toMatchObject({ contacted: 2, answered: 1 });
		expect(evenementRow(before)).toMatchObject({ contacted: 2, answered: 0 });
		expect(
			db.select().from(suiviStats).where(eq(suiviStats.source, EVENEMENT)).all().length
		).toBeGreaterThan(0);
		expect(db.select().from(suiviCalibrationStats).all()).toEqual([]);
	});

	it('purges a consenting registration whose follow-up window passed unsent (no address to write to)', () => {
		const { db, enrol, attend } = world();
		const unreachable = enrol('Agathe', true, '');
		db.update(inscriptions)
			.set({ email: null, telephone: '+262262123456' })
			.where(eq(inscriptions.id, unreachable.id))
			.run();
		attend(unreachable.id);
		expect(runSuivis(db, config, DUE).sent).toBe(0);
		purgeInscriptions(db, DUE, 3, 6);
		expect(
			db.select().from(inscriptions).where(eq(inscriptions.id, unreachable.id)).get()
		).toBeDefined();
		purgeInscriptions(db, new Date(DUE.getTime() + 62 * DAY), 3, 6);
		expect(
			db.select().from(inscriptions).where(eq(inscriptions.id, unreachable.id)).get()
		).toBeUndefined();
	});

	it('withdrawal from the manage page: nothing is sent, and an unanswered follow-up, its link and its unsent messages go', async () => {
		const { db, enrol, attend } = world();
		const early = enrol('Agathe', true);
		const late = enrol('Bruno', true);
		attend(early.id, late.id);
		expect(await withdrawInscriptionSuiviConsent(db, early.id, T0)).toBe(true);
		expect(await withdrawInscriptionSuiviConsent(db, early.id, T0)).toBe(false);
		expect(runSuivis(db, config, DUE)).toEqual({ sent: 1, reminded: 0 });
		const token = linkOf(db, late.id);
		expect(await withdrawInscriptionSuiviConsent(db, late.id, DUE)).toBe(true);
		expect(db.select().from(suivis).all()).toEqual([]);
		expect(suiviMessages(db)).toEqual([]);
		expect(suiviOfLink(db, token, DUE)).toMatchObject({ ok: false, status: 404 });
		expect(runSuivis(db, config, new Date(DUE.getTime() + 10 * DAY))).toEqual({
			sent: 0,
			reminded: 0
		});
		// Withdrawn registrations are then purged as the others.
		purgeInscriptions(db, new Date(DUE.getTime() + DAY), 3, 6);
		expect(
			db
				.select()
				.from(inscriptions)
				.where(inArray(inscriptions.id, [early.id, late.id]))
				.all()
		).toEqual([]);
	});

	it('erasing the registration erases its follow-up', () => {
		const { db, enrol, attend } = world();
		const agreed = enrol('Agathe', true);
		attend(agreed.id);
		runSuivis(db, config, DUE);
		expect(db.select().from(suivis).all()).toHaveLength(1);
		expect(eraseInscription(db, messagesConfig, agreed.token, DUE).ok).toBe(true);
		expect(db.select().from(suivis).all()).toEqual([]);
		expect(suiviMessages(db).filter((m) => m.sentAt === null)).toEqual([]);
	});

	it('a follow-up belongs to exactly one demande or one registration (CHECK)', () => {
		const { db, service, enrol } = world();
		const agreed = enrol('Agathe', true);
		const { demande } = service.requestCallback({
			departementCode: '974',
			source: 'moi_meme',
			contact: { ...sampleContact },
			share: null,
			locale: 'fr',
			token: newManageToken(),
			sansCreneau: false
		});
		const row = { createdAt: T0 };
		expect(() => db.insert(suivis).values(row).run()).toThrow(/CHECK constraint failed/);
		expect(() =>
			db
				.insert(suivis)
				.values({ ...row, demandeId: demande.id, inscriptionId: agreed.id })
				.run()
		).toThrow(/CHECK constraint failed/);
		db.insert(suivis)
			.values({ ...row, inscriptionId: agreed.id })
			.run();
		expect(() =>
			db
				.insert(suivis)
				.values({ ...row, inscriptionId: agreed.id })
				.run()
		).toThrow(/UNIQUE constraint failed/);
	});
});
