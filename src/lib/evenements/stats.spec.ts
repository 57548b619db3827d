import { describe, expect, it } from 'vitest';
import { conversionRate, evenementStats, type EvenementFacts } from './stats';

// Three évènements counted by hand:
// A (974, réunion, 2026-11): 12 registered, 2 waiting, 10 present, 2 absent, 4 demandes.
// B (974 and 976, forum, 2026-12): 30 registered, 0 waiting, 20 present, 10 absent, 3 demandes.
// C (13, réunion, 2026-12): 5 registered, 0 waiting, 0 present, 5 absent, 0 demandes.
const facts: EvenementFacts[] = [
	{
		id: 1,
		title: 'A',
		kind: 'reunion_information',
		departements: ['974'],
		month: '2026-11',
		funnel: { registered: 12, waitlisted: 2, present: 10, absent: 2, converted: 4 }
	},
	{
		id: 2,
		title: 'B',
		kind: 'forum',
		departements: ['974', '976'],
		month: '2026-12',
		funnel: { registered: 30, waitlisted: 0, present: 20, absent: 10, converted: 3 }
	},
	{
		id: 3,
		title: 'C',
		kind: 'reunion_information',
		departements: ['13'],
		month: '2026-12',
		funnel: { registered: 5, waitlisted: 0, present: 0, absent: 5, converted: 0 }
	}
];

describe('évènement statistics', () => {
	const stats = evenementStats(facts);

	it('gives each évènement its funnel and conversion rate (demandes ÷ present)', () => {
		expect(stats.byEvenement.map((row) => [row.title, row.rate])).toEqual([
			['A', 0.4],
			['B', 0.15],
			['C', null]
		]);
	});

	it('adds up by month, by département (an évènement in each of its départements) and by kind', () => {
		expect(stats.byMonth).toEqual([
			{
				key: '2026-11',
				registered: 12,
				waitlisted: 2,
				present: 10,
				absent: 2,
				converted: 4,
				rate: 0.4
			},
			{
				key: '2026-12',
				registered: 35,
				waitlisted: 0,
				present: 20,
				absent: 15,
				converted: 3,
				rate: 0.15
			}
		]);
		expect(stats.byDepartement.map((row) => [row.key, row.registered, row.converted])).toEqual([
			['13', 5, 0],
			['974', 42, 7],
			['976', 30, 3]
		]);
		expect(stats.byKind.map((row) => [row.key, row.present, row.rate])).toEqual([
			['forum', 20, 0.15],
			['reunion_information', 10, 0.4]
		]);
		expect(stats.total).toEqual({
			registered: 47,
			waitlisted: 2,
			present: 30,
			absent: 17,
			converted: 7,
			rate: 0.233
		});
	});

	it('has no rate without anyone present', () => {
		expect(
			conversionRate({ registered: 1, waitlisted: 0, present: 0, absent: 1, converted: 0 })
		).toBeNull();
	});
});
