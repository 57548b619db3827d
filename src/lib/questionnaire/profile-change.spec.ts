import { describe, expect, it } from 'vitest';
import { questions } from './definition';
import { answersToAskAgain } from './profile-change';

describe('answers to ask again after a profile change', () => {
	const withOwnOptions = questions
		.filter((q) => q.kind === 'choice' && q.variantOptions)
		.map((q) => q.id);

	it('keeps every answer on a first profile or within the same situation', () => {
		expect(answersToAskAgain(undefined, 'ti_artisan')).toEqual([]);
		expect(answersToAskAgain('salarie_cdi', 'salarie_cdd')).toEqual([]);
		expect(answersToAskAgain('ti_artisan', 'ti_liberal')).toEqual([]);
	});

	it('asks again the questions whose options differ between salarié and indépendant', () => {
		expect(withOwnOptions).toEqual(['relation_travail']);
		expect(answersToAskAgain('salarie_cdi', 'ti_artisan')).toEqual(withOwnOptions);
		expect(answersToAskAgain('ti_commercant', 'salarie_interim')).toEqual(withOwnOptions);
	});

	it('asks again the same questions between « autre » and the other situations (2026.2)', () => {
		expect(answersToAskAgain('salarie_cdi', 'autre')).toEqual(withOwnOptions);
		expect(answersToAskAgain('autre', 'ti_liberal')).toEqual(withOwnOptions);
	});

	it('keeps them in a 2026.1 draft, where « autre » answered the salarié questions', () => {
		expect(answersToAskAgain('salarie_cdi', 'autre', '2026.1')).toEqual([]);
		expect(answersToAskAgain('autre', 'ti_liberal', '2026.1')).toEqual(withOwnOptions);
	});
});
