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

async function world(capacity = '10') {
	const { db, service } = await bookingWorld(T0);
	const responsable = await addStaff(db, 'Payet', 'responsable', ['974'], T0);
	const id = await publishedEvenement(db, responsable, T0, { capacity });
	const enrol = async (
		name: string,
		suiviConsent: boolean,
		email = `${name.toLowerCase()}@example.org`
	) => {
		const input = registration(id, { name, email, suiviConsent });
		const outcome = await register(db, messagesConfig, input, T0);
		if (!outcome.ok) throw new Error('registration refused');
		return { id: outcome.value.inscription.id, token: input.token };
	};
	/** Attendance taken: these present, every other confirmed registration absent. */
	const attend = async (...present: number[]) =>
		expect((await recordAttendance(db, responsable, id, present, DURING)).ok).toBe(true);
	return { db, service, id, enrol, attend };
}

const suiviMessages = (db: Db) =>
	db.select().from(outbox).where(like(outbox.dedupeKey, 'inscription:%:suivi%'));

/** The link's token of a registration's follow-up, as the outbox worker puts it in. */
async function linkOf(db: Db, inscriptionId: number): Promise<string> {
	const [row] = await db
		.select()
		.from(outbox)
		.where(eq(outbox.dedupeKey, `inscription:${inscriptionId}:suivi`));
	return unsealToken(row!.sealedToken!, linkKey())!;
}

const answer = onlineForm.schema.parse({
	arret: 'non',
	emploi: 'autre_employeur',
	rappel: 'oui'
});

