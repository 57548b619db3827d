import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { departementCodes } from '../departements/data';
import { addDays, isHoliday, isoWeekday, type IsoWeekday, type LocalDate } from './holidays';
import {
	AgendaRulesError,
	bookingWindow,
	generateSlots,
	isBookable,
	nearestSlots,
	timeZoneOf,
	validateAgendaRules,
	type AgendaRules,
	type Slot,
	type WeeklyOpening
} from './slots';
import {
	instantToZoned,
	minutesToTime,
	timeToMinutes,
	toOffsetIso,
	todayIn,
	zonedDateTimeToInstant
} from './time';

const WORKDAYS: IsoWeekday[] = [1, 2, 3, 4, 5];

function weekly(intervals: [string, string][], days: IsoWeekday[] = WORKDAYS): WeeklyOpening[] {
	return days.flatMap((weekday) => intervals.map(([start, end]) => ({ weekday, start, end })));
}

/** Mon–Fri 09:00–12:00 and 14:00–17:00, 45 min, in the département's own zone. */
function rulesFor(departementCode: string, extra: Partial<AgendaRules> = {}): AgendaRules {
	return {
		timeZone: timeZoneOf(departementCode),
		departementCode,
		weekly: weekly([
			['09:00', '12:00'],
			['14:00', '17:00']
		]),
		...extra
	};
}

/** `date` `time` in the rules' zone, as an instant (throws in a DST gap). */
function at(rules: AgendaRules, date: LocalDate, time: string): Date {
	const d = zonedDateTimeToInstant(date, time, rules.timeZone);
	if (!d) throw new Error(`${date} ${time} does not exist in ${rules.timeZone}`);
	return d;
}

const datesOf = (slots: Slot[]) => [...new Set(slots.map((s) => s.date))];
const timesOn = (slots: Slot[], date: LocalDate) =>
	slots.filter((s) => s.date === date).map((s) => s.time);
const DAY_TIMES = ['09:00', '09:45', '10:30', '11:15', '14:00', '14:45', '15:30', '16:15'];

describe('generateSlots — basic shape', () => {
	it('fits 45-minute slots entirely inside each interval (09:00–12:00 → 09:00, 09:45, 10:30, 11:15)', () => {
		const rules = rulesFor('75');
		const slots = generateSlots(rules, at(rules, '2026-06-01', '10:00'));
		expect(timesOn(slots, '2026-06-02')).toEqual(DAY_TIMES);
		const first = slots[0];
		expect(first).toEqual({
			start: new Date('2026-06-02T07:00:00Z'),
			end: new Date('2026-06-02T07:45:00Z'),
			date: '2026-06-02',
			time: '09:00'
		});
		expect(JSON.stringify(first?.start)).toBe('"2026-06-02T07:00:00.000Z"');
	});

	it('honours another slot length and skips a remainder too short for a slot', () => {
		const rules = rulesFor('75', { slotMinutes: 60, weekly: weekly([['09:00', '11:30']]) });
		const slots = generateSlots(rules, at(rules, '2026-06-01', '10:00'));
		expect(timesOn(slots, '2026-06-02')).toEqual(['09:00', '10:00']);
		expect(slots.every((s) => s.end.getTime() - s.start.getTime() === 3_600_000)).toBe(true);
	});

	it('returns slots sorted by start and never on a weekend', () => {
		const rules = rulesFor('75');
		const slots = generateSlots(rules, at(rules, '2026-06-03', '12:00'));
		const starts = slots.map((s) => s.start.getTime());
		expect(starts).toEqual([...starts].sort((a, b) => a - b));
		expect(slots.filter((s) => isoWeekday(s.date) >= 6)).toEqual([]);
		expect(slots.length).toBeGreaterThan(0);
	});

	it('merges overlapping intervals of a day instead of producing overlapping slots', () => {
		const rules = rulesFor('75', {
			weekly: weekly([
				['09:00', '11:00'],
				['10:00', '12:00']
			])
		});
		const slots = generateSlots(rules, at(rules, '2026-06-01', '10:00'));
		expect(timesOn(slots, '2026-06-02')).toEqual(['09:00', '09:45', '10:30', '11:15']);
	});
});

