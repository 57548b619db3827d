import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { overlapTest } from './free-slots';
import { holidaysFor } from '$lib/booking/holidays';

describe('overlapTest (free slots minus booked intervals)', () => {
	it('answers exactly like a scan of every interval', () => {
		const interval = fc
			.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 60 }))
			.map(([s, l]) => [s, s + l] as [number, number]);
		fc.assert(
			fc.property(fc.array(interval, { maxLength: 30 }), interval, (booked, [s, e]) => {
				const expected = booked.some(([bs, be]) => bs < e && s < be);
				expect(overlapTest(booked)(s, e)).toBe(expected);
			}),
			{ numRuns: 500 }
		);
	});

	it('treats touching intervals as free and nested ones as taken', () => {
		const overlaps = overlapTest([
			[100, 200],
			[0, 1000],
			[300, 400]
		]);
		expect(overlaps(1000, 1100)).toBe(false);
		expect(overlaps(950, 1100)).toBe(true);
		expect(overlapTest([[100, 200]])(200, 300)).toBe(false);
		expect(overlapTest([])(0, 10)).toBe(false);
	});
});

describe('holidaysFor memoisation', () => {
	it('hands out copies: a caller changing its list does not change the next answer', () => {
		const first = holidaysFor(2027, '67');
		const reference = structuredClone(first);
		first[0]!.date = '1999-01-01';
		first.pop();
		expect(holidaysFor(2027, '67')).toEqual(reference);
		expect(holidaysFor(2027, '67', { pentecostMondayClosed: false })).toHaveLength(
			reference.length - 1
		);
	});
});
