import { describe, expect, it } from 'vitest';
import { findClashes, type BookedRendezVous } from './clashes';
import { generateSlots, type AgendaRules } from './slots';
import { zonedDateTimeToInstant } from './time';

const TZ = 'Europe/Paris';
// Monday 23 November 2026, 10:00 in Paris.
const NOW = new Date('2026-11-23T09:00:00Z');
const at = (date: string, time: string, zone = TZ) => zonedDateTimeToInstant(date, time, zone)!;
let nextId = 1;
const rdv = (date: string, time: string, minutes = 45, zone = TZ): BookedRendezVous => {
	const startsAt = at(date, time, zone);
	return { id: nextId++, startsAt, endsAt: new Date(startsAt.getTime() + minutes * 60_000) };
};
const rules = (over: Partial<AgendaRules> = {}): AgendaRules => ({
	timeZone: TZ,
	departementCode: '69',
	slotMinutes: 45,
	weekly: [1, 2, 3, 4, 5].flatMap((weekday) => [
		{ weekday: weekday as 1, start: '09:00', end: '12:00' },
		{ weekday: weekday as 1, start: '13:30', end: '16:30' }
	]),
	...over
});

describe('findClashes', () => {
	it('finds nothing when every rendez-vous lies within the hours', () => {
		const booked = [
			rdv('2026-11-24', '09:00'),
			rdv('2026-11-24', '11:15'),
			rdv('2026-11-30', '15:45')
		];
		expect(findClashes(rules(), booked, NOW)).toEqual([]);
	});

	it('flags a rendez-vous whose weekly range was removed, and keeps the others', () => {
		const kept = rdv('2026-11-24', '09:00');
		const orphan = rdv('2026-11-24', '14:15');
		const morningsOnly = rules({
			weekly: [1, 2, 3, 4, 5].map((weekday) => ({
				weekday: weekday as 1,
				start: '09:00',
				end: '12:00'
			}))
		});
		expect(findClashes(morningsOnly, [kept, orphan], NOW)).toEqual([
			{ rdv: orphan, reasons: ['outside_hours'] }
		]);
	});

	it('flags a rendez-vous that overflows shortened hours (the end must fit too)', () => {
		const late = rdv('2026-11-24', '11:15'); // ends 12:00
		const shorter = rules({ weekly: [{ weekday: 2, start: '09:00', end: '11:30' }] });
		expect(findClashes(shorter, [late], NOW).map((c) => c.reasons)).toEqual([['outside_hours']]);
	});

	it('does not flag a rendez-vous made under an older slot length if it still lies within the hours', () => {
		const booked = [rdv('2026-11-24', '09:45')];
		expect(findClashes(rules({ slotMinutes: 30 }), booked, NOW)).toEqual([]);
	});

	it('accepts a rendez-vous covered by a one-off opening on a day without weekly hours', () => {
		const onlyMonday = rules({ weekly: [{ weekday: 1, start: '09:00', end: '12:00' }] });
		const wednesday = rdv('2026-11-25', '10:00');
		expect(findClashes(onlyMonday, [wednesday], NOW).map((c) => c.reasons)).toEqual([
			['outside_hours']
		]);
		const withOpening = {
			...onlyMonday,
			openings: [{ date: '2026-11-25', start: '09:30', end: '11:00' }]
		};
		expect(findClashes(withOpening, [wednesday], NOW)).toEqual([]);
	});

	it('flags absences with half-open bounds (an absence ending when the rendez-vous starts is no clash)', () => {
		const booked = rdv('2026-11-24', '10:30');
		const touching = rules({
			absences: [{ start: at('2026-11-24', '09:00'), end: at('2026-11-24', '10:30') }]
		});
		expect(findClashes(touching, [booked], NOW)).toEqual([]);
		const overlapping = rules({
			absences: [{ start: at('2026-11-24', '11:00'), end: at('2026-11-24', '12:00') }]
		});
		expect(findClashes(overlapping, [booked], NOW).map((c) => c.reasons)).toEqual([['absence']]);
	});

	it('flags closures, holidays and weekends, each with its reason', () => {
		const closure = rdv('2026-11-26', '09:00');
		const christmas = rdv('2026-12-25', '09:00'); // a Friday
		const saturday = rdv('2026-11-28', '09:00');
		const withSaturday = rules({
			closures: ['2026-11-26'],
			weekly: [...rules().weekly, { weekday: 6, start: '09:00', end: '12:00' }]
		});
		const found = findClashes(withSaturday, [christmas, saturday, closure], NOW);
		expect(found.map((c) => [c.rdv.id, c.reasons])).toEqual([
			[closure.id, ['closure']],
			[saturday.id, ['weekend']],
			[christmas.id, ['holiday']]
		]);
	});

	it('uses the département holidays: Vendredi saint is off in Alsace-Moselle only', () => {
		const goodFriday = rdv('2027-03-26', '09:00');
		expect(
			findClashes(rules({ departementCode: '67' }), [goodFriday], NOW).map((c) => c.reasons)
		).toEqual([['holiday']]);
		expect(findClashes(rules({ departementCode: '69' }), [goodFriday], NOW)).toEqual([]);
	});

	it('flags every rendez-vous to come of a switched-off agenda or point d’accueil, and ignores past ones', () => {
		const past = rdv('2026-11-20', '09:00');
		const future = rdv('2026-11-24', '09:00');
		expect(findClashes(rules(), [past, future], NOW, { agendaActive: false })).toEqual([
			{ rdv: future, reasons: ['agenda_inactive'] }
		]);
		expect(findClashes(rules(), [future], NOW, { pointActive: false })).toEqual([
			{ rdv: future, reasons: ['point_inactive'] }
		]);
		expect(findClashes(rules(), [future], NOW, { agendaActive: true, pointActive: true })).toEqual(
			[]
		);
	});

	it('reads times in the agenda zone (Réunion, UTC+4)', () => {
		const reunion = rules({ timeZone: 'Indian/Reunion', departementCode: '974' });
		// 05:00 UTC is 09:00 in Réunion: inside; 09:00 UTC is 13:00 there: outside.
		const inside = {
			id: 1,
			startsAt: new Date('2026-11-24T05:00:00Z'),
			endsAt: new Date('2026-11-24T05:45:00Z')
		};
		const outside = {
			id: 2,
			startsAt: new Date('2026-11-24T09:00:00Z'),
			endsAt: new Date('2026-11-24T09:45:00Z')
		};
		expect(findClashes(reunion, [inside, outside], NOW).map((c) => c.rdv.id)).toEqual([2]);
	});

	it('never flags a slot the same rules generate (every slot length, with an absence and an opening)', () => {
		for (const slotMinutes of [15, 30, 45, 60, 120]) {
			const r = rules({
				slotMinutes,
				absences: [{ start: at('2026-11-26', '10:00'), end: at('2026-11-27', '14:00') }],
				openings: [{ date: '2026-12-02', start: '17:00', end: '19:00' }]
			});
			const slots = generateSlots(r, NOW);
			expect(slots.length).toBeGreaterThan(10);
			const booked = slots.map((slot, id) => ({ id, startsAt: slot.start, endsAt: slot.end }));
			expect(findClashes(r, booked, NOW)).toEqual([]);
		}
	});
});
