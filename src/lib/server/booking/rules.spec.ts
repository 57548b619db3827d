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

function setup() {
	const db = testDb();
	const point = db
		.insert(pointsAccueil)
		.values({ departementCode: '974', name: 'Saint-Denis', address: '1 rue' })
		.returning()
		.get();
	const phone = db
		.insert(agendas)
		.values({ departementCode: '974', mode: 'telephone', weekly, slotMinutes: 30 })
		.returning()
		.get();
	const inPerson = db
		.insert(agendas)
		.values({ departementCode: '974', mode: 'accueil', weekly, pointAccueilId: point.id })
		.returning()
		.get();
	return { db, point, phone, inPerson };
}

describe('rule assembly (real SQLite)', () => {
	it("gathers an agenda's hours, openings, absences, its département's closures and time zone", () => {
		const { db, phone } = setup();
		db.insert(agendaOpenings)
			.values({ agendaId: phone.id, date: '2026-12-05', start: '10:00', end: '11:00' })
			.run();
		const absence = {
			start: new Date('2026-12-01T05:00:00Z'),
			end: new Date('2026-12-01T08:00:00Z')
		};
		db.insert(agendaAbsences)
			.values({ agendaId: phone.id, startsAt: absence.start, endsAt: absence.end })
			.run();
		db.insert(closures)
			.values([
				{ departementCode: '974', date: '2026-12-07' },
				{ departementCode: '69', date: '2026-12-08' }
			])
			.run();
		const rules = agendaRules(db, phone);
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

	it('refuses an agenda of an unknown département (no time zone, no slot)', () => {
		const { phone } = setup();
		expect(() =>
			buildRules([{ ...phone, departementCode: '00' }], {
				openings: [],
				absences: [],
				closures: []
			})
		).toThrow(RangeError);
	});

	it('offers an agenda only when it and its point are active, for its département and mode', () => {
		const { db, phone, inPerson, point } = setup();
		expect(offeredAgenda(db, phone.id, '974', 'telephone')?.id).toBe(phone.id);
		expect(offeredAgenda(db, phone.id, '974', undefined)?.id).toBe(phone.id);
		expect(offeredAgenda(db, phone.id, '974', 'visio')).toBeUndefined();
		expect(offeredAgenda(db, phone.id, '69', 'telephone')).toBeUndefined();
		expect(offeredAgenda(db, inPerson.id, '974', 'accueil')?.id).toBe(inPerson.id);
		db.update(pointsAccueil).set({ active: false }).run();
		expect(point.active).toBe(true);
		expect(offeredAgenda(db, inPerson.id, '974', 'accueil')).toBeUndefined();
		db.update(agendas).set({ active: false }).run();
		expect(offeredAgenda(db, phone.id, '974', 'telephone')).toBeUndefined();
	});
});
