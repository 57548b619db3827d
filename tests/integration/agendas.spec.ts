import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { testDb } from '../helpers/db';
import { seedDemoData } from '$lib/server/db/seed';
import {
	agendaOpenings,
	agendas,
	auditLog,
	demandes,
	pointsAccueil,
	rendezVous
} from '$lib/server/db/schema';
import {
	BookingService,
	newManageToken,
	type Contact,
	noBookingEvents
} from '$lib/server/booking/service';
import type { StaffContext } from '$lib/server/auth/guard';
import { zonedDateTimeToInstant } from '$lib/booking/time';
import type { Result } from '$lib/server/result';
import {
	addAbsence,
	addClosure,
	addOpening,
	agendaDetail,
	clashesOf,
	createAgenda,
	createPoint,
	listForDepartements,
	removeOpening,
	setAgendaActive,
	setPointActive,
	updatePoint,
	updateSettings,
	updateWeekly
} from '$lib/server/agendas/manage';

// Monday 23 November 2026, 13:00 in Réunion (09:00 UTC).
const NOW = new Date('2026-11-23T09:00:00Z');
const REUNION = 'Indian/Reunion';
const contact: Contact = {
	nom: 'Hoarau',
	prenom: 'Line',
	email: 'line@example.org',
	telephone: '0692000000',
	nir: null,
	message: null
};

const staff = (
	id: number,
	role: StaffContext['user']['role'],
	departements: string[]
): StaffContext => ({
	user: { id, email: `s${id}@example.org`, name: `Staff ${id}`, role },
	departements,
	sessionId: `session-${id}`
});
const responsable974 = staff(1, 'responsable', ['974']);
const agent69 = staff(2, 'agent', ['69', '01']);
const responsable69 = staff(3, 'responsable', ['69']);
const admin = staff(4, 'administrateur', []);

async function setup() {
	const db = testDb();
	await seedDemoData(db, { onlyIfEmpty: false });
	const service = new BookingService(db, noBookingEvents, () => NOW);
	const agendaOf = async (code: string, mode: 'telephone' | 'visio' | 'accueil') =>
		(
			await db
				.select()
				.from(agendas)
				.where(and(eq(agendas.departementCode, code), eq(agendas.mode, mode)))
		)[0]!;
	const book = async (code: string, mode: 'telephone' | 'visio' | 'accueil', start: Date) => {
		const agenda = await agendaOf(code, mode);
		return service.book({
			departementCode: code,
			source: 'moi_meme',
			contact,
			share: null,
			locale: 'fr',
			token: newManageToken(),
			agendaId: agenda.id,
			start
		});
	};
	const actor = (ctx: StaffContext) => ({ ctx, now: NOW });
	const starts = async (code: string, mode: 'telephone' | 'visio' | 'accueil') =>
		(await service.freeSlots(code, mode)).map((s) => `${s.date} ${s.time}`);
	return { db, service, agendaOf, book, actor, starts };
}

const unwrap = <T>(outcome: Result<T>): T => {
	if (!outcome.ok) throw new Error(`refused: ${outcome.reason}`);
	return outcome.value;
};
const at = (date: string, time: string) => zonedDateTimeToInstant(date, time, REUNION)!;

describe('agenda changes apply to the public slots at once', () => {
	it('removing a weekly range, adding an absence or a one-off opening changes BookingService slots immediately', async () => {
		const { db, agendaOf, actor, starts } = await setup();
		const agenda = await agendaOf('974', 'accueil'); // Mon, Wed, Fri 09:00–12:00
		expect(await starts('974', 'accueil')).toContain('2026-11-25 09:00');

		await updateWeekly(db, actor(responsable974), agenda.id, [
			{ weekday: 1, start: '09:00', end: '12:00' }
		]);
		const afterWeekly = await starts('974', 'accueil');
		expect(afterWeekly.some((s) => s.startsWith('2026-11-25'))).toBe(false);
		expect(afterWeekly).toContain('2026-11-30 09:00');

		await addAbsence(db, actor(responsable974), agenda.id, {
			start: at('2026-11-30', '00:00'),
			end: at('2026-12-01', '00:00'),
			label: 'Formation'
		});
		expect((await starts('974', 'accueil')).some((s) => s.startsWith('2026-11-30'))).toBe(false);

		await addOpening(db, actor(responsable974), agenda.id, {
			date: '2026-12-02',
			start: '14:00',
			end: '15:30'
		});
		expect((await starts('974', 'accueil')).filter((s) => s.startsWith('2026-12-02'))).toEqual([
			'2026-12-02 14:00',
			'2026-12-02 14:45'
		]);

		await updateSettings(db, actor(responsable974), agenda.id, {
			slotMinutes: 30,
			minNoticeDays: 1
		});
		expect((await starts('974', 'accueil')).filter((s) => s.startsWith('2026-12-02'))).toEqual([
			'2026-12-02 14:00',
			'2026-12-02 14:30',
			'2026-12-02 15:00'
		]);

		await setAgendaActive(db, actor(responsable974), agenda.id, false);
		expect(await starts('974', 'accueil')).toEqual([]);
	});

	it('a slot overlapping an existing rendez-vous is never offered or bookable after the slot length changes', async () => {
		const { db, agendaOf, actor, book, starts } = await setup();
		const agenda = await agendaOf('974', 'telephone');
		const booked = await book('974', 'telephone', at('2026-11-24', '09:45')); // 09:45–10:30
		expect(booked.ok).toBe(true);
		await updateSettings(db, actor(responsable974), agenda.id, {
			slotMinutes: 30,
			minNoticeDays: 1
		});
		const tuesday = (await starts('974', 'telephone')).filter((s) => s.startsWith('2026-11-24'));
		expect(tuesday.slice(0, 3)).toEqual([
			'2026-11-24 09:00',
			'2026-11-24 10:30',
			'2026-11-24 11:00'
		]);
		expect(await book('974', 'telephone', at('2026-11-24', '10:00'))).toMatchObject({
			ok: false,
			reason: 'slot_taken'
		});
	});
});

