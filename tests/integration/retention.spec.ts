import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import {
	agendas,
	auditLog,
	demandeEvents,
	demandes,
	outbox,
	questionnaireDrafts,
	rendezVous,
	staffUsers
} from '$lib/server/db/schema';
import type { Db } from '$lib/server/db/index';
import { DraftStore } from '$lib/server/questionnaire/drafts';
import { scoreAnswers } from '$lib/scoring/score';
import { parseEnv } from '$lib/server/env';
import {
	monthsBefore,
	retentionPolicyFrom,
	runRetention,
	type RetentionPolicy
} from '$lib/server/retention';
import { testDb } from '../helpers/db';
import { sampleAnswers, sampleProfile } from '../fixtures/answers';

const NOW = new Date('2026-11-24T03:00:00Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const policy: RetentionPolicy = {
	draftTtlDays: 7,
	demandesMonths: 24,
	auditMonths: 12,
	sentMailDays: 30
};
const result = scoreAnswers(sampleAnswers, 'salarie');
/** The anonymisation boundary at NOW: 24 months earlier. */
const LIMIT = new Date('2024-11-24T03:00:00Z');

let counter = 0;
async function insertDemande(db: Db, values: Partial<typeof demandes.$inferInsert> = {}) {
	counter++;
	return (
		await db
			.insert(demandes)
			.values({
				reference: `RET-${counter}`,
				kind: 'rendez_vous',
				status: 'cloturee',
				departementCode: '974',
				source: 'medecin_traitant',
				nom: 'Payet',
				prenom: 'Marie',
				email: 'marie@example.org',
				telephone: '0692000000',
				nir: '2850697412345',
				message: 'Mon message',
				shareResult: true,
				questionnaireVersion: result.questionnaireVersion,
				profile: sampleProfile,
				answers: sampleAnswers,
				result,
				manageTokenHash: `hash-${counter}`,
				createdAt: new Date(LIMIT.getTime() - 60 * DAY),
				dueAt: new Date(LIMIT.getTime() - 50 * DAY),
				closedAt: new Date(LIMIT.getTime() - MINUTE),
				outcome: 'emploi_poste_amenage',
				orienteur: {
					type: 'medecin_travail',
					nom: 'Dr X',
					structure: 'SPST',
					email: 'x@example.org',
					telephone: null
				},
				...values
			})
			.returning()
	)[0]!;
}

async function addHistory(db: Db, demandeId: number) {
	const agenda =
		(await db.select().from(agendas).limit(1))[0] ??
		(
			await db
				.insert(agendas)
				.values({ departementCode: '974', mode: 'telephone', weekly: [] })
				.returning()
		)[0]!;
	await db.insert(rendezVous).values({
		demandeId,
		agendaId: agenda!.id,
		mode: 'telephone',
		startsAt: new Date(LIMIT.getTime() - 55 * DAY),
		endsAt: new Date(LIMIT.getTime() - 55 * DAY + 45 * MINUTE),
		createdAt: new Date(LIMIT.getTime() - 60 * DAY),
		attendance: 'honore'
	});
	await db.insert(demandeEvents).values({
		demandeId,
		at: new Date(LIMIT.getTime() - 2 * DAY),
		type: 'note',
		note: 'Santé : détails'
	});
	await db.insert(demandeEvents).values({
		demandeId,
		at: new Date(LIMIT.getTime() - DAY),
		type: 'cloture',
		from: 'en_cours',
		to: 'cloturee',
		note: 'Reprise'
	});
	await db.insert(outbox).values({
		demandeId,
		recipient: 'marie@example.org',
		subject: 's',
		text: 't',
		nextAttemptAt: NOW,
		createdAt: NOW
	});
}

const row = async (db: Db, id: number) =>
	(await db.select().from(demandes).where(eq(demandes.id, id)))[0]!;

