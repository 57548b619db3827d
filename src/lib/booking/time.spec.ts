import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { departements } from '../departements/data';
import {
	instantToZoned,
	isLocalTime,
	isTimeZone,
	minutesToTime,
	offsetMinutes,
	timeToMinutes,
	toOffsetIso,
	todayIn,
	zonedDateTimeToInstant
} from './time';

const PARIS = 'Europe/Paris';
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('LocalTime helpers', () => {
	it('parses and formats HH:MM on 24 h', () => {
		expect(isLocalTime('09:00')).toBe(true);
		expect(isLocalTime('23:59')).toBe(true);
		expect(isLocalTime('24:00')).toBe(false);
		expect(isLocalTime('9:00')).toBe(false);
		expect(isLocalTime('09:60')).toBe(false);
		expect(timeToMinutes('11:15')).toBe(675);
		expect(minutesToTime(675)).toBe('11:15');
		expect(minutesToTime(0)).toBe('00:00');
		expect(() => timeToMinutes('25:00')).toThrow(RangeError);
		expect(() => minutesToTime(1440)).toThrow(RangeError);
	});

	it('knows IANA zones', () => {
		expect(departements.every((d) => isTimeZone(d.timeZone))).toBe(true);
		expect(isTimeZone('Europe/Atlantis')).toBe(false);
		expect(isTimeZone('')).toBe(false);
	});
});

describe('zonedDateTimeToInstant — Europe/Paris DST', () => {
	it.each([
		// Spring forward: 02:00 CET → 03:00 CEST at 01:00 UTC.
		['2026-03-28', '09:00', '2026-03-28T08:00:00.000Z'],
		['2026-03-29', '01:59', '2026-03-29T00:59:00.000Z'],
		['2026-03-29', '03:00', '2026-03-29T01:00:00.000Z'],
		['2026-03-29', '09:00', '2026-03-29T07:00:00.000Z'],
		['2026-03-30', '09:00', '2026-03-30T07:00:00.000Z'],
		['2027-03-27', '09:00', '2027-03-27T08:00:00.000Z'],
		['2027-03-28', '03:00', '2027-03-28T01:00:00.000Z'],
		['2027-03-29', '09:00', '2027-03-29T07:00:00.000Z'],
		// Fall back: 03:00 CEST → 02:00 CET at 01:00 UTC.
		['2026-10-24', '09:00', '2026-10-24T07:00:00.000Z'],
		['2026-10-25', '01:59', '2026-10-24T23:59:00.000Z'],
		['2026-10-25', '03:00', '2026-10-25T02:00:00.000Z'],
		['2026-10-26', '09:00', '2026-10-26T08:00:00.000Z'],
		['2027-10-30', '09:00', '2027-10-30T07:00:00.000Z'],
		['2027-10-31', '03:00', '2027-10-31T02:00:00.000Z'],
		['2027-11-01', '09:00', '2027-11-01T08:00:00.000Z']
	])('%s %s Paris is %s', (date, time, expected) => {
		expect(iso(zonedDateTimeToInstant(date, time, PARIS))).toBe(expected);
	});

	it('returns null for a wall time in the spring-forward gap', () => {
		for (const date of ['2026-03-29', '2027-03-28']) {
			for (const time of ['02:00', '02:30', '02:59']) {
				expect(zonedDateTimeToInstant(date, time, PARIS)).toBeNull();
			}
		}
		// The same wall time on the neighbouring days exists.
		expect(iso(zonedDateTimeToInstant('2026-03-30', '02:30', PARIS))).toBe(
			'2026-03-30T00:30:00.000Z'
		);
	});

	it('picks the earlier instant (still summer time) in the autumn overlap', () => {
		expect(iso(zonedDateTimeToInstant('2026-10-25', '02:00', PARIS))).toBe(
			'2026-10-25T00:00:00.000Z'
		);
		expect(iso(zonedDateTimeToInstant('2026-10-25', '02:30', PARIS))).toBe(
			'2026-10-25T00:30:00.000Z'
		);
		expect(iso(zonedDateTimeToInstant('2027-10-31', '02:30', PARIS))).toBe(
			'2027-10-31T00:30:00.000Z'
		);
		// Both instants do show 02:30 on the wall.
		expect(instantToZoned(new Date('2026-10-25T00:30:00Z'), PARIS).time).toBe('02:30');
		expect(instantToZoned(new Date('2026-10-25T01:30:00Z'), PARIS).time).toBe('02:30');
	});

	it('rejects malformed input and unknown zones', () => {
		expect(() => zonedDateTimeToInstant('2026-02-30', '09:00', PARIS)).toThrow(RangeError);
		expect(() => zonedDateTimeToInstant('2026-03-30', '24:00', PARIS)).toThrow(RangeError);
		expect(() => zonedDateTimeToInstant('2026-03-30', '09:00', 'Mars/Olympus')).toThrow(RangeError);
	});
});

