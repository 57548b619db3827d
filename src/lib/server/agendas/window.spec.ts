import { describe, expect, it } from 'vitest';
import { PLANNING_DAYS, dayInWindow, planningWindow, spanInWindow } from './window';

// 23:30 UTC on 30 November 2026 is already 1 December in Paris and Réunion, still 30 November in Martinique.
const NOW = new Date('2026-11-30T23:30:00Z');

describe('planning window', () => {
	it('starts today in the département time zone and lasts PLANNING_DAYS', () => {
		expect(planningWindow('Europe/Paris', NOW)).toEqual({
			first: '2026-12-01',
			last: '2027-12-02'
		});
		expect(planningWindow('America/Martinique', NOW).first).toBe('2026-11-30');
		expect(PLANNING_DAYS).toBe(366);
	});

	it('accepts a day from today to the last day, refuses yesterday and the day after', () => {
		expect(dayInWindow('2026-12-01', 'Europe/Paris', NOW)).toBe(true);
		expect(dayInWindow('2026-11-30', 'Europe/Paris', NOW)).toBe(false);
		expect(dayInWindow('2026-11-30', 'America/Martinique', NOW)).toBe(true);
		expect(dayInWindow('2027-12-02', 'Europe/Paris', NOW)).toBe(true);
		expect(dayInWindow('2027-12-03', 'Europe/Paris', NOW)).toBe(false);
	});

	it('accepts a span still running today or starting before the last day', () => {
		expect(spanInWindow('2026-11-20', '2026-12-01', 'Europe/Paris', NOW)).toBe(true);
		expect(spanInWindow('2026-11-20', '2026-11-30', 'Europe/Paris', NOW)).toBe(false);
		expect(spanInWindow('2027-12-02', '2028-01-10', 'Europe/Paris', NOW)).toBe(true);
		expect(spanInWindow('2027-12-03', '2028-01-10', 'Europe/Paris', NOW)).toBe(false);
	});
});
