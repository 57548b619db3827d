import { describe, expect, it } from 'vitest';
import { classifySearch, foldName, nameKeySql, NAME_FOLDS } from './search-query';

describe('classifySearch', () => {
	it('recognises a reference whatever its case and dashes, with or without PDP', () => {
		for (const term of [
			'PDP-AB3DEF7H',
			'pdp-ab3def7h',
			'pdpab3def7h',
			' PDP AB3D-EF7H ',
			'ab3def7h'
		])
			expect(classifySearch(term)).toEqual({ kind: 'reference', reference: 'PDP-AB3DEF7H' });
	});

	it('takes eight letters without PDP nor digit for a name, not a reference', () => {
		expect(classifySearch('BENCHERF')).toEqual({ kind: 'name', tokens: ['bencherf'] });
	});

	it('finds a phone number in any usual format, as its stored E.164 key', () => {
		for (const term of [
			'06 12 34 56 78',
			'0612345678',
			'06.12.34.56.78',
			'06-12-34-56-78',
			'+33 6 12 34 56 78',
			'+33612345678',
			'0033 6 12 34 56 78',
			'+33 (0)6 12 34 56 78'
		])
			expect(classifySearch(term)).toEqual({ kind: 'phone', phoneKey: '+33612345678' });
		expect(classifySearch('0692 12 34 56')).toEqual({ kind: 'phone', phoneKey: '+262692123456' });
	});

	it('refuses an incomplete phone number rather than searching names for digits', () => {
		expect(classifySearch('06 12 34')).toEqual({ kind: 'invalid' });
		expect(classifySearch('12')).toEqual({ kind: 'invalid' });
	});

	it('finds an e-mail by its stored key (case, +tag)', () => {
		expect(classifySearch(' Claire.Martin+rdv@Example.org ')).toEqual({
			kind: 'email',
			emailKey: 'claire.martin@example.org'
		});
		expect(classifySearch('@')).toEqual({ kind: 'invalid' });
	});

	it('folds a name: accents, case, hyphens; each word a token', () => {
		expect(classifySearch('  Lefèvre-ÉBRARD  Zoé ')).toEqual({
			kind: 'name',
			tokens: ['lefevre', 'ebrard', 'zoe']
		});
		expect(classifySearch('Œuvray')).toEqual({ kind: 'name', tokens: ['oeuvray'] });
		// Decomposed accents (e + combining acute) fold too.
		expect(classifySearch('Ze\u0301lie')).toEqual({ kind: 'name', tokens: ['zelie'] });
	});

	it('needs two letters for a name', () => {
		expect(classifySearch('a')).toEqual({ kind: 'invalid' });
		expect(classifySearch('   ')).toEqual({ kind: 'invalid' });
		expect(classifySearch('al')).toEqual({ kind: 'name', tokens: ['al'] });
	});
});

describe('the name key', () => {
	it('folds in JavaScript as the SQL expression does, from one table', () => {
		const expression = nameKeySql('nom', 'prenom');
		for (const [from] of NAME_FOLDS)
			expect(expression).toContain(`'${from === "'" ? "''" : from}'`);
		expect(expression.startsWith('lower(')).toBe(true);
		expect(foldName('ÇA Ñandú')).toBe('ca nandu');
	});
});
