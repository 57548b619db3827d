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

function setup() {
	const db = testDb();
	seedDemoData(db, { onlyIfEmpty: false });
	const service = new BookingService(db, noBookingEvents, () => NOW);
	const agendaOf = (code: string, mode: 'telephone' | 'visio' | 'accueil') =>
		db
			.select()
			.from(agendas)
			.where(and(eq(agendas.departementCode, code), eq(agendas.mode, mode)))
			.get()!;
	const book = (code: string, mode: 'telephone' | 'visio' | 'accueil', start: Date) => {
		const agenda = agendaOf(code, mode);
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
	const starts = (code: string, mode: 'telephone' | 'visio' | 'accueil') =>
		service.freeSlots(code, mode).map((s) => `${s.date} ${s.time}`);
	return { db, service, agendaOf, book, actor, starts };
}

const unwrap = <T>(outcome: Result<T>): T => {
	if (!outcome.ok) throw new Error(`refused: ${outcome.reason}`);
	return outcome.value;
};
const at = (date: string, time: string) => zonedDateTimeToInstant(date, time, REUNION)!;

describe('agenda changes apply to the public slots at once', () => {
	it('removing a weekly range, adding an absence or a one-off opening changes BookingService slots immediately', () => {
		const { db, agendaOf, actor, starts } = setup();
		const agenda = agendaOf('974', 'accueil'); // Mon, Wed, Fri 09:00–12:00
		expect(starts('974', 'accueil')).toContain('2026-11-25 09:00');

		updateWeekly(db, actor(responsable974), agenda.id, [
			{ weekday: 1, start: '09:00', end: '12:00' }
		]);
		const afterWeekly = starts('974', 'accueil');
		expect(afterWeekly.some((s) => s.startsWith('2026-11-25'))).toBe(false);
		expect(afterWeekly).toContain('2026-11-30 09:00');

		addAbsence(db, actor(responsable974), agenda.id, {
			start: at('2026-11-30', '00:00'),
			end: at('2026-12-01', '00:00'),
			label: 'Formation'
		});
		expect(starts('974', 'accueil').some((s) => s.startsWith('2026-11-30'))).toBe(false);

		addOpening(db, actor(responsable974), agenda.id, {
			date: '2026-12-02',
			start: '14:00',
			end: '15:30'
		});
		expect(starts('974', 'accueil').filter((s) => s.startsWith('2026-12-02'))).toEqual([
			'2026-12-02 14:00',
			'2026-12-02 14:45'
		]);

		updateSettings(db, actor(responsable974), agenda.id, { slotMinutes: 30, minNoticeDays: 1 });
		expect(starts('974', 'accueil').filter((s) => s.startsWith('2026-12-02'))).toEqual([
			'2026-12-02 14:00',
			'2026-12-02 14:30',
			'2026-12-02 15:00'
		]);

		setAgendaActive(db, actor(responsable974), agenda.id, false);
		expect(starts('974', 'accueil')).toEqual([]);
	});

	it('a slot overlapping an existing rendez-vous is never offered or bookable after the slot length changes', () => {
		const { db, agendaOf, actor, book, starts } = setup();
		const agenda = agendaOf('974', 'telephone');
		const booked = book('974', 'telephone', at('2026-11-24', '09:45')); // 09:45–10:30
		expect(booked.ok).toBe(true);
		updateSettings(db, actor(responsable974), agenda.id, { slotMinutes: 30, minNoticeDays: 1 });
		const tuesday = starts('974', 'telephone').filter((s) => s.startsWith('2026-11-24'));
		expect(tuesday.slice(0, 3)).toEqual([
			'2026-11-24 09:00',
			'2026-11-24 10:30',
			'2026-11-24 11:00'
		]);
		expect(book('974', 'telephone', at('2026-11-24', '10:00'))).toMatchObject({
			ok: false,
			reason: 'slot_taken'
		});
	});
});

describe('an edit never deletes or moves a rendez-vous: it shows a clash', () => {
	it('keeps the rendez-vous confirmed and lists it with its reasons and reference', () => {
		const { db, agendaOf, actor, book } = setup();
		const agenda = agendaOf('974', 'accueil');
		const outcome = book('974', 'accueil', at('2026-11-25', '09:45'));
		if (!outcome.ok) throw new Error('booking failed');
		expect(clashesOf(db, agenda, NOW)).toEqual([]);

		updateWeekly(db, actor(responsable974), agenda.id, []);
		addAbsence(db, actor(responsable974), agenda.id, {
			start: at('2026-11-25', '09:00'),
			end: at('2026-11-25', '12:00'),
			label: ''
		});
		setAgendaActive(db, actor(responsable974), agenda.id, false);
		const point = agenda.pointAccueilId!;
		setPointActive(db, actor(responsable974), point, false);
		addClosure(db, actor(responsable974), '974', '2026-11-25');

		const rdv = db.select().from(rendezVous).where(eq(rendezVous.id, outcome.rdv.id)).get()!;
		expect(rdv).toMatchObject({
			status: 'confirme',
			startsAt: outcome.rdv.startsAt,
			agendaId: agenda.id
		});
		expect(
			db.select().from(demandes).where(eq(demandes.id, outcome.demande.id)).get()?.status
		).toBe('nouvelle');

		const fresh = db.select().from(agendas).where(eq(agendas.id, agenda.id)).get()!;
		expect(clashesOf(db, fresh, NOW)).toEqual([
			{
				reference: outcome.demande.reference,
				startsAt: outcome.rdv.startsAt.toISOString(),
				endsAt: outcome.rdv.endsAt.toISOString(),
				reasons: ['agenda_inactive', 'point_inactive', 'closure', 'outside_hours', 'absence']
			}
		]);
		const listed = listForDepartements(db, responsable974, ['974'], NOW)[0]!;
		expect(listed.agendas.find((a) => a.id === agenda.id)?.clashes.map((c) => c.reference)).toEqual(
			[outcome.demande.reference]
		);
		expect(listed.closures).toEqual(['2026-11-25']);
	});
});

describe('scope and roles (IDOR)', () => {
	it('a responsable of 974 cannot read or change an agenda, point or closure of 69: 404, nothing stored, nothing audited', () => {
		const { db, agendaOf, actor } = setup();
		const foreign = agendaOf('69', 'telephone');
		const before = JSON.stringify(
			db.select().from(agendas).where(eq(agendas.id, foreign.id)).get()
		);
		const auditBefore = db.select().from(auditLog).all().length;
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
			() =>
				updatePoint(
					db,
					actor(responsable974),
					foreign.pointAccueilId ?? agendaOf('69', 'accueil').pointAccueilId!,
					{ name: 'x', address: 'y', accessibility: '' }
				),
			() =>
				setPointActive(db, actor(responsable974), agendaOf('69', 'accueil').pointAccueilId!, false),
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
			expect(attempt()).toMatchObject({ ok: false, reason: 'not_found', status: 404 });
		expect(JSON.stringify(db.select().from(agendas).where(eq(agendas.id, foreign.id)).get())).toBe(
			before
		);
		expect(db.select().from(agendaOpenings).all()).toEqual([]);
		expect(db.select().from(auditLog).all().length).toBe(auditBefore);
		expect(listForDepartements(db, responsable974, ['69', '974'], NOW).map((d) => d.code)).toEqual([
			'974'
		]);
	});

	it('an agent reads the agendas of its départements but cannot change them (403), and sees nothing of 974 (404)', () => {
		const { db, agendaOf, actor } = setup();
		const own = agendaOf('69', 'telephone');
		expect(agendaDetail(db, agent69, own.id, NOW)).toMatchObject({
			ok: true,
			value: { id: own.id, canManage: false }
		});
		expect(updateWeekly(db, actor(agent69), own.id, [])).toMatchObject({
			ok: false,
			reason: 'forbidden',
			status: 403
		});
		expect(addClosure(db, actor(agent69), '69', '2026-12-01')).toMatchObject({
			ok: false,
			status: 403
		});
		expect(
			db.select().from(agendas).where(eq(agendas.id, own.id)).get()?.weekly.length
		).toBeGreaterThan(0);
		expect(agendaDetail(db, agent69, agendaOf('974', 'telephone').id, NOW)).toMatchObject({
			ok: false,
			status: 404
		});
		expect(updateWeekly(db, actor(agent69), agendaOf('974', 'telephone').id, [])).toMatchObject({
			ok: false,
			status: 404
		});
		expect(
			listForDepartements(db, agent69, ['69', '01', '974'], NOW).map((d) => [d.code, d.canManage])
		).toEqual([
			['69', false],
			['01', false]
		]);
	});

	it('a tampered opening id of another agenda is refused and the opening stays', () => {
		const { db, agendaOf, actor } = setup();
		const own = agendaOf('69', 'telephone');
		const other = agendaOf('69', 'visio');
		addOpening(db, actor(responsable69), other.id, {
			date: '2026-12-02',
			start: '18:00',
			end: '19:00'
		});
		const opening = db.select().from(agendaOpenings).get()!;
		expect(removeOpening(db, actor(responsable69), own.id, opening.id)).toMatchObject({
			ok: false,
			status: 404
		});
		expect(db.select().from(agendaOpenings).all()).toHaveLength(1);
		removeOpening(db, actor(responsable69), other.id, opening.id);
		expect(db.select().from(agendaOpenings).all()).toHaveLength(0);
	});

	it('an in-person agenda cannot use a point d’accueil of another département (nothing half-stored)', () => {
		const { db, agendaOf, actor } = setup();
		const count = () => db.select().from(agendas).all().length;
		const before = count();
		const foreignPoint = agendaOf('974', 'accueil').pointAccueilId!;
		expect(
			createAgenda(db, actor(admin), {
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
		expect(count()).toBe(before);
		const point = unwrap(
			createPoint(db, actor(responsable69), {
				departement: '69',
				name: 'Lyon 3e',
				address: '10 rue Test, Lyon',
				accessibility: ''
			})
		);
		const id = unwrap(
			createAgenda(db, actor(responsable69), {
				departement: '69',
				mode: 'accueil',
				pointAccueil: point
			})
		);
		expect(db.select().from(agendas).where(eq(agendas.id, id)).get()).toMatchObject({
			departementCode: '69',
			mode: 'accueil',
			pointAccueilId: point,
			weekly: []
		});
		expect(db.select().from(pointsAccueil).where(eq(pointsAccueil.id, point)).get()?.isDemo).toBe(
			false
		);
	});

	it('an administrateur changes any département, and every change leaves an audit row without personal data', () => {
		const { db, agendaOf, actor } = setup();
		const agenda = agendaOf('2A', 'visio');
		updateWeekly(db, actor(admin), agenda.id, [{ weekday: 3, start: '10:00', end: '11:00' }]);
		addAbsence(db, actor(admin), agenda.id, {
			start: at('2026-12-01', '09:00'),
			end: at('2026-12-01', '10:00'),
			label: 'Mme Dupont malade'
		});
		const rows = db.select().from(auditLog).where(eq(auditLog.userId, admin.user.id)).all();
		expect(rows.map((r) => [r.action, r.departementCode])).toEqual([
			['agenda_update', '2A'],
			['agenda_absence_add', '2A']
		]);
		expect(rows[0]?.details).toEqual({ agenda: agenda.id, change: 'weekly', ranges: 1 });
		expect(JSON.stringify(rows)).not.toContain('Dupont');
	});
});
