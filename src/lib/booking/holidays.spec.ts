import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { departementCodes } from '../departements/data';
import {
	addDays,
	daysBetween,
	easterSunday,
	formatLocalDate,
	holidayIds,
	holidayOptionsFromLifts,
	holidaysFor,
	isHoliday,
	isLocalDate,
	isoWeekday,
	isWeekend,
	liftableClosuresOf,
	parseLocalDate
} from './holidays';

const METROPOLE = departementCodes.filter((c) => c.length === 2);
const OVERSEAS = ['971', '972', '973', '974', '976'];
const ALSACE_MOSELLE = ['57', '67', '68'];

describe('LocalDate helpers', () => {
	it('validates real calendar dates only', () => {
		expect(isLocalDate('2026-03-29')).toBe(true);
		expect(isLocalDate('2028-02-29')).toBe(true);
		expect(isLocalDate('2026-02-29')).toBe(false);
		expect(isLocalDate('2026-02-30')).toBe(false);
		expect(isLocalDate('2026-13-01')).toBe(false);
		expect(isLocalDate('2026-3-29')).toBe(false);
		expect(isLocalDate('2026-03-29T00:00')).toBe(false);
		expect(isLocalDate(20260329)).toBe(false);
		expect(() => parseLocalDate('2026-02-30')).toThrow(RangeError);
	});

	it('adds days across month, year and leap-day boundaries', () => {
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
		expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
		// DST days are ordinary 1-day steps (no time zone involved).
		expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
		expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
		expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
		expect(daysBetween('2026-03-27', '2026-04-10')).toBe(14);
		expect(daysBetween('2026-04-10', '2026-03-27')).toBe(-14);
		expect(() => addDays('2026-01-01', 0.5)).toThrow(RangeError);
	});

	it('handles years below 100 without the Date.UTC 19xx trap', () => {
		expect(formatLocalDate({ year: 50, month: 1, day: 1 })).toBe('0050-01-01');
		expect(addDays('0050-12-31', 1)).toBe('0051-01-01');
		expect(isLocalDate('0050-02-29')).toBe(false);
	});

	it('gives ISO weekdays (1 = Monday … 7 = Sunday)', () => {
		expect(isoWeekday('2026-03-30')).toBe(1);
		expect(isoWeekday('2026-03-27')).toBe(5);
		expect(isoWeekday('2026-03-28')).toBe(6);
		expect(isoWeekday('2026-03-29')).toBe(7);
		expect(isoWeekday('2000-01-01')).toBe(6);
		expect(isWeekend('2026-03-29')).toBe(true);
		expect(isWeekend('2026-03-30')).toBe(false);
	});

	it('addDays and daysBetween agree (property)', () => {
		fc.assert(
			fc.property(
				fc.date({
					min: new Date('1900-01-01T00:00:00Z'),
					max: new Date('2199-12-31T00:00:00Z'),
					noInvalidDate: true
				}),
				fc.integer({ min: -800, max: 800 }),
				(d, n) => {
					const date = d.toISOString().slice(0, 10);
					const later = addDays(date, n);
					expect(isLocalDate(later)).toBe(true);
					expect(daysBetween(date, later)).toBe(n);
					expect(isoWeekday(later)).toBe(((((isoWeekday(date) - 1 + n) % 7) + 7) % 7) + 1);
				}
			)
		);
	});
});

