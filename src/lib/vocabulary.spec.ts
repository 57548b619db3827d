import { describe, expect, it } from 'vitest';
import {
	demandeOutcomes,
	demandeStatuses,
	openStatuses,
	outcomeGroups,
	workableStatuses
} from './vocabulary';

describe('vocabulary', () => {
	it('groups every outcome exactly once', () => {
		const grouped = outcomeGroups.flatMap((g) => g.values);
		expect([...grouped].sort()).toEqual([...demandeOutcomes].sort());
	});

	it('keeps open and workable statuses inside the statuses, and "cloturee" out of both', () => {
		for (const status of [...openStatuses, ...workableStatuses])
			expect(demandeStatuses).toContain(status);
		expect(workableStatuses).not.toContain('cloturee');
		expect(openStatuses).toEqual(['nouvelle', 'en_cours']);
	});
});