describe('the follow-up of a registration to an évènement', () => {
	it('records the consent with its date and wording version, and nothing when not given', async () => {
		const { db, enrol } = await world();
		const agreed = await enrol('Agathe', true);
		const declined = await enrol('Bruno', false);
		const row = async (id: number) =>
			(await db.select().from(inscriptions).where(eq(inscriptions.id, id)))[0];
		expect(await row(agreed.id)).toMatchObject({
			suiviConsentAt: T0,
			suiviConsentVersion: SUIVI_CONSENT_VERSION,
			suiviConsentWithdrawnAt: null
		});
		expect(await row(declined.id)).toMatchObject({
			suiviConsentAt: null,
			suiviConsentVersion: null
		});
	});

	it('writes six months after a held évènement to the present person who agreed, and to nobody else', async () => {
		const { db, enrol, attend } = await world('3');
		const agreed = await enrol('Agathe', true);
		const declined = await enrol('Bruno', false);
		const absent = await enrol('Chloe', true);
		const waiting = await enrol('Denis', true);
		const cancelled = await enrol('Emma', true);
		expect((await cancelInscription(db, messagesConfig, cancelled.token, T0)).ok).toBe(true);
		expect(
			(await db.select().from(inscriptions).where(eq(inscriptions.id, waiting.id)))[0]?.status
		).toBe('attente');
		await attend(agreed.id, declined.id);
		expect(
			(await db.select().from(inscriptions).where(eq(inscriptions.id, absent.id)))[0]?.attendance
		).toBe('absent');

		// Five months on: too early. Six months and a day: exactly one message, once.
		expect(await runSuivis(db, config, new Date(ENDED.getTime() + 150 * DAY))).toEqual({
			sent: 0,
			reminded: 0
		});
		expect(await runSuivis(db, config, DUE)).toEqual({ sent: 1, reminded: 0 });
		expect((await runSuivis(db, config, new Date(DUE.getTime() + 3_600_000))).sent).toBe(0);
		const messages = await suiviMessages(db);
		expect(messages.map((m) => [m.channel, m.recipient, m.dedupeKey])).toEqual([
			['email', 'agathe@example.org', `inscription:${agreed.id}:suivi`]
		]);
		expect(messages[0]!.text).toContain('Bonjour Agathe,');
		expect(messages[0]!.text).toContain('« Réunion d’information PDP » le jeudi 10 décembre 2026');
		expect(messages[0]!.text).toContain('https://portail.example/suivi/');
		expect(await db.select().from(suivis)).toMatchObject([
			{ inscriptionId: agreed.id, demandeId: null, sentAt: DUE }
		]);

		// One reminder ten days later, under the registration's prefix.
		expect(await runSuivis(db, config, new Date(DUE.getTime() + 10 * DAY))).toEqual({
			sent: 0,
			reminded: 1
		});
		expect((await suiviMessages(db)).map((m) => m.dedupeKey)).toEqual([
			`inscription:${agreed.id}:suivi`,
			`inscription:${agreed.id}:suivi:rappel`
		]);
	});

	it('follows a registration whose attendance was never taken (only an absence excludes)', async () => {
		const { db, enrol } = await world();
		const untaken = await enrol('Agathe', true);
		expect(await runSuivis(db, config, DUE)).toEqual({ sent: 1, reminded: 0 });
		expect((await db.select().from(suivis))[0]?.inscriptionId).toBe(untaken.id);
	});

	it('answers once through the link, opens a callback demande carrying the évènement, and counts it under the source « évènement », outside the calibration', async () => {
		const { db, service, id, enrol, attend } = await world();
		const agreed = await enrol('Agathe', true);
		await attend(agreed.id);
		await runSuivis(db, config, DUE);
		const token = await linkOf(db, agreed.id);
		const link = await suiviOfLink(db, token, DUE);
		expect(link).toMatchObject({ ok: true, value: { open: true, owner: { kind: 'inscription' } } });

		const answeredAt = new Date(DUE.getTime() + DAY);
		expect(await answerOnline(db, service, token, answer, answeredAt)).toEqual({
			ok: true,
			value: { callback: true }
		});
		expect(await answerOnline(db, service, token, answer, answeredAt)).toMatchObject({ ok: false });
		const [suivi] = await db.select().from(suivis).where(eq(suivis.inscriptionId, agreed.id));
		expect(suivi).toMatchObject({ channel: 'online', arret: 'non', emploi: 'autre_employeur' });
		const [callback] = await db
			.select()
			.from(demandes)
			.where(eq(demandes.id, suivi!.callbackDemandeId!));
		expect(callback).toMatchObject({
			kind: 'rappel',
			departementCode: '974',
			prenom: 'Agathe',
			email: 'agathe@example.org',
			evenementId: id
		});

		const counts = await suiviCounts(db, ['974']);
		const bySource = cohortTable(counts.cohort, 'source');
		const row = bySource.rows.find((r) => r.key === EVENEMENT)!;
		expect(row).toMatchObject({ contacted: 1, answered: 1, responseRate: 1 });
		expect(row.categories.plus_en_arret.count).toBe(1);
		expect(row.categories.emploi_autre_employeur.count).toBe(1);
		expect(cohortTable(counts.cohort, 'month').rows.map((r) => r.key)).toContain('2026-12');
		expect(counts.calibration).toEqual([]);
		// Another département's staff does not count it.
		expect((await suiviCounts(db, ['971'])).cohort).toEqual([]);
	});

	it('keeps a consenting registration past its retention until its follow-up is answered, then folds it into counts; others go as before', async () => {
		const { db, service, enrol, attend } = await world();
		const agreed = await enrol('Agathe', true);
		const declined = await enrol('Bruno', false);
		const expired = await enrol('Chloe', true);
		await attend(agreed.id, declined.id, expired.id);
		const alive = async () =>
			(
				await db
					.select({ id: inscriptions.id })
					.from(inscriptions)
					.where(inArray(inscriptions.id, [agreed.id, declined.id, expired.id]))
			)
				.map((r) => r.id)
				.sort((a, b) => a - b);

		// Three months and a day after the évènement: the usual purge, but those who agreed stay.
		await purgeInscriptions(db, new Date(ENDED.getTime() + 93 * DAY), 3, 6);
		expect(await alive()).toEqual([agreed.id, expired.id]);

		await runSuivis(db, config, DUE);
		const before = cohortTable((await suiviCounts(db, ['974'])).cohort, 'source');
		await answerOnline(db, service, await linkOf(db, agreed.id), { ...answer, rappel: 'non' }, DUE);
		await purgeInscriptions(db, new Date(DUE.getTime() + DAY), 3, 6);
		expect(await alive()).toEqual([expired.id]);
		// The unanswered one goes when its link expires (60 days).
		await purgeInscriptions(db, new Date(DUE.getTime() + 59 * DAY), 3, 6);
		expect(await alive()).toEqual([expired.id]);
		await purgeInscriptions(db, new Date(DUE.getTime() + 61 * DAY), 3, 6);
		expect(await alive()).toEqual([]);

		// Only counts remain, and the figures did not change.
		expect(await db.select().from(suivis)).toEqual([]);
		expect((await suiviMessages(db)).filter((m) => m.sentAt === null)).toEqual([]);
		const after = cohortTable((await suiviCounts(db, ['974'])).cohort, 'source');
		const evenementRow = (t: typeof after) => t.rows.find((r) => r.key === EVENEMENT);
		expect(evenementRow(after)).toMatchObject({ contacted: 2, answered: 1 });
		expect(evenementRow(before)).toMatchObject({ contacted: 2, answered: 0 });
		expect(
			(await db.select().from(suiviStats).where(eq(suiviStats.source, EVENEMENT))).length
		).toBeGreaterThan(0);
		expect(await db.select().from(suiviCalibrationStats)).toEqual([]);
	});

	it('purges a consenting registration whose follow-up window passed unsent (no address to write to)', async () => {
		const { db, enrol, attend } = await world();
		const unreachable = await enrol('Agathe', true, '');
		await db
			.update(inscriptions)
			.set({ email: null, telephone: '+262262123456' })
			.where(eq(inscriptions.id, unreachable.id));
		await attend(unreachable.id);
		expect((await runSuivis(db, config, DUE)).sent).toBe(0);
		await purgeInscriptions(db, DUE, 3, 6);
		expect(
			await db.select().from(inscriptions).where(eq(inscriptions.id, unreachable.id))
		).toHaveLength(1);
		await purgeInscriptions(db, new Date(DUE.getTime() + 62 * DAY), 3, 6);
		expect(await db.select().from(inscriptions).where(eq(inscriptions.id, unreachable.id))).toEqual(
			[]
		);
	});

	it('withdrawal from the manage page: nothing is sent, and an unanswered follow-up, its link and its unsent messages go', async () => {
		const { db, enrol, attend } = await world();
		const early = await enrol('Agathe', true);
		const late = await enrol('Bruno', true);
		await attend(early.id, late.id);
		expect(await withdrawInscriptionSuiviConsent(db, early.id, T0)).toBe(true);
		expect(await withdrawInscriptionSuiviConsent(db, early.id, T0)).toBe(false);
		expect(await runSuivis(db, config, DUE)).toEqual({ sent: 1, reminded: 0 });
		const token = await linkOf(db, late.id);
		expect(await withdrawInscriptionSuiviConsent(db, late.id, DUE)).toBe(true);
		expect(await db.select().from(suivis)).toEqual([]);
		expect(await suiviMessages(db)).toEqual([]);
		expect(await suiviOfLink(db, token, DUE)).toMatchObject({ ok: false, status: 404 });
		expect(await runSuivis(db, config, new Date(DUE.getTime() + 10 * DAY))).toEqual({
			sent: 0,
			reminded: 0
		});
		// Withdrawn registrations are then purged as the others.
		await purgeInscriptions(db, new Date(DUE.getTime() + DAY), 3, 6);
		expect(
			await db
				.select()
				.from(inscriptions)
				.where(inArray(inscriptions.id, [early.id, late.id]))
		).toEqual([]);
	});

	it('erasing the registration erases its follow-up', async () => {
		const { db, enrol, attend } = await world();
		const agreed = await enrol('Agathe', true);
		await attend(agreed.id);
		await runSuivis(db, config, DUE);
		expect(await db.select().from(suivis)).toHaveLength(1);
		expect((await eraseInscription(db, messagesConfig, agreed.token, DUE)).ok).toBe(true);
		expect(await db.select().from(suivis)).toEqual([]);
		expect((await suiviMessages(db)).filter((m) => m.sentAt === null)).toEqual([]);
	});

	it('a consent withdrawn while the follow-up job runs leaves no follow-up and no message (ADR 047)', async () => {
		const { db, enrol, attend } = await world();
		const agreed = await enrol('Agathe', true);
		await attend(agreed.id);
		const [run, withdrawn] = await Promise.all([
			runSuivis(db, config, DUE),
			withdrawInscriptionSuiviConsent(db, agreed.id, DUE)
		]);
		expect(run.sent).toBe(1);
		expect(withdrawn).toBe(true);
		expect(await db.select().from(suivis)).toEqual([]);
		expect(await suiviMessages(db)).toEqual([]);
	});

	it('a follow-up belongs to exactly one demande or one registration (CHECK)', async () => {
		const { db, service, enrol } = await world();
		const agreed = await enrol('Agathe', true);
		const { demande } = await service.requestCallback({
			departementCode: '974',
			source: 'moi_meme',
			contact: { ...sampleContact },
			share: null,
			locale: 'fr',
			token: newManageToken(),
			sansCreneau: false
		});
		const row = { createdAt: T0 };
		await expect(db.insert(suivis).values(row)).rejects.toThrow(
			/CHECK constraint failed|violates check constraint/
		);
		await expect(
			db.insert(suivis).values({ ...row, demandeId: demande.id, inscriptionId: agreed.id })
		).rejects.toThrow(/CHECK constraint failed|violates check constraint/);
		await db.insert(suivis).values({ ...row, inscriptionId: agreed.id });
		await expect(db.insert(suivis).values({ ...row, inscriptionId: agreed.id })).rejects.toThrow(
			/UNIQUE constraint failed|violates unique constraint/
		);
	});
});