describe('an edit never deletes or moves a rendez-vous: it shows a clash', () => {
	it('keeps the rendez-vous confirmed and lists it with its reasons and reference', async () => {
		const { db, agendaOf, actor, book } = await setup();
		const agenda = await agendaOf('974', 'accueil');
		const outcome = await book('974', 'accueil', at('2026-11-25', '09:45'));
		if (!outcome.ok) throw new Error('booking failed');
		expect(await clashesOf(db, agenda, NOW)).toEqual([]);

		await updateWeekly(db, actor(responsable974), agenda.id, []);
		await addAbsence(db, actor(responsable974), agenda.id, {
			start: at('2026-11-25', '09:00'),
			end: at('2026-11-25', '12:00'),
			label: ''
		});
		await setAgendaActive(db, actor(responsable974), agenda.id, false);
		const point = agenda.pointAccueilId!;
		await setPointActive(db, actor(responsable974), point, false);
		await addClosure(db, actor(responsable974), '974', '2026-11-25');

		const rdv = (await db.select().from(rendezVous).where(eq(rendezVous.id, outcome.rdv.id)))[0]!;
		expect(rdv).toMatchObject({
			status: 'confirme',
			startsAt: outcome.rdv.startsAt,
			agendaId: agenda.id
		});
		expect(
			(await db.select().from(demandes).where(eq(demandes.id, outcome.demande.id)))[0]?.status
		).toBe('nouvelle');

		const fresh = (await db.select().from(agendas).where(eq(agendas.id, agenda.id)))[0]!;
		expect(await clashesOf(db, fresh, NOW)).toEqual([
			{
				reference: outcome.demande.reference,
				startsAt: outcome.rdv.startsAt.toISOString(),
				endsAt: outcome.rdv.endsAt.toISOString(),
				reasons: ['agenda_inactive', 'point_inactive', 'closure', 'outside_hours', 'absence']
			}
		]);
		const listed = (await listForDepartements(db, responsable974, ['974'], NOW))[0]!;
		expect(listed.agendas.find((a) => a.id === agenda.id)?.clashes.map((c) => c.reference)).toEqual(
			[outcome.demande.reference]
		);
		expect(listed.closures).toEqual(['2026-11-25']);
	});
});

