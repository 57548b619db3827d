import { describe, expect, it } from 'vitest';
import { pageQuery } from './pagination';

describe('pageQuery', () => {
	it('keeps the filters that have a value and adds the page after the first', () => {
		expect(
			pageQuery(
				[
					['status', 'nouvelle'],
					['mode', undefined]
				],
				3
			)
		).toBe('?status=nouvelle&page=3');
		expect(pageQuery([['reference', 'PDP-AB 12&x']], 1)).toBe('?reference=PDP-AB+12%26x');
	});

	it('answers "?" for the first page without filters, so the link drops the current query', () => {
		expect(pageQuery([], 1)).toBe('?');
		expect(pageQuery([['action', undefined]], 0)).toBe('?');
	});
});