describe('generateSlots — DST weeks in Europe/Paris', () => {
	it('keeps local times across 29 March 2026 while the UTC offset goes from +01:00 to +02:00', () => {
		const rules = rulesFor('75');
		const slots = generateSlots(rules, new Date('2026-03-26T10:00:00Z'));
		expect(timesOn(slots, '2026-03-27')).toEqual(DAY_TIMES);
		expect(timesOn(slots, '2026-03-30')).toEqual(DAY_TIMES);
		const friday = slots.find((s) => s.date === '2026-03-27' && s.time === '09:00');
		const monday = slots.find((s) => s.date === '2026-03-30' && s.time === '09:00');
		expect(friday?.start.toISOString()).toBe('2026-03-27T08:00:00.000Z');
		expect(monday?.start.toISOString()).toBe('2026-03-30T07:00:00.000Z');
		expect(toOffsetIso(friday?.start ?? new Date(NaN), rules.timeZone)).toBe(
			'2026-03-27T09:00:00+01:00'
		);
		expect(toOffsetIso(monday?.start ?? new Date(NaN), rules.timeZone)).toBe(
			'2026-03-30T09:00:00+02:00'
		);
	});

	it('keeps local times across 25 October 2026 while the UTC offset goes from +02:00 to +01:00', () => {
		const rules = rulesFor('75');
		const slots = generateSlots(rules, new Date('2026-10-22T10:00:00Z'));
		expect(timesOn(slots, '2026-10-23')).toEqual(DAY_TIMES);
		expect(timesOn(slots, '2026-10-26')).toEqual(DAY_TIMES);
		const start = (date: string, time: string) =>
			slots.find((s) => s.date === date && s.time === time)?.start.toISOString();
		expect(start('2026-10-23', '09:00')).toBe('2026-10-23T07:00:00.000Z');
		expect(start('2026-10-26', '09:00')).toBe('2026-10-26T08:00:00.000Z');
		expect(start('2026-10-26', '16:15')).toBe('2026-10-26T15:15:00.000Z');
		expect(slots.every((s) => s.end.getTime() - s.start.getTime() === 45 * 60_000)).toBe(true);
	});

	// In Paris DST changes fall on Sundays (no slots): zones changing on a weekday test the rules.
	it('skips slots starting in a DST gap (Africa/Cairo, Friday 24 April 2026 00:00 → 01:00)', () => {
		const rules = rulesFor('75', {
			timeZone: 'Africa/Cairo',
			slotMinutes: 30,
			weekly: weekly([['00:00', '02:00']], [5])
		});
		const slots = generateSlots(rules, new Date('2026-04-16T12:00:00Z'));
		expect(timesOn(slots, '2026-04-17')).toEqual(['00:00', '00:30', '01:00', '01:30']);
		expect(timesOn(slots, '2026-04-24')).toEqual(['01:00', '01:30']);
		expect(slots.find((s) => s.date === '2026-04-24')?.start.toISOString()).toBe(
			'2026-04-23T22:00:00.000Z'
		);
	});

	it('skips a slot straddling a change (Asia/Jerusalem, Friday 27 March 2026 02:00 → 03:00)', () => {
		const rules = rulesFor('75', {
			timeZone: 'Asia/Jerusalem',
			weekly: weekly([['01:00', '04:00']], [5])
		});
		const slots = generateSlots(rules, new Date('2026-03-25T12:00:00Z'));
		// 01:45 would end at 03:30 on the wall after 45 real minutes; 02:30 does not exist.
		expect(timesOn(slots, '2026-03-27')).toEqual(['01:00', '03:15']);
		expect(slots.slice(0, 2).map((s) => s.start.toISOString())).toEqual([
			'2026-03-26T23:00:00.000Z',
			'2026-03-27T00:15:00.000Z'
		]);
	});

	it('gives an overlap wall time once, at its earlier instant (Africa/Cairo, Thu 29 Oct 2026 24:00 → 23:00)', () => {
		const rules = rulesFor('75', {
			timeZone: 'Africa/Cairo',
			slotMinutes: 30,
			weekly: weekly([['22:00', '23:30']], [4])
		});
		// 23:00–23:59 happens twice that night.
		expect(instantToZoned(new Date('2026-10-29T20:00:00Z'), rules.timeZone).time).toBe('23:00');
		expect(instantToZoned(new Date('2026-10-29T21:00:00Z'), rules.timeZone).time).toBe('23:00');
		const slots = generateSlots(rules, new Date('2026-10-27T12:00:00Z'));
		expect(timesOn(slots, '2026-10-29')).toEqual(['22:00', '22:30', '23:00']);
		expect(
			slots.find((s) => s.date === '2026-10-29' && s.time === '23:00')?.start.toISOString()
		).toBe('2026-10-29T20:00:00.000Z');
	});
});

