import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { testDb } from '../helpers/db';
import { seedDemoData } from '$lib/server/db/seed';
import { agendas, auditLog, closureLifts, slotGeneration } from '$lib/server/db/schema';
import { BookingService, noBookingEvents } from '$lib/server/booking/service';
import type { StaffContext } from '$lib/server/auth/guard';
import { listForDepartements, setDefaultClosureOpen } from '$lib/server/agendas/manage';
import { departementForms } from '$lib/server/agendas/forms';

/*
 * Default closures of 971/972 that a responsable lifts (issue #13 §4, ADR 038), on a real
 * SQLite file with the demo agendas (phone: Monday–Friday).
 */

// Friday 19 March 2027, 12:00 in Guadeloupe (16:00 UTC): Good Friday 2027 is 26 March.
const NOW = new Date('2027-03-19T16:00:00Z');
const GOOD_FRIDAY = '2027-03-26';

const staff = (
	id: number,
	role: StaffContext['user']['role'],
	departements: string[]
): StaffContext => ({
	user: { id, email: `s${id}@example.org`, name: `Staff ${id}`, role },
	departements,
	sessionId: `session-${id}`
});
const responsable971 = staff(1, 'responsable', ['971', '972']);
const agent971 = staff(2, 'agent', ['971']);
const responsable974 = staff(3, 'responsable', ['974']);
const actor = (ctx: StaffContext) => ({ ctx, now: NOW });

function setup() {
	const db = testDb();
	seedDemoData(db, { onlyIfEmpty: false });
	const service = new BookingService(db, noBookingEvents, () => NOW);
	const days = (code: string) => new Set(service.freeSlots(code, 'telephone').map((s) => s.date));
	const generation = () => db.select().from(slotGeneration).get()!.value;
	return { db, service, days, generation };
}

describe('a responsable opens a default closure of 971/972', () => {
	it('offers slots on Good Friday once opened, and none again once closed', () => {
		const { db, days, generation } = setup();
		expect(days('971').has(GOOD_FRIDAY)).toBe(false);
		expect(days('971').has('2027-03-25')).toBe(true);

		const before = generation();
		const opened = setDefaultClosureOpen(db, actor(responsable971), '971', 'vendredi-saint', true);
		expect(opened).toMatchObject({ ok: true });
		// The trigger bumped the slot generation: the cached list is recomputed.
		expect(generation()).toBeGreaterThan(before);
		expect(days('971').has(GOOD_FRIDAY)).toBe(true);
		// Only that département: Martinique stays closed.
		expect(days('972').has(GOOD_FRIDAY)).toBe(false);

		const [view] = listForDepartements(db, responsable971, ['971'], NOW);
		expect(view?.defaultClosures).toEqual([
			{ holiday: 'victor-schoelcher', open: false },
			{ holiday: 'vendredi-saint', open: true }
		]);
		const audit = db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'default_closure_lift'))
			.all();
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ departementCode: '971', userId: 1 });

		expect(
			setDefaultClosureOpen(db, actor(responsable971), '971', 'vendredi-saint', false)
		).toMatchObject({ ok: true });
		expect(days('971').has(GOOD_FRIDAY)).toBe(false);
		expect(db.select().from(closureLifts).all()).toEqual([]);
		expect(
			db.select().from(auditLog).where(eq(auditLog.action, 'default_closure_restore')).all()
		).toHaveLength(1);
	});

	it('lets a person book on an opened Good Friday (the booking checks the same rules)', () => {
		const { db, service } = setup();
		setDefaultClosureOpen(db, actor(responsable971), '971', 'vendredi-saint', true);
		const slot = service.freeSlots('971', 'telephone').find((s) => s.date === GOOD_FRIDAY)!;
		const agenda = db
			.select()
			.from(agendas)
			.where(and(eq(agendas.departementCode, '971'), eq(agendas.mode, 'telephone')))
			.get()!;
		expect(agenda.id).toBe(slot.agendaId);
	});

	it('refuses out of scope, other départements and agents, storing nothing', () => {
		const { db } = setup();
		expect(
			setDefaultClosureOpen(db, actor(responsable974), '971', 'vendredi-saint', true)
		).toMatchObject({ ok: false, status: 404 });
		expect(setDefaultClosureOpen(db, actor(agent971), '971', 'vendredi-saint', true)).toMatchObject(
			{ ok: false }
		);
		// 974 has no such default closure: a clear 400 on the field.
		expect(
			setDefaultClosureOpen(db, actor(responsable974), '974', 'victor-schoelcher', true)
		).toMatchObject({ ok: false, status: 400, reason: 'agendas:errors.defaultClosure' });
		expect(db.select().from(closureLifts).all()).toEqual([]);
		expect(
			db.select().from(auditLog).where(eq(auditLog.action, 'default_closure_lift')).all()
		).toEqual([]);
	});

	it('validates the form: only the two liftable days, open 1 or 0', () => {
		const { schema } = departementForms.defaultClosure;
		expect(schema.safeParse({ holiday: 'vendredi-saint', open: '1' })).toMatchObject({
			success: true,
			data: { holiday: 'vendredi-saint', open: true }
		});
		expect(schema.safeParse({ holiday: 'noel', open: '1' }).success).toBe(false);
		expect(schema.safeParse({ holiday: 'vendredi-saint', open: 'yes' }).success).toBe(false);
	});
});
