import { describe, expect, it } from 'vitest';
import { questions } from './definition';
import { answersToAskAgain } from './profile-change';

describe('answers to ask again after a profile change', () => {
	const tiQuestions = questions.filter((q) => q.kind === 'choice' && q.tiOptions).map((q) => q.id);

	it('keeps every answer on a first profile or within the same situation', () => {
		expect(answersToAskAgain(undefined, 'ti_artisan')).toEqual([]);
		expect(answersToAskAgain('salarie_cdi', 'salarie_cdd')).toEqual([]);
		expect(answersToAskAgain('ti_artisan', 'ti_liberal')).toEqual([]);
	});

	it('asks again the questions whose options differ between salarié and indépendant', () => {
		expect(tiQuestions.length).toBeGreaterThan(0);
		expect(answersToAskAgain('salarie_cdi', 'ti_artisan')).toEqual(tiQuestions);
		expect(answersToAskAgain('ti_commercant', 'salarie_interim')).toEqual(tiQuestions);
	});
});