describe('generateSlots — holidays and closures', () => {
	it('has no slot on Lundi de Pâques 2027 (29 March)', () => {
		for (const code of ['75', '57', '974']) {
			const rules = rulesFor(code);
			const dates = datesOf(generateSlots(rules, at(rules, '2027-03-25', '10:00')));
			expect(dates).not.toContain('2027-03-29');
			expect(dates).toContain('2027-03-30');
		}
	});

	it('has no slot on Ascension 2027 (6 May) and has slots the days around it', () => {
		const rules = rulesFor('75');
		const dates = datesOf(generateSlots(rules, at(rules, '2027-05-03', '10:00')));
		expect(dates).not.toContain('2027-05-06');
		expect(dates).toContain('2027-05-05');
		expect(dates).toContain('2027-05-07');
	});

	it('has no slot on Vendredi saint 2027 (26 March) in Moselle (57), has in Meurthe-et-Moselle (54)', () => {
		const moselle = rulesFor('57');
		const meurthe = rulesFor('54');
		const now = at(moselle, '2027-03-24', '10:00');
		expect(datesOf(generateSlots(moselle, now))).not.toContain('2027-03-26');
		expect(timesOn(generateSlots(meurthe, now), '2027-03-26')).toEqual(DAY_TIMES);
	});

	it('has no slot on 20 December 2027 in La Réunion (974), has in Paris (75)', () => {
		expect(isoWeekday('2027-12-20')).toBe(1);
		const reunion = rulesFor('974');
		const paris = rulesFor('75');
		expect(datesOf(generateSlots(reunion, at(reunion, '2027-12-16', '10:00')))).not.toContain(
			'2027-12-20'
		);
		expect(timesOn(generateSlots(paris, at(paris, '2027-12-16', '10:00')), '2027-12-20')).toEqual(
			DAY_TIMES
		);
	});

	// Lundi de Pentecôte, 21 July in Guadeloupe, Good Friday in Martinique: closed by default, open
	// once lifted; the overseas two are open in 973.
	it.each([
		{
			holiday: 'Lundi de Pentecôte',
			code: '75',
			lifted: { pentecostMondayClosed: false },
			from: '2026-05-21',
			day: '2026-05-25',
			openIn: []
		},
		{
			holiday: '21 July',
			code: '971',
			lifted: { schoelcherClosed: false },
			from: '2026-07-16',
			day: '2026-07-21',
			openIn: ['973']
		},
		{
			holiday: 'Good Friday',
			code: '972',
			lifted: { goodFridayClosed: false },
			from: '2026-03-30',
			day: '2026-04-03',
			openIn: ['973']
		}
	])('follows the $holiday option in $code', ({ code, lifted, from, day, openIn }) => {
		const closed = rulesFor(code);
		const open = rulesFor(code, { holidayOptions: lifted });
		const now = at(closed, from, '10:00');
		expect(datesOf(generateSlots(closed, now))).not.toContain(day);
		expect(datesOf(generateSlots(open, now))).toContain(day);
		for (const other of openIn) {
			expect(datesOf(generateSlots(rulesFor(other), now))).toContain(day);
		}
	});

	it('has no slot on an organisme closure day (pont)', () => {
		const rules = rulesFor('75', { closures: ['2026-05-15'] });
		const dates = datesOf(generateSlots(rules, at(rules, '2026-05-11', '10:00')));
		expect(dates).not.toContain('2026-05-14'); // Ascension
		expect(dates).not.toContain('2026-05-15'); // pont
		expect(dates).toContain('2026-05-13');
		expect(dates).toContain('2026-05-18');
	});
});