describe('zonedDateTimeToInstant — overseas (no DST)', () => {
	it.each([
		['Indian/Reunion', '2026-03-29', '09:00', '2026-03-29T05:00:00.000Z', 240],
		['Indian/Reunion', '2026-10-25', '09:00', '2026-10-25T05:00:00.000Z', 240],
		['Indian/Mayotte', '2026-07-01', '09:00', '2026-07-01T06:00:00.000Z', 180],
		['America/Cayenne', '2026-03-29', '09:00', '2026-03-29T12:00:00.000Z', -180],
		['America/Cayenne', '2026-12-31', '23:30', '2027-01-01T02:30:00.000Z', -180],
		['America/Guadeloupe', '2026-07-01', '09:00', '2026-07-01T13:00:00.000Z', -240],
		['America/Martinique', '2026-01-15', '14:00', '2026-01-15T18:00:00.000Z', -240]
	])('%s %s %s is %s', (zone, date, time, expected, offset) => {
		const instant = zonedDateTimeToInstant(date, time, zone);
		expect(iso(instant)).toBe(expected);
		expect(offsetMinutes(new Date(expected), zone)).toBe(offset);
	});

	it('handles DST far from UTC (Pacific/Auckland, +12/+13)', () => {
		// 27 September 2026: 02:00 NZST → 03:00 NZDT; 5 April 2026: 03:00 NZDT → 02:00 NZST.
		expect(zonedDateTimeToInstant('2026-09-27', '02:30', 'Pacific/Auckland')).toBeNull();
		expect(iso(zonedDateTimeToInstant('2026-09-27', '03:00', 'Pacific/Auckland'))).toBe(
			'2026-09-26T14:00:00.000Z'
		);
		expect(iso(zonedDateTimeToInstant('2026-09-27', '01:59', 'Pacific/Auckland'))).toBe(
			'2026-09-26T13:59:00.000Z'
		);
		expect(iso(zonedDateTimeToInstant('2026-04-05', '02:30', 'Pacific/Auckland'))).toBe(
			'2026-04-04T13:30:00.000Z'
		);
		expect(iso(zonedDateTimeToInstant('2026-04-05', '12:00', 'Pacific/Auckland'))).toBe(
			'2026-04-05T00:00:00.000Z'
		);
	});

	it('has no gap on the Paris DST night', () => {
		expect(iso(zonedDateTimeToInstant('2026-03-29', '02:30', 'Indian/Reunion'))).toBe(
			'2026-03-28T22:30:00.000Z'
		);
	});
});