describe('scope and roles (IDOR)', () => {
	it('a responsable of 974 cannot read or change an agenda, point or closure of 69: 404, nothing stored, nothing audited', async () => {
		const { db, agendaOf, actor } = await setup();
		const foreign = await agendaOf('69', 'telephone');
		const before = JSON.stringify(
			(await db.select().from(agendas).where(eq(agendas.id, foreign.id)))[0]
		);
		const auditBefore = (await db.select().from(auditLog)).length;
		const attempts: (() => unknown)[] = [
			() => agendaDetail(db, responsable974, foreign.id, NOW),
			() => updateWeekly(db, actor(responsable974), foreign.id, []),
			() =>
				updateSettings(db, actor(responsable974), foreign.id, {
					slotMinutes: 120,
					minNoticeDays: 10
				}),
			() => setAgendaActive(db, actor(responsable974), foreign.id, false),
			() =>
				addOpening(db, actor(responsable974), foreign.id, {
					date: '2026-12-02',
					start: '18:00',
					end: '19:00'
				}),
			() =>
				addAbsence(db, actor(responsable974), foreign.id, {
					start: NOW,
					end: new Date(NOW.getTime() + 3_600_000),
					label: ''
				}),
			async () =>
				updatePoint(
					db,
					actor(responsable974),
					foreign.pointAccueilId ?? (await agendaOf('69', 'accueil')).pointAccueilId!,
					{ name: 'x', address: 'y', accessibility: '' }
				),
			async () =>
				setPointActive(
					db,
					actor(responsable974),
					(await agendaOf('69', 'accueil')).pointAccueilId!,
					false
				),
			() =>
				createAgenda(db, actor(responsable974), {
					departement: '69',
					mode: 'visio',
					pointAccueil: null
				}),
			() =>
				createPoint(db, actor(responsable974), {
					departement: '69',
					name: 'x',
					address: 'y',
					accessibility: ''
				}),
			() => addClosure(db, actor(responsable974), '69', '2026-12-01')
		];
		for (const attempt of attempts)
			expect(await attempt()).toMatchObject({ ok: false, reason: 'not_found', status: 404 });
		expect(
			JSON.stringify((await db.select().from(agendas).where(eq(agendas.id, foreign.id)))[0])
		).toBe(before);
		expect(await db.select().from(agendaOpenings)).toEqual([]);
		expect((await db.select().from(auditLog)).length).toBe(auditBefore);
		expect(
			(await listForDepartements(db, responsable974, ['69', '974'], NOW)).map((d) => d.code)
		).toEqual(['974']);
	});

	it('an agent reads the agendas of its départements but cannot change them (403), and sees nothing of 974 (404)', async () => {
		const { db, agendaOf, actor } = await setup();
		const own = await agendaOf('69', 'telephone');
		expect(await agendaDetail(db, agent69, own.id, NOW)).toMatchObject({
			ok: true,
			value: { id: own.id, canManage: false }
		});
		expect(await updateWeekly(db, actor(agent69), own.id, [])).toMatchObject({
			ok: false,
			reason: 'forbidden',
			status: 403
		});
		expect(await addClosure(db, actor(agent69), '69', '2026-12-01')).toMatchObject({
			ok: false,
			status: 403
		});
		expect(
			(await db.select().from(agendas).where(eq(agendas.id, own.id)))[0]?.weekly.length
		).toBeGreaterThan(0);
		expect(
			await agendaDetail(db, agent69, (await agendaOf('974', 'telephone')).id, NOW)
		).toMatchObject({
			ok: false,
			status: 404
		});
		expect(
			await updateWeekly(db, actor(agent69), (await agendaOf('974', 'telephone')).id, [])
		).toMatchObject({
			ok: false,
			status: 404
		});
		expect(
			(await listForDepartements(db, agent69, ['69', '01', '974'], NOW)).map((d) => [
				d.code,
				d.canManage
			])
		).toEqual([
			['69', false],
			['01', false]
		]);
	});

	it('a tampered opening id of another agenda is refused and the opening stays', async () => {
		const { db, agendaOf, actor } = await setup();
		const own = await agendaOf('69', 'telephone');
		const other = await agendaOf('69', 'visio');
		await addOpening(db, actor(responsable69), other.id, {
			date: '2026-12-02',
			start: '18:00',
			end: '19:00'
		});
		const opening = (await db.select().from(agendaOpenings))[0]!;
		expect(await removeOpening(db, actor(responsable69), own.id, opening.id)).toMatchObject({
			ok: false,
			status: 404
		});
		expect(await db.select().from(agendaOpenings)).toHaveLength(1);
		await removeOpening(db, actor(responsable69), other.id, opening.id);
		expect(await db.select().from(agendaOpenings)).toHaveLength(0);
	});

	it('an in-person agenda cannot use a point d’accueil of another département (nothing half-stored)', async () => {
		const { db, agendaOf, actor } = await setup();
		const count = async () => (await db.select().from(agendas)).length;
		const before = await count();
		const foreignPoint = (await agendaOf('974', 'accueil')).pointAccueilId!;
		expect(
			await createAgenda(db, actor(admin), {
				departement: '69',
				mode: 'accueil',
				pointAccueil: foreignPoint
			})
		).toEqual({
			ok: false,
			reason: 'agendas:errors.pointAccueil',
			status: 400,
			field: 'pointAccueil'
		});
		expect(await count()).toBe(before);
		const point = unwrap(
			await createPoint(db, actor(responsable69), {
				departement: '69',
				name: 'Lyon 3e',
				address: '10 rue Test, Lyon',
				accessibility: ''
			})
		);
		const id = unwrap(
			await createAgenda(db, actor(responsable69), {
				departement: '69',
				mode: 'accueil',
				pointAccueil: point
			})
		);
		expect((await db.select().from(agendas).where(eq(agendas.id, id)))[0]).toMatchObject({
			departementCode: '69',
			mode: 'accueil',
			pointAccueilId: point,
			weekly: []
		});
		expect(
			(await db.select().from(pointsAccueil).where(eq(pointsAccueil.id, point)))[0]?.isDemo
		).toBe(false);
	});

	it('an administrateur changes any département, and every change leaves an audit row without personal data', async () => {
		const { db, agendaOf, actor } = await setup();
		const agenda = await agendaOf('2A', 'visio');
		await updateWeekly(db, actor(admin), agenda.id, [{ weekday: 3, start: '10:00', end: '11:00' }]);
		await addAbsence(db, actor(admin), agenda.id, {
			start: at('2026-12-01', '09:00'),
			end: at('2026-12-01', '10:00'),
			label: 'Mme Dupont malade'
		});
		const rows = await db.select().from(auditLog).where(eq(auditLog.userId, admin.user.id));
		expect(rows.map((r) => [r.action, r.departementCode])).toEqual([
			['agenda_update', '2A'],
			['agenda_absence_add', '2A']
		]);
		expect(rows[0]?.details).toEqual({ agenda: agenda.id, change: 'weekly', ranges: 1 });
		expect(JSON.stringify(rows)).not.toContain('Dupont');
	});
});
