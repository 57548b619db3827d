import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { guideSearch, parseGuideQuery } from './query';

const parse = (search: string) => parseGuideQuery(new URLSearchParams(search));

describe('parseGuideQuery', () => {
	it('reads valid filters', () => {
		expect(parse('statut=ti&origine=at_mp&rqth=oui')).toEqual({
			filter: { statut: 'ti', origine: 'at_mp', rqth: true },
			invalid: []
		});
		expect(parse('rqth=non').filter).toEqual({ rqth: false });
	});

	it('treats empty values ("all") and missing values as no filter', () => {
		expect(parse('statut=&origine=&rqth=')).toEqual({ filter: {}, invalid: [] });
		expect(parse('')).toEqual({ filter: {}, invalid: [] });
	});

	it('drops bad values, keeps the good ones and reports which were dropped', () => {
		expect(parse('statut=pirate&origine=maladie&rqth=peut-etre')).toEqual({
			filter: { origine: 'maladie' },
			invalid: ['statut', 'rqth']
		});
	});

	it('ignores unknown parameters and uses the first value of a repeated one', () => {
		expect(parse('foo=bar&statut=salarie&statut=ti')).toEqual({
			filter: { statut: 'salarie' },
			invalid: []
		});
	});

	it('never throws, whatever the query', () => {
		fc.assert(
			fc.property(
				fc.dictionary(fc.constantFrom('statut', 'origine', 'rqth', 'x'), fc.string()),
				(params) => {
					const { filter, invalid } = parseGuideQuery(new URLSearchParams(params));
					expect(Object.keys(filter).length + invalid.length).toBeLessThanOrEqual(3);
				}
			)
		);
	});

	it('round-trips with guideSearch', () => {
		for (const filter of [
			{},
			{ statut: 'ti' as const },
			{ statut: 'salarie' as const, origine: 'at_mp' as const, rqth: false }
		]) {
			expect(parse(guideSearch(filter).slice(1)).filter).toEqual(filter);
		}
		expect(guideSearch({})).toBe('');
		expect(guideSearch({ rqth: true })).toBe('?rqth=oui');
	});
});