describe('generateSlots — overseas time zones', () => {
	it.each([
		['974', 'Indian/Reunion', '2026-06-09T05:00:00.000Z', '+04:00'],
		['976', 'Indian/Mayotte', '2026-06-09T06:00:00.000Z', '+03:00'],
		['973', 'America/Cayenne', '2026-06-09T12:00:00.000Z', '-03:00'],
		['971', 'America/Guadeloupe', '2026-06-09T13:00:00.000Z', '-04:00'],
		['972', 'America/Martinique', '2026-06-09T13:00:00.000Z', '-04:00'],
		['75', 'Europe/Paris', '2026-06-09T07:00:00.000Z', '+02:00']
	])('%s (%s): 09:00 local on 9 June 2026 is %s', (code, zone, expected, offset) => {
		const rules = rulesFor(code);
		expect(rules.timeZone).toBe(zone);
		const slots = generateSlots(rules, new Date('2026-06-05T12:00:00Z'));
		const slot = slots.find((s) => s.date === '2026-06-09' && s.time === '09:00');
		expect(slot?.start.toISOString()).toBe(expected);
		expect(toOffsetIso(slot?.start ?? new Date(NaN), zone)).toBe(`2026-06-09T09:00:00${offset}`);
	});

	it('computes "today" and the window in the département zone (Thu 22:30 Paris = Fri 00:30 Réunion)', () => {
		const now = new Date('2026-06-18T20:30:00Z');
		const paris = rulesFor('75');
		const reunion = rulesFor('974');
		expect(bookingWindow(paris, now)).toEqual({
			today: '2026-06-18',
			first: '2026-06-19',
			last: '2026-07-02'
		});
		expect(bookingWindow(reunion, now)).toEqual({
			today: '2026-06-19',
			first: '2026-06-22',
			last: '2026-07-03'
		});
		expect(generateSlots(paris, now)[0]?.date).toBe('2026-06-19');
		expect(generateSlots(reunion, now)[0]?.date).toBe('2026-06-22');
		expect(datesOf(generateSlots(reunion, now)).at(-1)).toBe('2026-07-03');
	});
});

