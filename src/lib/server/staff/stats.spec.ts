import { describe, expect, it } from 'vitest';
import { addMonths, parseStatsQuery, statsQueryString } from './stats';

// 23 November 2026: the default period is December 2025 … November 2026.
const NOW = new Date('2026-11-23T09:00:00Z');
const scope = ['01', '69'];
const parse = (params: Record<string, string>, s: readonly string[] = scope) =>
	parseStatsQuery(new URLSearchParams(params), s, NOW);
const filters = (params: Record<string, string>) => {
	const parsed = parse(params);
	if (!parsed.ok) throw new Error('expected ok');
	return parsed.filters;
};

describe('statistics query', () => {
	it('defaults to the last 12 months, all my départements', () => {
		expect(filters({})).toEqual({
			departement: null,
			year: null,
			custom: false,
			from: '2025-12',
			to: '2026-11',
			adjusted: false
		});
		expect(filters({ departement: '' }).departement).toBeNull();
	});

	it('refuses a département outside the scope (the caller answers 404)', () => {
		expect(parse({ departement: '974' })).toEqual({ ok: false });
		expect(parse({ departement: 'zz' })).toEqual({ ok: false });
		expect(parse({ departement: '69' + 'x'.repeat(30) })).toEqual({ ok: false });
		expect(parse({ departement: '69' }, [])).toEqual({ ok: false });
		expect(filters({ departement: '01' }).departement).toBe('01');
	});

	it('takes a year (cut at this month) or from/to months, from/to first', () => {
		expect(filters({ year: '2025' })).toMatchObject({
			year: 2025,
			from: '2025-01',
			to: '2025-12',
			adjusted: false
		});
		expect(filters({ year: '2026' })).toMatchObject({
			from: '2026-01',
			to: '2026-11',
			adjusted: false
		});
		expect(filters({ year: '2025', from: '2026-02', to: '2026-04' })).toMatchObject({
			year: null,
			custom: true,
			from: '2026-02',
			to: '2026-04',
			adjusted: false
		});
		// One bound only: 12 months from it (cut at this month) or up to it.
		expect(filters({ from: '2026-03' })).toMatchObject({
			from: '2026-03',
			to: '2026-11',
			adjusted: false
		});
		expect(filters({ to: '2024-06' })).toMatchObject({
			from: '2023-07',
			to: '2024-06',
			adjusted: false
		});
	});

	it('corrects a bad period and says so', () => {
		// Reversed.
		expect(filters({ from: '2026-05', to: '2026-02' })).toMatchObject({
			from: '2026-02',
			to: '2026-05',
			adjusted: true
		});
		// In the future, before the first month, too long, junk.
		expect(filters({ from: '2026-10', to: '2027-03' })).toMatchObject({
			from: '2026-10',
			to: '2026-11',
			adjusted: true
		});
		expect(filters({ from: '2010-01', to: '2020-06' })).toMatchObject({
			from: '2020-01',
			to: '2020-06',
			adjusted: true
		});
		expect(filters({ from: '2020-01', to: '2026-11' })).toMatchObject({
			from: '2023-12',
			to: '2026-11',
			adjusted: true
		});
		expect(filters({ from: '2026-13', to: 'nope' })).toMatchObject({
			from: '2025-12',
			to: '2026-11',
			adjusted: true
		});
		expect(filters({ year: '1990' })).toMatchObject({
			year: null,
			from: '2025-12',
			to: '2026-11',
			adjusted: true
		});
		expect(filters({ year: '2031' })).toMatchObject({ year: null, adjusted: true });
		expect(filters({ year: '=1+1' })).toMatchObject({ year: null, adjusted: true });
	});

	it('writes the query string of the CSV link', () => {
		expect(statsQueryString(filters({ departement: '69', year: '2025' }))).toBe(
			'departement=69&from=2025-01&to=2025-12'
		);
		expect(addMonths('2026-01', -1)).toBe('2025-12');
		expect(addMonths('2025-12', 14)).toBe('2027-02');
	});
});
