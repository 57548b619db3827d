import { describe, expect, it } from 'vitest';
import { addWorkingDays, dueAtFor, isWorkingDay, type ServiceCalendar } from './due';

const calendar = (
	departementCode: string,
	extra: Partial<ServiceCalendar> = {}
): ServiceCalendar => ({
	departementCode,
	closures: [],
	holidayOptions: {},
	...extra
});

describe('working days', () => {
	it('skips weekends, holidays and the département’s closure days', () => {
		expect(isWorkingDay('2026-12-07', calendar('75'))).toBe(true);
		expect(isWorkingDay('2026-12-12', calendar('75'))).toBe(false);
		expect(isWorkingDay('2026-11-11', calendar('75'))).toBe(false);
		expect(isWorkingDay('2026-12-08', calendar('75', { closures: ['2026-12-08'] }))).toBe(false);
		expect(addWorkingDays('2026-12-04', 2, calendar('75'))).toBe('2026-12-08');
		expect(addWorkingDays('2026-11-10', 2, calendar('75'))).toBe('2026-11-13');
		expect(addWorkingDays('2026-12-07', 2, calendar('75', { closures: ['2026-12-08'] }))).toBe(
			'2026-12-10'
		);
	});

	it('follows the overseas calendars: abolition day, Good Friday closure and its lift', () => {
		// 20 December 2027 (a Monday) is the abolition day in La Réunion only.
		expect(addWorkingDays('2027-12-17', 2, calendar('974'))).toBe('2027-12-22');
		expect(addWorkingDays('2027-12-17', 2, calendar('75'))).toBe('2027-12-21');
		// Guadeloupe: Good Friday 26 March 2027 closed by default, then Easter Monday.
		expect(addWorkingDays('2027-03-25', 2, calendar('971'))).toBe('2027-03-31');
		expect(
			addWorkingDays(
				'2027-03-25',
				2,
				calendar('971', { holidayOptions: { goodFridayClosed: false } })
			)
		).toBe('2027-03-30');
		// Alsace-Moselle: Good Friday is a fête légale.
		expect(addWorkingDays('2027-03-25', 2, calendar('67'))).toBe('2027-03-31');
	});

	it('refuses a calendar without any working day rather than looping', () => {
		const closures = Array.from({ length: 400 }, (_, i) =>
			new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10)
		);
		expect(() => addWorkingDays('2025-12-31', 1, calendar('75', { closures }))).toThrow(RangeError);
	});
});

describe('due date', () => {
	it('is 14 calendar days later for an ordinary demande', () => {
		const created = new Date('2026-12-07T09:30:00Z');
		expect(dueAtFor(created, null, calendar('75')).toISOString()).toBe('2026-12-21T09:30:00.000Z');
	});

	it('is the end of the 2nd working day in the département’s zone for a prioritaire one', () => {
		// Monday 7 December 2026, 10:30 in Paris (UTC+1): due Wednesday 9, 23:59:59.999 Paris.
		expect(
			dueAtFor(new Date('2026-12-07T09:30:00Z'), 'detresse', calendar('75')).toISOString()
		).toBe('2026-12-09T22:59:59.999Z');
		// Friday evening: due Tuesday.
		expect(
			dueAtFor(new Date('2026-12-04T19:00:00Z'), 'rappel_rapide', calendar('75')).toISOString()
		).toBe('2026-12-08T22:59:59.999Z');
	});

	it('counts from the day it is in the département, not in Paris or UTC', () => {
		// 21:00 UTC on Monday 7 December is already Tuesday 8, 01:00 in La Réunion (UTC+4).
		const created = new Date('2026-12-07T21:00:00Z');
		expect(dueAtFor(created, 'detresse', calendar('974')).toISOString()).toBe(
			'2026-12-10T19:59:59.999Z'
		);
		expect(dueAtFor(created, 'detresse', calendar('75')).toISOString()).toBe(
			'2026-12-09T22:59:59.999Z'
		);
		// Guadeloupe (UTC−4): Friday 26 March 2027 (Good Friday) and Easter Monday closed.
		expect(
			dueAtFor(new Date('2027-03-25T15:00:00Z'), 'detresse', calendar('971')).toISOString()
		).toBe('2027-04-01T03:59:59.999Z');
	});
});