describe('generateSlots — window and notice', () => {
	it('offers nothing after today + 14 calendar days, and something on day 14', () => {
		const rules = rulesFor('75');
		const slots = generateSlots(rules, at(rules, '2026-06-01', '10:00'));
		expect(datesOf(slots).at(-1)).toBe('2026-06-15');
		expect(slots.filter((s) => s.date > '2026-06-15')).toEqual([]);
		expect(datesOf(slots)).toEqual([
			'2026-06-02',
			'2026-06-03',
			'2026-06-04',
			'2026-06-05',
			'2026-06-08',
			'2026-06-09',
			'2026-06-10',
			'2026-06-11',
			'2026-06-12',
			'2026-06-15'
		]);
		const shorter = generateSlots({ ...rules, windowDays: 7 }, at(rules, '2026-06-01', '10:00'));
		expect(datesOf(shorter).at(-1)).toBe('2026-06-08');
	});

	it('never offers a slot today with the default notice', () => {
		const rules = rulesFor('75');
		const slots = generateSlots(rules, at(rules, '2026-06-02', '07:00'));
		expect(datesOf(slots)).not.toContain('2026-06-02');
		expect(slots[0]?.date).toBe('2026-06-03');
	});

	it('starts on Monday for a Friday afternoon request (minNoticeDays = 1)', () => {
		const rules = rulesFor('75');
		const slots = generateSlots(rules, at(rules, '2026-06-05', '15:00'));
		expect(slots[0]).toMatchObject({ date: '2026-06-08', time: '09:00' });
	});

	it('starts on Tuesday when that Monday is a holiday', () => {
		const rules = rulesFor('75');
		// Lundi de Pentecôte 2026 (25 May) and Lundi de Pâques 2027 (29 March, after Vendredi saint).
		expect(generateSlots(rules, at(rules, '2026-05-22', '15:00'))[0]).toMatchObject({
			date: '2026-05-26'
		});
		const moselle = rulesFor('57');
		expect(generateSlots(moselle, at(moselle, '2027-03-25', '15:00'))[0]).toMatchObject({
			date: '2027-03-30'
		});
		const open = rulesFor('75', { holidayOptions: { pentecostMondayClosed: false } });
		expect(generateSlots(open, at(open, '2026-05-22', '15:00'))[0]).toMatchObject({
			date: '2026-05-25'
		});
	});

	it('counts more notice in working days, skipping holidays and closures', () => {
		const rules = rulesFor('75', { minNoticeDays: 2, closures: ['2026-06-09'] });
		// Friday → Monday (1), Tuesday is closed, Wednesday (2).
		expect(bookingWindow(rules, at(rules, '2026-06-05', '15:00')).first).toBe('2026-06-10');
		expect(generateSlots(rules, at(rules, '2026-06-05', '15:00'))[0]?.date).toBe('2026-06-10');
	});

	it('with minNoticeDays = 0 offers the rest of today, never a past or current slot', () => {
		const rules = rulesFor('75', { minNoticeDays: 0 });
		const slots = generateSlots(rules, at(rules, '2026-06-02', '10:30'));
		expect(timesOn(slots, '2026-06-02')).toEqual(['11:15', '14:00', '14:45', '15:30', '16:15']);
	});

	it('returns nothing when the notice reaches past the window', () => {
		const rules = rulesFor('75', { minNoticeDays: 12 });
		expect(generateSlots(rules, at(rules, '2026-06-01', '10:00'))).toEqual([]);
	});
});