describe('easterSunday', () => {
	// Test vectors of docs/domain/holidays.md (Easter and the days that follow it).
	const table: [number, string, string, string, string, string][] = [
		[2024, '03-31', '03-29', '04-01', '05-09', '05-20'],
		[2025, '04-20', '04-18', '04-21', '05-29', '06-09'],
		[2026, '04-05', '04-03', '04-06', '05-14', '05-25'],
		[2027, '03-28', '03-26', '03-29', '05-06', '05-17'],
		[2028, '04-16', '04-14', '04-17', '05-25', '06-05'],
		[2029, '04-01', '03-30', '04-02', '05-10', '05-21'],
		[2030, '04-21', '04-19', '04-22', '05-30', '06-10']
	];

	it.each(table)(
		'%i: Easter %s, E−2 %s, E+1 %s, E+39 %s, E+50 %s',
		(year, easter, friday, monday, ascension, pentecost) => {
			expect(formatLocalDate(easterSunday(year))).toBe(`${year}-${easter}`);
			const alsace = holidaysFor(year, '57');
			const dateOf = (id: string) => alsace.find((h) => h.id === id)?.date;
			expect(dateOf('vendredi-saint')).toBe(`${year}-${friday}`);
			expect(dateOf('lundi-de-paques')).toBe(`${year}-${monday}`);
			expect(dateOf('ascension')).toBe(`${year}-${ascension}`);
			expect(dateOf('lundi-de-pentecote')).toBe(`${year}-${pentecost}`);
		}
	);

	it('matches known dates outside the table, including the extremes (22 March, 25 April)', () => {
		expect(easterSunday(2038)).toEqual({ year: 2038, month: 4, day: 25 });
		expect(easterSunday(2285)).toEqual({ year: 2285, month: 3, day: 22 });
		expect(easterSunday(1818)).toEqual({ year: 1818, month: 3, day: 22 });
		expect(easterSunday(1943)).toEqual({ year: 1943, month: 4, day: 25 });
		expect(easterSunday(2000)).toEqual({ year: 2000, month: 4, day: 23 });
		expect(easterSunday(2019)).toEqual({ year: 2019, month: 4, day: 21 });
	});

	it('is always a Sunday between 22 March and 25 April (property)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1583, max: 9999 }), (year) => {
				const date = formatLocalDate(easterSunday(year));
				expect(isoWeekday(date)).toBe(7);
				expect(date >= `${String(year).padStart(4, '0')}-03-22`).toBe(true);
				expect(date <= `${String(year).padStart(4, '0')}-04-25`).toBe(true);
			})
		);
	});

	it('rejects non-Gregorian or non-integer years', () => {
		expect(() => easterSunday(1582)).toThrow(RangeError);
		expect(() => easterSunday(2026.5)).toThrow(RangeError);
	});
});

