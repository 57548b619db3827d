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

async function setup() {
	const db = testDb();
	await seedDemoData(db, { onlyIfEmpty: false });
	const service = new BookingService(db, noBookingEvents, () => NOW);
	const days = async (code: string) =>
		new Set((await service.freeSlots(code, 'telephone')).map((s) => s.date));
	const generation = async () => (await db.select().from(slotGeneration))[0]!.value;
	return { db, service, days, generation };
}

describe('a responsable opens a default closure of 971/972', () => {
	it('offers slots on Good Friday once opened, and none again once closed', async () => {
		const { db, days, generation } = await setup();
		expect((await days('971')).has(GOOD_FRIDAY)).toBe(false);
		expect((await days('971')).has('2027-03-25')).toBe(true);

		const before = await generation();
		const opened = await setDefaultClosureOpen(
			db,
			actor(responsable971),
			'971',
			'vendredi-saint',
			true
		);
		expect(opened).toMatchObject({ ok: true });
		// The trigger bumped the slot generation: the cached list is recomputed.
		expect(await generation()).toBeGreaterThan(before);
		expect((await days('971')).has(GOOD_FRIDAY)).toBe(true);
		// Only that département: Martinique stays closed.
		expect((await days('972')).has(GOOD_FRIDAY)).toBe(false);

		const [view] = await listForDepartements(db, responsable971, ['971'], NOW);
		expect(view?.defaultClosures).toEqual([
			{ holiday: 'victor-schoelcher', open: false },
			{ holiday: 'vendredi-saint', open: true }
		]);
		const audit = await db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'default_closure_lift'));
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ departementCode: '971', userId: 1 });

		expect(
			await setDefaultClosureOpen(db, actor(responsable971), '971', 'vendredi-saint', false)
		).toMatchObject({ ok: true });
		expect((await days('971')).has(GOOD_FRIDAY)).toBe(false);
		expect(await db.select().from(closureLifts)).toEqual([]);
		expect(
			await db.select().from(auditLog).where(eq(auditLog.action, 'default_closure_restore'))
		).toHaveLength(1);
	});

	it('lets a person book on an opened Good Friday (the booking checks the same rules)', async () => {
		const { db, service } = await setup();
		await setDefaultClosureOpen(db, actor(responsable971), '971', 'vendredi-saint', true);
		const slot = (await service.freeSlots('971', 'telephone')).find((s) => s.date === GOOD_FRIDAY)!;
		const agenda = (
			await db
				.select()
				.from(agendas)
				.where(and(eq(agendas.departementCode, '971'), eq(agendas.mode, 'telephone')))
		)[0]!;
		expect(agenda.id).toBe(slot.agendaId);
	});

	it('refuses out of scope, other départements and agents, storing nothing', async () => {
		const { db } = await setup();
		expect(
			await setDefaultClosureOpen(db, actor(responsable974), '971', 'vendredi-saint', true)
		).toMatchObject({ ok: false, status: 404 });
		expect(
			await setDefaultClosureOpen(db, actor(agent971), '971', 'vendredi-saint', true)
		).toMatchObject({ ok: false });
		// 974 has no such default closure: a clear 400 on the field.
		expect(
			await setDefaultClosureOpen(db, actor(responsable974), '974', 'victor-schoelcher', true)
		).toMatchObject({ ok: false, status: 400, reason: 'agendas:errors.defaultClosure' });
		expect(await db.select().from(closureLifts)).toEqual([]);
		expect(
			await db.select().from(auditLog).where(eq(auditLog.action, 'default_closure_lift'))
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