describe('generateSlots — absences, openings, taken', () => {
	it('removes slots overlapping an absence (edges touching are kept)', () => {
		const rules = rulesFor('75');
		const now = at(rules, '2026-06-05', '15:00');
		const withAbsence = rulesFor('75', {
			absences: [
				{ start: at(rules, '2026-06-09', '09:30'), end: at(rules, '2026-06-09', '10:30') },
				{ start: at(rules, '2026-06-10', '00:00'), end: at(rules, '2026-06-11', '00:00') },
				{ start: at(rules, '2026-06-11', '11:15'), end: at(rules, '2026-06-11', '14:00') }
			]
		});
		const slots = generateSlots(withAbsence, now);
		// 09:00 and 09:45 overlap the absence.
		expect(timesOn(slots, '2026-06-09')).toEqual(DAY_TIMES.slice(2));
		expect(timesOn(slots, '2026-06-10')).toEqual([]);
		expect(timesOn(slots, '2026-06-11')).toEqual([
			'09:00',
			'09:45',
			'10:30',
			'14:00',
			'14:45',
			'15:30',
			'16:15'
		]);
		expect(timesOn(slots, '2026-06-12')).toEqual(DAY_TIMES);
	});

	it('adds one-off openings, even on a normally closed weekday', () => {
		const rules = rulesFor('75', {
			weekly: weekly([['09:00', '12:00']], [1, 2, 4, 5]),
			openings: [
				{ date: '2026-06-10', start: '13:30', end: '15:00' },
				{ date: '2026-06-11', start: '11:00', end: '13:00' }
			]
		});
		const slots = generateSlots(rules, at(rules, '2026-06-05', '15:00'));
		expect(timesOn(slots, '2026-06-17')).toEqual([]);
		expect(timesOn(slots, '2026-06-10')).toEqual(['13:30', '14:15']);
		// Overlapping the weekly interval: merged into 09:00–13:00.
		expect(timesOn(slots, '2026-06-11')).toEqual(['09:00', '09:45', '10:30', '11:15', '12:00']);
	});

	it('ignores one-off openings on a holiday, a weekend or a closure day', () => {
		const rules = rulesFor('75', {
			closures: ['2026-07-15'],
			openings: [
				{ date: '2026-07-14', start: '09:00', end: '12:00' },
				{ date: '2026-07-11', start: '09:00', end: '12:00' },
				{ date: '2026-07-15', start: '09:00', end: '12:00' }
			]
		});
		const dates = datesOf(generateSlots(rules, at(rules, '2026-07-09', '10:00')));
		expect(dates).not.toContain('2026-07-14');
		expect(dates).not.toContain('2026-07-11');
		expect(dates).not.toContain('2026-07-15');
		expect(dates).toContain('2026-07-16');
	});

	it('excludes taken slots, whatever ISO form the booking was stored in', () => {
		const rules = rulesFor('75');
		const now = at(rules, '2026-06-05', '15:00');
		const taken = new Set(['2026-06-08T07:00:00.000Z', '2026-06-08T09:45:00+02:00', 'not a date']);
		const slots = generateSlots(rules, now, taken);
		expect(timesOn(slots, '2026-06-08')).toEqual(DAY_TIMES.slice(2));
		expect(slots).toHaveLength(generateSlots(rules, now).length - 2);
	});
});

describe('isBookable', () => {
	const rules = rulesFor('75');
	const now = at(rules, '2026-06-05', '15:00');

	it('accepts the exact start of a free slot', () => {
		expect(isBookable(rules, now, at(rules, '2026-06-08', '09:00'))).toBe(true);
		expect(isBookable(rules, now, new Date('2026-06-19T14:15:00Z'))).toBe(true); // 16:15 Paris
	});

	it('rejects past, today, out-of-window, misaligned, closed and taken instants', () => {
		expect(isBookable(rules, now, at(rules, '2026-06-04', '09:00'))).toBe(false); // past
		expect(isBookable(rules, now, at(rules, '2026-06-05', '16:15'))).toBe(false); // today
		expect(isBookable(rules, now, at(rules, '2026-06-22', '09:00'))).toBe(false); // day 17
		expect(isBookable(rules, now, at(rules, '2026-06-08', '09:10'))).toBe(false); // misaligned
		expect(isBookable(rules, now, new Date(at(rules, '2026-06-08', '09:00').getTime() + 1))).toBe(
			false
		);
		expect(isBookable(rules, now, at(rules, '2026-06-08', '12:00'))).toBe(false); // closed
		expect(isBookable(rules, now, at(rules, '2026-06-08', '11:15'))).toBe(true);
		expect(isBookable(rules, now, at(rules, '2026-06-13', '09:00'))).toBe(false); // Saturday
		const taken = new Set([at(rules, '2026-06-08', '09:00').toISOString()]);
		expect(isBookable(rules, now, at(rules, '2026-06-08', '09:00'), taken)).toBe(false);
	});

	it('rejects an invalid Date and invalid rules instead of throwing', () => {
		expect(isBookable(rules, now, new Date(NaN))).toBe(false);
		expect(isBookable({ ...rules, slotMinutes: 0 }, now, at(rules, '2026-06-08', '09:00'))).toBe(
			false
		);
	});
});