describe('runRetention: demandes', () => {
	it('anonymises a demande closed just before the limit, keeps the statistics fields, and is idempotent', async () => {
		const db = testDb();
		const old = await insertDemande(db);
		await addHistory(db, old!.id);
		const before = await row(db, old!.id);

		const report = await runRetention(db, NOW, policy);
		expect(report.demandesAnonymised).toBe(1);
		const after = await row(db, old!.id);
		// The search key (ADR 040) is computed from the name: it empties with it.
		expect(before.nameKey).toBe(' payet marie');
		expect(after.nameKey?.trim()).toBe('');
		expect(after).toMatchObject({
			nom: '',
			prenom: '',
			email: null,
			telephone: null,
			nir: null,
			message: null,
			orienteur: null,
			profile: null,
			answers: null,
			anonymisedAt: NOW
		});
		expect(after.result).toEqual({ level: result.level });
		expect(after.manageTokenHash).not.toBe(before.manageTokenHash);
		// Statistics keep: kind, status, département, source, dates, outcome, rendez-vous, events.
		for (const key of [
			'reference',
			'kind',
			'status',
			'departementCode',
			'source',
			'createdAt',
			'dueAt',
			'closedAt',
			'outcome',
			'questionnaireVersion',
			'shareResult',
			'sansCreneau',
			'locale'
		] as const) {
			expect(after[key]).toEqual(before[key]);
		}
		expect(
			await db.select().from(rendezVous).where(eq(rendezVous.demandeId, old!.id))
		).toHaveLength(1);
		const events = await db
			.select()
			.from(demandeEvents)
			.where(eq(demandeEvents.demandeId, old!.id));
		expect(events.map((e) => [e.type, e.from, e.to, e.note])).toEqual([
			['note', null, null, null],
			['cloture', 'en_cours', 'cloturee', null]
		]);
		expect(await db.select().from(outbox).where(eq(outbox.demandeId, old!.id))).toEqual([]);

		// Idempotent: a second run at the same time (or later) changes nothing.
		const snapshot = JSON.stringify(await db.select().from(demandes));
		expect(await runRetention(db, NOW, policy)).toEqual({
			draftsDeleted: 0,
			demandesAnonymised: 0,
			auditRowsDeleted: 0,
			sentMailsDeleted: 0
		});
		expect((await runRetention(db, new Date(NOW.getTime() + DAY), policy)).demandesAnonymised).toBe(
			0
		);
		expect(JSON.stringify(await db.select().from(demandes))).toBe(snapshot);
	});

	it('keeps a demande closed just after the limit, then anonymises it once the clock passes', async () => {
		const db = testDb();
		const recent = await insertDemande(db, { closedAt: new Date(LIMIT.getTime() + MINUTE) });
		expect((await runRetention(db, NOW, policy)).demandesAnonymised).toBe(0);
		expect(await row(db, recent!.id)).toMatchObject({
			nom: 'Payet',
			email: 'marie@example.org',
			anonymisedAt: null
		});
		const later = new Date(NOW.getTime() + 2 * MINUTE);
		expect((await runRetention(db, later, policy)).demandesAnonymised).toBe(1);
		expect(await row(db, recent!.id)).toMatchObject({ nom: '', email: null, anonymisedAt: later });
	});

	it('never touches open demandes, however old', async () => {
		const db = testDb();
		const open = await insertDemande(db, {
			status: 'nouvelle',
			closedAt: null,
			outcome: null,
			createdAt: new Date('2020-01-01T00:00:00Z')
		});
		const working = await insertDemande(db, {
			status: 'en_cours',
			closedAt: null,
			outcome: null,
			createdAt: new Date('2020-01-01T00:00:00Z')
		});
		await addHistory(db, working!.id);
		expect((await runRetention(db, NOW, policy)).demandesAnonymised).toBe(0);
		expect(await row(db, open!.id)).toMatchObject({
			nom: 'Payet',
			nir: '2850697412345',
			anonymisedAt: null
		});
		expect((await row(db, working!.id)).profile).toEqual(sampleProfile);
		expect(
			(await db.select().from(demandeEvents).where(eq(demandeEvents.demandeId, working!.id))).every(
				(e) => e.note !== null
			)
		).toBe(true);
		expect(await db.select().from(outbox).where(eq(outbox.demandeId, working!.id))).toHaveLength(1);
	});

	it('dates a cancelled demande by its cancellation (rendez-vous cancelledAt), not its creation', async () => {
		const db = testDb();
		const cancelled = await insertDemande(db, {
			status: 'annulee',
			closedAt: null,
			outcome: null,
			createdAt: new Date('2020-01-01T00:00:00Z')
		});
		await addHistory(db, cancelled!.id);
		await db
			.update(rendezVous)
			.set({
				status: 'annule',
				cancelledBy: 'assure',
				cancelledAt: new Date(LIMIT.getTime() + MINUTE)
			})
			.where(eq(rendezVous.demandeId, cancelled!.id));
		expect((await runRetention(db, NOW, policy)).demandesAnonymised).toBe(0);
		expect((await row(db, cancelled!.id)).nom).toBe('Payet');
		await db
			.update(rendezVous)
			.set({ cancelledAt: new Date(LIMIT.getTime() - MINUTE) })
			.where(eq(rendezVous.demandeId, cancelled!.id));
		expect((await runRetention(db, NOW, policy)).demandesAnonymised).toBe(1);
		expect(await row(db, cancelled!.id)).toMatchObject({
			nom: '',
			status: 'annulee',
			anonymisedAt: NOW
		});
	});

	it('follows a configured period', async () => {
		const db = testDb();
		const d = await insertDemande(db, {
			closedAt: new Date(monthsBefore(NOW, 6).getTime() - MINUTE)
		});
		expect((await runRetention(db, NOW, policy)).demandesAnonymised).toBe(0);
		expect((await runRetention(db, NOW, { ...policy, demandesMonths: 6 })).demandesAnonymised).toBe(
			1
		);
		expect((await row(db, d!.id)).nom).toBe('');
	});
});

