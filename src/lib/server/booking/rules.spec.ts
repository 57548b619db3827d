import { describe, expect, it } from 'vitest';
import { testDb } from '../../../../tests/helpers/db';
import type { WeeklyOpening } from '$lib/booking/slots';
import {
	agendaAbsences,
	agendaOpenings,
	agendas,
	closures,
	pointsAccueil
} from '$lib/server/db/schema';
import { agendaRules, buildRules, offeredAgenda } from './rules';

const weekly: WeeklyOpening[] = [{ weekday: 1, start: '09:00', end: '12:00' }];

async function setup() {
	const db = testDb();
	const [point] = await db
		.insert(pointsAccueil)
		.values({ departementCode: '974', name: 'Saint-Denis', address: '1 rue' })
		.returning();
	const [phone] = await db
		.insert(agendas)
		.values({ departementCode: '974', mode: 'telephone', weekly, slotMinutes: 30 })
		.returning();
	const [inPerson] = await db
		.insert(agendas)
		.values({ departementCode: '974', mode: 'accueil', weekly, pointAccueilId: point!.id })
		.returning();
	return { db, point, phone, inPerson };
}

describe('rule assembly (real SQLite)', () => {
	it("gathers an agenda's hours, openings, absences, its département's closures and time zone", async () => {
		const { db, phone } = await setup();
		await db
			.insert(agendaOpenings)
			.values({ agendaId: phone!.id, date: '2026-12-05', start: '10:00', end: '11:00' });
		const absence = {
			start: new Date('2026-12-01T05:00:00Z'),
			end: new Date('2026-12-01T08:00:00Z')
		};
		await db
			.insert(agendaAbsences)
			.values({ agendaId: phone!.id, startsAt: absence.start, endsAt: absence.end });
		await db.insert(closures).values([
			{ departementCode: '974', date: '2026-12-07' },
			{ departementCode: '69', date: '2026-12-08' }
		]);
		const rules = await agendaRules(db, phone!);
		expect(rules).toMatchObject({
			timeZone: 'Indian/Reunion',
			departementCode: '974',
			slotMinutes: 30,
			minNoticeDays: 1,
			weekly,
			closures: ['2026-12-07'],
			absences: [absence]
		});
		expect((rules.openings ?? []).map((o) => [o.date, o.start, o.end])).toEqual([
			['2026-12-05', '10:00', '11:00']
		]);
	});

	it('refuses an agenda of an unknown département (no time zone, no slot)', async () => {
		const { phone } = await setup();
		expect(() =>
			buildRules([{ ...phone!, departementCode: '00' }], {
				openings: [],
				absences: [],
				closures: []
			})
		).toThrow(RangeError);
	});

	it('offers an agenda only when it and its point are active, for its département and mode', async () => {
		const { db, phone, inPerson, point } = await setup();
		expect((await offeredAgenda(db, phone!.id, '974', 'telephone'))?.id).toBe(phone!.id);
		expect((await offeredAgenda(db, phone!.id, '974', undefined))?.id).toBe(phone!.id);
		expect(await offeredAgenda(db, phone!.id, '974', 'visio')).toBeUndefined();
		expect(await offeredAgenda(db, phone!.id, '69', 'telephone')).toBeUndefined();
		expect((await offeredAgenda(db, inPerson!.id, '974', 'accueil'))?.id).toBe(inPerson!.id);
		await db.update(pointsAccueil).set({ active: false });
		expect(point!.active).toBe(true);
		expect(await offeredAgenda(db, inPerson!.id, '974', 'accueil')).toBeUndefined();
		await db.update(agendas).set({ active: false });
		expect(await offeredAgenda(db, phone!.id, '974', 'telephone')).toBeUndefined();
	});
});