describe('nearestSlots', () => {
	const rules = rulesFor('75');
	const slots = generateSlots(rules, at(rules, '2026-06-05', '15:00'));
	const wanted = at(rules, '2026-06-09', '11:15');

	it('returns the n free slots closest in time, chronologically, without the one just taken', () => {
		const near = nearestSlots(slots, wanted, 4);
		expect(near.map((s) => `${s.date} ${s.time}`)).toEqual([
			'2026-06-09 09:00',
			'2026-06-09 09:45',
			'2026-06-09 10:30',
			'2026-06-09 14:00'
		]);
	});

	it('breaks ties towards the earlier slot and copes with small lists', () => {
		const mid = new Date(
			(at(rules, '2026-06-09', '09:45').getTime() + at(rules, '2026-06-09', '10:30').getTime()) / 2
		);
		expect(nearestSlots(slots, mid, 1).map((s) => s.time)).toEqual(['09:45']);
		expect(nearestSlots(slots, wanted, 0)).toEqual([]);
		expect(nearestSlots([], wanted, 3)).toEqual([]);
		expect(nearestSlots(slots.slice(0, 2), wanted, 5)).toHaveLength(2);
	});
});

describe('validateAgendaRules', () => {
	it('accepts well-formed rules', () => {
		expect(validateAgendaRules(rulesFor('974'))).toEqual([]);
	});

	it('reports malformed rules, and generateSlots throws AgendaRulesError on them', () => {
		const bad: AgendaRules = {
			timeZone: 'Europe/Atlantis',
			departementCode: '20',
			slotMinutes: 0,
			minNoticeDays: -1,
			windowDays: 1.5,
			weekly: [
				{ weekday: 8 as IsoWeekday, start: '09:00', end: '12:00' },
				{ weekday: 1, start: '12:00', end: '09:00' }
			],
			openings: [{ date: '2026-02-30', start: '09:00', end: '24:00' }],
			absences: [
				{ start: new Date('2026-06-02T10:00:00Z'), end: new Date('2026-06-02T09:00:00Z') }
			],
			closures: ['2026/06/01']
		};
		expect(validateAgendaRules(bad)).toHaveLength(11);
		expect(() => generateSlots(bad, new Date('2026-06-01T00:00:00Z'))).toThrow(AgendaRulesError);
		expect(() => generateSlots(rulesFor('75'), new Date(NaN))).toThrow(AgendaRulesError);
		expect(() => timeZoneOf('975')).toThrow(RangeError);
	});
});