describe('runRetention: drafts, audit log, sent mails', () => {
	it('deletes drafts and unsent results older than the TTL, keeps younger ones', async () => {
		const db = testDb();
		const oldStore = new DraftStore(db, 7, () => new Date(NOW.getTime() - 7 * DAY - MINUTE));
		const freshStore = new DraftStore(db, 7, () => new Date(NOW.getTime() - 7 * DAY + MINUTE));
		const old = await oldStore.create({ source: 'medecin_traitant' });
		await oldStore.complete(old.draft, sampleProfile, result);
		const fresh = await freshStore.create();
		expect((await runRetention(db, NOW, policy)).draftsDeleted).toBe(1);
		const ids = (await db.select({ id: questionnaireDrafts.id }).from(questionnaireDrafts)).map(
			(r) => r.id
		);
		expect(ids).toEqual([fresh.draft.id]);
		expect((await runRetention(db, NOW, policy)).draftsDeleted).toBe(0);
	});

	it('deletes audit rows older than the policy, keeps the rest', async () => {
		const db = testDb();
		const limit = monthsBefore(NOW, 12);
		await db.insert(auditLog).values({
			at: new Date(limit.getTime() - MINUTE),
			action: 'demande.view',
			demandeReference: 'A'
		});
		await db.insert(auditLog).values({
			at: new Date(limit.getTime() + MINUTE),
			action: 'demande.view',
			demandeReference: 'B'
		});
		expect((await runRetention(db, NOW, policy)).auditRowsDeleted).toBe(1);
		expect(await db.select({ ref: auditLog.demandeReference }).from(auditLog)).toEqual([
			{ ref: 'B' }
		]);
		expect((await runRetention(db, NOW, policy)).auditRowsDeleted).toBe(0);
	});

	it('purges mails sent more than 30 days ago, never unsent ones', async () => {
		const db = testDb();
		const mail = async (sentAt: Date | null) =>
			await db.insert(outbox).values({
				recipient: 'a@example.org',
				subject: 's',
				text: 't',
				nextAttemptAt: NOW,
				createdAt: NOW,
				sentAt
			});
		await mail(new Date(NOW.getTime() - 30 * DAY - MINUTE));
		await mail(new Date(NOW.getTime() - 30 * DAY + MINUTE));
		await mail(null);
		expect((await runRetention(db, NOW, policy)).sentMailsDeleted).toBe(1);
		expect(await db.select().from(outbox)).toHaveLength(2);
	});

	it('keeps staff accounts and is a no-op on an empty database', async () => {
		const db = testDb();
		const before = (await db.select().from(staffUsers)).length;
		const first = await runRetention(db, NOW, policy);
		expect(first.demandesAnonymised).toBe(0);
		expect(await db.select().from(staffUsers)).toHaveLength(before);
	});
});

describe('retention configuration', () => {
	it('defaults to 7 days, 24 months, 12 months, 30 days and validates the variables', () => {
		expect(retentionPolicyFrom(parseEnv({}))).toEqual({
			draftTtlDays: 7,
			demandesMonths: 24,
			auditMonths: 12,
			sentMailDays: 30
		});
		expect(
			retentionPolicyFrom(
				parseEnv({ RETENTION_DEMANDES_MONTHS: '36', AUDIT_RETENTION_MONTHS: '6' })
			)
		).toMatchObject({ demandesMonths: 36, auditMonths: 6 });
		expect(() => parseEnv({ RETENTION_DEMANDES_MONTHS: '0' })).toThrow(/RETENTION_DEMANDES_MONTHS/);
		expect(() => parseEnv({ AUDIT_RETENTION_MONTHS: 'abc' })).toThrow(/AUDIT_RETENTION_MONTHS/);
	});

	it('counts calendar months, clamping to the end of shorter months', () => {
		expect(monthsBefore(new Date('2026-03-31T10:00:00Z'), 1).toISOString()).toBe(
			'2026-02-28T10:00:00.000Z'
		);
		expect(monthsBefore(new Date('2026-11-24T03:00:00Z'), 24).toISOString()).toBe(
			'2024-11-24T03:00:00.000Z'
		);
	});
});
