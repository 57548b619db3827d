import { describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import {
	auditLog,
	demandes,
	outbox,
	suiviCalibrationStats,
	suiviStats,
	suivis
} from '$lib/server/db/schema';
import { newManageToken, type BookingService } from '$lib/server/booking/service';
import { linkKey } from '$lib/server/mail/link-key';
import { unsealToken } from '$lib/server/mail/seal';
import { retentionPolicyFrom, runRetention } from '$lib/server/retention';
import { answerOnline, onlineForm } from '$lib/server/suivi/answer';
import { runSuivis } from '$lib/server/suivi/job';
import {
	calibrationCsv,
	calibrationItems,
	cohortCsv,
	readSuiviStats,
	suiviCounts
} from '$lib/server/suivi/stats';
import { scoreAnswers } from '$lib/scoring/score';
import { calibrationTable, cohortTable } from '$lib/suivi/stats';
import { SUIVI_VERSION } from '$lib/suivi/situation';
import type { Db } from '$lib/server/db/index';
import { bookingWorld } from '../helpers/booking';
import { testDb } from '../helpers/db';
import { seedDemoData } from '$lib/server/db/seed';
import { sampleContact } from '../fixtures/contact';
import { sampleAnswers, sampleProfile } from '../fixtures/answers';

const T0 = new Date('2026-11-23T09:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const DUE = new Date(T0.getTime() + 185 * DAY);
const result = scoreAnswers(sampleAnswers, 'salarie');
const share = {
	questionnaireVersion: result.questionnaireVersion,
	profile: sampleProfile,
	answers: sampleAnswers,
	result
};

/** A closed demande with a shared result and consent, its follow-up sent; its two tokens. */
async function followed(db: Db, service: BookingService, i: number) {
	const slot = (await service.freeSlots('974', 'telephone'))[i]!;
	const manage = newManageToken();
	const outcome = await service.book({
		departementCode: '974',
		source: 'medecin_traitant',
		contact: { ...sampleContact, email: `personne${i}@example.org` },
		share,
		locale: 'fr',
		token: manage,
		agendaId: slot.agendaId,
		start: slot.start,
		suiviConsent: true
	});
	if (!outcome.ok) throw new Error('booking failed');
	await db
		.update(demandes)
		.set({ status: 'cloturee', closedAt: T0, outcome: 'emploi_poste_amenage' })
		.where(eq(demandes.id, outcome.demande.id));
	return { demande: outcome.demande, manage };
}

async function linkOf(db: Db, demandeId: number): Promise<string> {
	const [row] = await db
		.select()
		.from(outbox)
		.where(and(eq(outbox.demandeId, demandeId), like(outbox.dedupeKey, '%:suivi')));
	return unsealToken(row!.sealedToken!, linkKey())!;
}

const answer = onlineForm.schema.parse({
	arret: 'non',
	emploi: 'poste_amenage',
	recherche: 'non',
	rappel: 'non'
});

async function world() {
	const { db, service } = await bookingWorld(T0);
	const people = [];
	for (const i of [0, 1, 2]) people.push(await followed(db, service, i));
	await runSuivis(db, { months: 6, baseUrl: 'https://portail.example', isDemo: false }, DUE);
	// Two of the three answer.
	for (const { demande } of people.slice(0, 2))
		await answerOnline(db, service, await linkOf(db, demande.id), answer, DUE);
	return { db, service, people };
}

describe('follow-up statistics, retention and erasure', () => {
	it('counts the live follow-ups of the scope: 3 contacted, 2 answered, both off arrêt in an adapted post', async () => {
		const { db } = await world();
		const { cohort } = await suiviCounts(db, ['974']);
		const { rows, total } = cohortTable(cohort, 'month');
		expect(rows.map((r) => r.key)).toEqual(['2026-11']);
		expect(total).toMatchObject({ contacted: 3, answered: 2 });
		expect(total.responseRate).toBeCloseTo(2 / 3);
		expect(total.categories.plus_en_arret).toEqual({ count: 2, share: 1 });
		expect(total.categories.emploi_poste_amenage).toEqual({ count: 2, share: 1 });
		expect(cohortTable(cohort, 'outcome').rows.map((r) => r.key)).toEqual(['emploi_poste_amenage']);
		// Another département's staff see nothing of it.
		expect((await suiviCounts(db, ['971'])).cohort).toEqual([]);
		// Two answers of one level: the calibration shows no count.
		const [level] = calibrationTable(
			(await suiviCounts(db, ['974'])).calibration,
			result.questionnaireVersion,
			[...calibrationItems]
		);
		expect(level!.rows).toEqual([expect.objectContaining({ value: result.level, answered: null })]);
	});

	it('keeps only counts when the demandes are anonymised: the same figures, no answer left', async () => {
		const { db } = await world();
		const before = await suiviCounts(db, ['974']);
		const report = await runRetention(
			db,
			new Date(T0.getTime() + 800 * DAY),
			retentionPolicyFrom({
				DRAFT_TTL_DAYS: 7,
				RETENTION_DEMANDES_MONTHS: 24,
				AUDIT_RETENTION_MONTHS: 12
			})
		);
		expect(report.demandesAnonymised).toBe(3);
		expect(await db.select().from(suivis)).toEqual([]);
		expect((await db.select().from(suiviStats)).length).toBeGreaterThan(0);
		expect((await db.select().from(suiviCalibrationStats)).length).toBeGreaterThan(0);
		const after = await suiviCounts(db, ['974']);
		expect(cohortTable(after.cohort, 'month')).toEqual(cohortTable(before.cohort, 'month'));
		expect(cohortTable(after.cohort, 'source')).toEqual(cohortTable(before.cohort, 'source'));
		const version = result.questionnaireVersion;
		expect(calibrationTable(after.calibration, version, [...calibrationItems])).toEqual(
			calibrationTable(before.calibration, version, [...calibrationItems])
		);
		// Each kept count records the version of the questions it counts.
		expect(
			(await db.select().from(suiviStats)).every((r) => r.suiviVersion === SUIVI_VERSION)
		).toBe(true);
		expect(
			(await db.select().from(suiviCalibrationStats)).every((r) => r.suiviVersion === SUIVI_VERSION)
		).toBe(true);
		// The aggregate rows hold counts and dimensions only.
		expect(Object.keys((await db.select().from(suiviStats))[0]!).sort()).toEqual(
			[
				'category',
				'count',
				'departement',
				'level',
				'month',
				'outcome',
				'questionnaireVersion',
				'source',
				'suiviVersion'
			].sort()
		);
		// A second run folds nothing twice.
		await runRetention(
			db,
			new Date(T0.getTime() + 801 * DAY),
			retentionPolicyFrom({
				DRAFT_TTL_DAYS: 7,
				RETENTION_DEMANDES_MONTHS: 24,
				AUDIT_RETENTION_MONTHS: 12
			})
		);
		expect(cohortTable((await suiviCounts(db, ['974'])).cohort, 'month').total).toMatchObject({
			contacted: 3,
			answered: 2
		});
	});

	it('erases the follow-up with the demande: nothing of it is left, not even a count', async () => {
		const { db, service, people } = await world();
		expect(await service.erase(people[0]!.manage)).toEqual({ ok: true });
		expect(
			await db.select().from(suivis).where(eq(suivis.demandeId, people[0]!.demande.id))
		).toEqual([]);
		expect(await db.select().from(suiviStats)).toEqual([]);
		expect(cohortTable((await suiviCounts(db, ['974'])).cohort, 'month').total).toMatchObject({
			contacted: 2,
			answered: 1
		});
	});
});

describe('demo follow-ups', () => {
	it('give the demo départements a cohort and a calibration table with shown and suppressed cells', async () => {
		const db = testDb();
		expect(await seedDemoData(db, { onlyIfEmpty: true })).toBe(true);
		const counts = await suiviCounts(db, ['69', '01', '974']);
		const { total } = cohortTable(counts.cohort, 'month');
		expect(total.contacted).toBeGreaterThan(20);
		expect(total.answered).toBeGreaterThan(10);
		expect(total.answered).toBeLessThan(total.contacted);
		const version = counts.calibration[0]!.questionnaireVersion;
		const cells = calibrationTable(counts.calibration, version, [...calibrationItems]).flatMap(
			(item) => item.rows.flatMap((row) => Object.values(row.categories))
		);
		expect(cells.some((cell) => cell.count === null)).toBe(true);
		expect(cells.some((cell) => cell.count !== null && cell.count >= 5)).toBe(true);
	});
});

describe('follow-up statistics as staff read them', () => {
	it('reads the scope, audits, and exports both tables as CSV with suppressed cells empty', async () => {
		const { db } = await world();
		const staff = { user: { id: 1 }, departements: ['974'] };
		// A département outside the scope is refused (the routes answer 404), nothing read nor
		// audited; it never falls back to the staff member's own départements.
		for (const departement of ['971', 'zz'])
			expect(
				await readSuiviStats(
					db,
					staff as never,
					new URLSearchParams({ par: 'outcome', departement }),
					'suivi_stats_export',
					DUE
				)
			).toBeNull();
		expect(
			await db.select().from(auditLog).where(eq(auditLog.action, 'suivi_stats_export'))
		).toHaveLength(0);
		const read = (await readSuiviStats(
			db,
			staff as never,
			new URLSearchParams({ par: 'outcome', departement: '' }),
			'suivi_stats_export',
			DUE
		))!;
		expect(read.query).toMatchObject({ par: 'outcome', departement: undefined });
		expect(read.cohorts).toHaveLength(1);
		expect(read.cohorts[0]).toMatchObject({
			suiviVersion: SUIVI_VERSION,
			total: { contacted: 3, answered: 2 }
		});
		const t = (key: string) => key;
		const cohort = cohortCsv(read, t, 'fr').split('\r\n');
		expect(cohort[0]).toMatch(
			/^\uFEFFsuivi:stats\.suiviVersion;suivi:stats\.dimension\.outcome;suivi:stats\.contacted;/
		);
		expect(cohort[1]).toMatch(
			new RegExp(`^${SUIVI_VERSION};emploi_poste_amenage;3;2;0,6666666666666666;2;1;`)
		);
		const calibration = calibrationCsv(read, t, 'fr').split('\r\n');
		expect(calibration[1]).toBe(
			`${SUIVI_VERSION};${result.questionnaireVersion};level;${result.level};;;;;;;;;;;;;;;`
		);
		expect(
			await db.select().from(auditLog).where(eq(auditLog.action, 'suivi_stats_export'))
		).toHaveLength(1);
	});

	it('keeps the versions of the follow-up questions apart: one table each, the current one first, never added up', async () => {
		const { db } = await world();
		const older = 'suivi-2025-1';
		const kept = {
			month: '2026-05',
			outcome: 'emploi_poste_amenage',
			departement: '974',
			source: 'medecin_traitant',
			questionnaireVersion: result.questionnaireVersion,
			level: result.level,
			suiviVersion: older
		};
		await db.insert(suiviStats).values([
			{ ...kept, category: '_contacte', count: 10 },
			{ ...kept, category: '_repondu', count: 4 }
		]);
		const staff = { user: { id: 1 }, departements: ['974'] } as never;
		const read = (await readSuiviStats(db, staff, new URLSearchParams(), 'suivi_stats_view', DUE))!;
		expect(read.cohorts.map((c) => [c.suiviVersion, c.total.contacted, c.total.answered])).toEqual([
			[SUIVI_VERSION, 3, 2],
			[older, 10, 4]
		]);
		expect(read.cohorts[1]!.rows.map((r) => r.key)).toEqual(['2026-05']);
		const lines = cohortCsv(read, (key) => key, 'fr').split('\r\n');
		expect(lines.filter((line) => line.startsWith(`${older};`))).toHaveLength(2);
		expect(lines.filter((line) => line.startsWith(`${SUIVI_VERSION};`))).toHaveLength(2);
	});
});