describe('instantToZoned and todayIn', () => {
	it('reads the wall clock and ISO weekday', () => {
		expect(instantToZoned(new Date('2026-03-29T01:00:00Z'), PARIS)).toEqual({
			date: '2026-03-29',
			time: '03:00',
			weekday: 7
		});
		expect(instantToZoned(new Date('2026-03-29T00:59:59.999Z'), PARIS)).toEqual({
			date: '2026-03-29',
			time: '01:59',
			weekday: 7
		});
		expect(instantToZoned(new Date('2026-03-30T07:00:00Z'), PARIS)).toEqual({
			date: '2026-03-30',
			time: '09:00',
			weekday: 1
		});
		expect(instantToZoned(new Date('2026-03-30T05:00:00Z'), 'Indian/Reunion').time).toBe('09:00');
		expect(instantToZoned(new Date('2026-03-30T12:00:00Z'), 'America/Cayenne').time).toBe('09:00');
		expect(() => instantToZoned(new Date(NaN), PARIS)).toThrow(RangeError);
	});

	it('gives a different "today" in Réunion and Paris near midnight', () => {
		// Friday 2026-06-19 22:30 in Paris = Saturday 00:30 in Réunion = Friday 17:30 in Cayenne.
		const now = new Date('2026-06-19T20:30:00Z');
		expect(todayIn(PARIS, now)).toBe('2026-06-19');
		expect(todayIn('Indian/Reunion', now)).toBe('2026-06-20');
		expect(todayIn('Indian/Mayotte', now)).toBe('2026-06-19');
		expect(todayIn('America/Cayenne', now)).toBe('2026-06-19');
		// 01:30 UTC: already Saturday in Paris, still Friday in the Antilles and Guyane.
		const later = new Date('2026-06-20T01:30:00Z');
		expect(todayIn(PARIS, later)).toBe('2026-06-20');
		expect(todayIn('America/Cayenne', later)).toBe('2026-06-19');
		expect(todayIn('America/Guadeloupe', later)).toBe('2026-06-19');
	});

	it('formats ISO 8601 with the local offset', () => {
		expect(toOffsetIso(new Date('2026-03-27T08:00:00Z'), PARIS)).toBe('2026-03-27T09:00:00+01:00');
		expect(toOffsetIso(new Date('2026-03-30T07:00:00Z'), PARIS)).toBe('2026-03-30T09:00:00+02:00');
		expect(toOffsetIso(new Date('2026-03-30T05:00:00Z'), 'Indian/Reunion')).toBe(
			'2026-03-30T09:00:00+04:00'
		);
		expect(toOffsetIso(new Date('2026-03-30T12:00:00Z'), 'America/Cayenne')).toBe(
			'2026-03-30T09:00:00-03:00'
		);
		expect(Date.parse(toOffsetIso(new Date('2026-10-25T01:30:00Z'), PARIS))).toBe(
			Date.parse('2026-10-25T01:30:00Z')
		);
	});

	it('round-trips wall time → instant → wall time (property, 2026–2028, incl. far-offset DST zones)', () => {
		const zones = [
			...new Set(departements.map((d) => d.timeZone)),
			'Pacific/Auckland',
			'Pacific/Chatham',
			'Australia/Lord_Howe',
			'America/New_York',
			'Africa/Cairo'
		];
		fc.assert(
			fc.property(
				fc.integer({ min: Date.UTC(2026, 0, 1) / 60_000, max: Date.UTC(2028, 11, 31) / 60_000 }),
				fc.constantFrom(...zones),
				(minute, zone) => {
					const instant = new Date(minute * 60_000);
					const wall = instantToZoned(instant, zone);
					const back = zonedDateTimeToInstant(wall.date, wall.time, zone);
					expect(back).not.toBeNull();
					// Equal, or the earlier twin in an autumn overlap (at most one hour before).
					const diff = instant.getTime() - (back?.getTime() ?? NaN);
					expect(diff).toBeGreaterThanOrEqual(0);
					expect(diff).toBeLessThanOrEqual(3_600_000);
					expect(diff % 1_800_000).toBe(0);
					expect(instantToZoned(back ?? instant, zone)).toEqual(wall);
					expect(Date.parse(toOffsetIso(instant, zone))).toBe(instant.getTime());
				}
			)
		);
	});
});