describe('generateSlots — invariants (property)', () => {
	const quarter = fc.integer({ min: 6 * 4, max: 20 * 4 }).map((q) => q * 15);
	const intervalArb = fc
		.tuple(quarter, quarter)
		.filter(([a, b]) => a !== b)
		.map(([a, b]) => ({
			start: minutesToTime(Math.min(a, b)),
			end: minutesToTime(Math.max(a, b))
		}));
	const nowArb = fc
		.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 11, 31) })
		.map((ms) => new Date(ms));
	const weeklyArb = fc.array(
		fc.record({ weekday: fc.integer({ min: 1, max: 7 }), interval: intervalArb }),
		{ maxLength: 6 }
	);
	const openingsArb = fc.array(
		fc.record({ day: fc.integer({ min: -2, max: 20 }), interval: intervalArb }),
		{ maxLength: 3 }
	);
	const absencesArb = fc.array(
		fc.record({
			hour: fc.integer({ min: -24, max: 20 * 24 }),
			hours: fc.integer({ min: 1, max: 48 })
		}),
		{ maxLength: 3 }
	);
	const settingsArb = fc.record({
		slotMinutes: fc.constantFrom(15, 30, 45, 60),
		minNoticeDays: fc.integer({ min: 0, max: 3 }),
		windowDays: fc.integer({ min: 0, max: 21 }),
		pentecostMondayClosed: fc.boolean()
	});

	it('every slot is in the future, in the window, on a working day, inside an interval, without overlaps', () => {
		let runsWithSlots = 0;
		fc.assert(
			fc.property(
				nowArb,
				fc.constantFrom(...departementCodes),
				weeklyArb,
				openingsArb,
				fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 3 }),
				absencesArb,
				settingsArb,
				(now, code, weeklyRaw, openingsRaw, closureDays, absencesRaw, settings) => {
					const { slotMinutes, minNoticeDays, windowDays, pentecostMondayClosed } = settings;
					const timeZone = timeZoneOf(code);
					const today = todayIn(timeZone, now);
					const holidayOptions = { pentecostMondayClosed };
					const hour = 3_600_000;
					const rules: AgendaRules = {
						timeZone,
						departementCode: code,
						slotMinutes,
						minNoticeDays,
						windowDays,
						// A usual base schedule plus random extra intervals (possibly overlapping it).
						weekly: [
							...weekly([['09:00', '12:00']]),
							...weeklyRaw.map((w) => ({ weekday: w.weekday as IsoWeekday, ...w.interval }))
						],
						openings: openingsRaw.map((o) => ({ date: addDays(today, o.day), ...o.interval })),
						closures: closureDays.map((d) => addDays(today, d)),
						absences: absencesRaw.map((a) => ({
							start: new Date(now.getTime() + a.hour * hour),
							end: new Date(now.getTime() + (a.hour + a.hours) * hour)
						})),
						holidayOptions
					};
					const slots = generateSlots(rules, now);
					if (slots.length > 0) runsWithSlots++;
					const closures = new Set(rules.closures);
					const working = (d: LocalDate) =>
						isoWeekday(d) <= 5 && !isHoliday(d, code, holidayOptions) && !closures.has(d);
					const last = addDays(today, windowDays);

					slots.forEach((slot, i) => {
						expect(slot.start.getTime()).toBeGreaterThan(now.getTime());
						expect(slot.end.getTime() - slot.start.getTime()).toBe(slotMinutes * 60_000);
						// The labels are the real wall-clock start in the zone.
						expect(instantToZoned(slot.start, timeZone)).toMatchObject({
							date: slot.date,
							time: slot.time
						});
						// Window: enough working days of notice, at most today + windowDays.
						expect(slot.date <= last).toBe(true);
						let notice = 0;
						for (let d = addDays(today, 1); d <= slot.date; d = addDays(d, 1)) {
							if (working(d)) notice++;
						}
						expect(notice).toBeGreaterThanOrEqual(minNoticeDays);
						expect(working(slot.date)).toBe(true);
						// Inside the (union of the) day's weekly and one-off intervals.
						const t = timeToMinutes(slot.time);
						const intervals = [
							...rules.weekly.filter((w) => w.weekday === isoWeekday(slot.date)),
							...(rules.openings ?? []).filter((o) => o.date === slot.date)
						];
						expect(coveredByUnion(intervals, t, t + slotMinutes)).toBe(true);
						// Not during an absence.
						for (const a of rules.absences ?? []) {
							expect(slot.start < a.end && a.start < slot.end).toBe(false);
						}
						// No overlap with the next slot.
						const next = slots[i + 1];
						if (next) expect(next.start.getTime()).toBeGreaterThanOrEqual(slot.end.getTime());
					});
					const sample = slots[Math.floor(slots.length / 2)];
					if (sample) {
						expect(isBookable(rules, now, sample.start)).toBe(true);
						expect(isBookable(rules, now, new Date(sample.start.getTime() + 60_000))).toBe(false);
					}
				}
			),
			{ numRuns: 100 }
		);
		// The property is not vacuous: most random agendas do offer slots.
		expect(runsWithSlots).toBeGreaterThan(40);
	});
});

/** True when [from, to) minutes lies inside the union of the intervals. */
function coveredByUnion(
	intervals: { start: string; end: string }[],
	from: number,
	to: number
): boolean {
	const sorted = intervals
		.map((iv) => [timeToMinutes(iv.start), timeToMinutes(iv.end)] as const)
		.sort((a, b) => a[0] - b[0]);
	let reach = from;
	for (const [s, e] of sorted) {
		if (s <= reach && e > reach) reach = e;
	}
	return reach >= to;
}