describe('holidaysFor', () => {
	it('lists the 11 fêtes légales, sorted, for a metropolitan département', () => {
		expect(holidaysFor(2027, '75')).toEqual([
			{ date: '2027-01-01', id: 'jour-de-l-an', kind: 'fete-legale' },
			{ date: '2027-03-29', id: 'lundi-de-paques', kind: 'fete-legale' },
			{ date: '2027-05-01', id: 'fete-du-travail', kind: 'fete-legale' },
			{ date: '2027-05-06', id: 'ascension', kind: 'fete-legale' },
			{ date: '2027-05-08', id: 'victoire-1945', kind: 'fete-legale' },
			{ date: '2027-05-17', id: 'lundi-de-pentecote', kind: 'fete-legale' },
			{ date: '2027-07-14', id: 'fete-nationale', kind: 'fete-legale' },
			{ date: '2027-08-15', id: 'assomption', kind: 'fete-legale' },
			{ date: '2027-11-01', id: 'toussaint', kind: 'fete-legale' },
			{ date: '2027-11-11', id: 'armistice', kind: 'fete-legale' },
			{ date: '2027-12-25', id: 'noel', kind: 'fete-legale' }
		]);
	});

	it('counts 11 nationals in every metropolitan département outside Alsace-Moselle, 10 without Pentecôte', () => {
		for (const code of METROPOLE.filter((c) => !ALSACE_MOSELLE.includes(c))) {
			expect(holidaysFor(2026, code)).toHaveLength(11);
			expect(holidaysFor(2026, code, { pentecostMondayClosed: false })).toHaveLength(10);
		}
		expect(
			holidaysFor(2026, '75', { pentecostMondayClosed: false }).map((h) => h.id)
		).not.toContain('lundi-de-pentecote');
		expect(isHoliday('2026-05-25', '75')).toBe(true);
		expect(isHoliday('2026-05-25', '75', { pentecostMondayClosed: false })).toBe(false);
	});

	it('adds Vendredi saint and 26 December as fêtes légales in 57/67/68 only', () => {
		for (const code of ALSACE_MOSELLE) {
			expect(holidaysFor(2027, code)).toHaveLength(13);
			expect(isHoliday('2027-03-26', code)).toBe(true);
			expect(isHoliday('2027-12-26', code)).toBe(true);
		}
		for (const code of ['75', '54', '974', '971']) {
			expect(isHoliday('2027-03-26', code, { goodFridayClosed: false })).toBe(false);
			expect(isHoliday('2027-12-26', code)).toBe(false);
		}
		const others = departementCodes.filter((c) => !ALSACE_MOSELLE.includes(c));
		expect(others.filter((c) => isHoliday('2026-12-26', c))).toEqual([]);
		expect(
			departementCodes.filter((c) => isHoliday('2026-04-03', c, { goodFridayClosed: false }))
		).toEqual(ALSACE_MOSELLE);
	});

	it('makes Lundi de Pâques and Ascension 2027 holidays everywhere', () => {
		for (const code of departementCodes) {
			expect(isHoliday('2027-03-29', code)).toBe(true);
			expect(isHoliday('2027-05-06', code)).toBe(true);
		}
	});

	it('adds each abolition day in its own overseas département only', () => {
		const expected: Record<string, string> = {
			'976': '04-27',
			'972': '05-22',
			'971': '05-27',
			'973': '06-10',
			'974': '12-20'
		};
		for (const [code, monthDay] of Object.entries(expected)) {
			const date = `2026-${monthDay}`;
			expect(holidaysFor(2026, code)).toContainEqual({
				date,
				id: 'abolition-esclavage',
				kind: 'fete-legale'
			});
			expect(departementCodes.filter((c) => isHoliday(date, c))).toEqual([code]);
		}
		expect(isHoliday('2026-12-20', '974')).toBe(true);
		expect(isHoliday('2026-12-20', '75')).toBe(false);
		// 10 May is a day of remembrance, not a holiday.
		expect(departementCodes.filter((c) => isHoliday('2027-05-10', c))).toEqual([]);
	});

	it('flags 21 July as a closure (not a fête légale) in 971 and 972 only, configurable', () => {
		for (const code of ['971', '972']) {
			expect(holidaysFor(2026, code)).toContainEqual({
				date: '2026-07-21',
				id: 'victor-schoelcher',
				kind: 'closure'
			});
			expect(isHoliday('2026-07-21', code, { schoelcherClosed: false })).toBe(false);
		}
		expect(departementCodes.filter((c) => isHoliday('2026-07-21', c))).toEqual(['971', '972']);
		expect(holidaysFor(2026, '971').filter((h) => h.kind === 'fete-legale')).toHaveLength(12);
	});

	it('flags Good Friday as a closure (not a fête légale) in 971 and 972, which can be lifted', () => {
		// Good Friday: 3 April 2026, 26 March 2027.
		for (const code of ['971', '972']) {
			expect(holidaysFor(2026, code)).toContainEqual({
				date: '2026-04-03',
				id: 'vendredi-saint',
				kind: 'closure'
			});
			expect(isHoliday('2027-03-26', code)).toBe(true);
			expect(isHoliday('2026-04-03', code, { goodFridayClosed: false })).toBe(false);
			// Lifting Good Friday leaves 21 July closed, and the other way round.
			expect(isHoliday('2026-07-21', code, { goodFridayClosed: false })).toBe(true);
			expect(isHoliday('2026-04-03', code, { schoelcherClosed: false })).toBe(true);
		}
		// A fête légale in Alsace-Moselle, whatever the option; open everywhere else.
		expect(holidaysFor(2026, '57')).toContainEqual({
			date: '2026-04-03',
			id: 'vendredi-saint',
			kind: 'fete-legale'
		});
		expect(isHoliday('2026-04-03', '57', { goodFridayClosed: false })).toBe(true);
		expect(departementCodes.filter((c) => isHoliday('2026-04-03', c))).toEqual([
			'57',
			'67',
			'68',
			'971',
			'972'
		]);
	});

	it('does not move a holiday that falls on a weekend', () => {
		// 2027: 1 May is a Saturday, 15 August and 26 December are Sundays.
		expect(isoWeekday('2027-05-01')).toBe(6);
		expect(isoWeekday('2027-08-15')).toBe(7);
		expect(isHoliday('2027-05-01', '75')).toBe(true);
		expect(isHoliday('2027-05-03', '75')).toBe(false);
		expect(isHoliday('2027-08-16', '75')).toBe(false);
		expect(isHoliday('2027-12-27', '57')).toBe(false);
		expect(holidaysFor(2027, '57').map((h) => h.date)).toContain('2027-12-26');
	});

	it('keeps both entries when two holidays share a date (Ascension on 1 May 2008)', () => {
		const may1 = holidaysFor(2008, '75').filter((h) => h.date === '2008-05-01');
		expect(may1.map((h) => h.id)).toEqual(['fete-du-travail', 'ascension']);
		expect(holidaysFor(2008, '75')).toHaveLength(11);
	});

	it('returns valid, sorted, known entries for every département and year (property)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1900, max: 2200 }),
				fc.constantFrom(...departementCodes),
				fc.boolean(),
				fc.boolean(),
				fc.boolean(),
				(year, code, pentecostMondayClosed, schoelcherClosed, goodFridayClosed) => {
					const options = { pentecostMondayClosed, schoelcherClosed, goodFridayClosed };
					const list = holidaysFor(year, code, options);
					const dates = list.map((h) => h.date);
					expect(dates).toEqual([...dates].sort());
					for (const h of list) {
						expect(isLocalDate(h.date)).toBe(true);
						expect(h.date.startsWith(String(year))).toBe(true);
						expect(holidayIds).toContain(h.id);
						expect(isHoliday(h.date, code, options)).toBe(true);
					}
					expect(list.filter((h) => h.kind === 'fete-legale').length).toBe(
						10 +
							(pentecostMondayClosed ? 1 : 0) +
							(ALSACE_MOSELLE.includes(code) ? 2 : 0) +
							(OVERSEAS.includes(code) ? 1 : 0)
					);
				}
			)
		);
	});

	it('rejects an unknown département', () => {
		expect(() => holidaysFor(2026, '975')).toThrow(RangeError);
		expect(() => isHoliday('2026-01-01', '20')).toThrow(RangeError);
	});
});

describe('default closures staff can lift (ADR 038)', () => {
	it('offers 21 July and Good Friday in 971 and 972 only', () => {
		expect(liftableClosuresOf('971')).toEqual(['victor-schoelcher', 'vendredi-saint']);
		expect(liftableClosuresOf('972')).toEqual(['victor-schoelcher', 'vendredi-saint']);
		for (const code of ['973', '974', '976', '57', '75'])
			expect(liftableClosuresOf(code)).toEqual([]);
	});

	it('maps lifted closures to holiday options, and nothing lifted keeps every closure', () => {
		expect(holidayOptionsFromLifts([])).toEqual({ schoelcherClosed: true, goodFridayClosed: true });
		expect(holidayOptionsFromLifts(['vendredi-saint'])).toEqual({
			schoelcherClosed: true,
			goodFridayClosed: false
		});
		const open = holidayOptionsFromLifts(['victor-schoelcher', 'vendredi-saint']);
		expect(isHoliday('2027-03-26', '971', open)).toBe(false);
		expect(isHoliday('2027-07-21', '972', open)).toBe(false);
		// A fête légale is never lifted: Good Friday stays one in Alsace-Moselle.
		expect(isHoliday('2027-03-26', '57', open)).toBe(true);
	});
});
