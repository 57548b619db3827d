import { describe, expect, it } from 'vitest';
import { campagneStats, type CampagneRow, type CountRow, type DemandeRow } from './stats';

// Two campaigns. Mars in 93 (2 000 letters) and 94 (letters not entered); Avril in 75 only.
const campagnes: CampagneRow[] = [
	{
		id: 1,
		code: 'MARS27',
		name: 'Mars',
		startsOn: '2027-03-01',
		endsOn: '2027-03-31',
		departements: [
			{ code: '93', lettersSent: 2000 },
			{ code: '94', lettersSent: null }
		]
	},
	{
		id: 2,
		code: 'AVR27A',
		name: 'Avril',
		startsOn: '2027-04-01',
		endsOn: '2027-04-30',
		departements: [{ code: '75', lettersSent: 400 }]
	}
];
const visits: CountRow[] = [
	{ campagneId: 1, departement: '93', count: 30 },
	{ campagneId: 1, departement: '93', count: 10 }, // another day
	{ campagneId: 1, departement: '94', count: 12 },
	{ campagneId: 1, departement: '', count: 5 }, // the link typed without its département
	{ campagneId: 2, departement: '75', count: 8 }
];
const questionnaires: CountRow[] = [
	{ campagneId: 1, departement: '93', count: 9 },
	{ campagneId: 1, departement: '94', count: 4 },
	{ campagneId: 2, departement: '75', count: 2 }
];
const inscriptions: CountRow[] = [
	{ campagneId: 1, departement: '93', count: 6 },
	{ campagneId: 1, departement: '93', count: 1 }, // another month
	{ campagneId: 2, departement: '75', count: 3 }
];
const demandes: DemandeRow[] = [
	{ campagneId: 1, departement: '93', kind: 'rendez_vous', held: true },
	{ campagneId: 1, departement: '93', kind: 'rendez_vous', held: false },
	{ campagneId: 1, departement: '93', kind: 'rappel', held: false },
	{ campagneId: 1, departement: '93', kind: 'rendez_vous', held: true },
	{ campagneId: 1, departement: '94', kind: 'rendez_vous', held: true },
	{ campagneId: 2, departement: '75', kind: 'rappel', held: false }
];

describe('campagneStats', () => {
	it('adds up a campaign over the départements in scope, with the rate where letters are known', () => {
		const [mars, avril] = campagneStats(
			campagnes,
			{ visits, questionnaires, inscriptions },
			demandes,
			['75', '93', '94']
		);
		// Visits 30 + 10 + 12 + 5; questionnaires 9 + 4; demandes 4 in 93 + 1 in 94.
		expect(mars).toMatchObject({
			code: 'MARS27',
			visits: 57,
			questionnaires: 13,
			demandes: 5,
			rendezVous: 4,
			rappels: 1,
			held: 3,
			// Registrations to an évènement: 6 + 1, all in 93.
			inscriptions: 7,
			// Only 93's letters are known: 4 demandes of 93 / 2 000 letters.
			lettersSent: 2000,
			responseRate: 0.002
		});
		expect(
			mars!.byDepartement.map((line) => [line.departement, line.visits, line.demandes])
		).toEqual([
			['93', 40, 4],
			['94', 12, 1],
			['', 5, 0]
		]);
		expect(mars!.byDepartement.map((line) => line.inscriptions)).toEqual([7, 0, 0]);
		expect(mars!.byDepartement[1]).toMatchObject({ lettersSent: null, responseRate: null });
		// 1 demande / 400 letters.
		expect(avril).toMatchObject({
			visits: 8,
			questionnaires: 2,
			demandes: 1,
			inscriptions: 3,
			responseRate: 0.0025
		});
	});

	it('shows a staff member only their départements, and links without département only to whom sees them all', () => {
		const stats = campagneStats(campagnes, { visits, questionnaires, inscriptions }, demandes, [
			'94'
		]);
		expect(stats).toHaveLength(1);
		expect(stats[0]).toMatchObject({
			visits: 12,
			questionnaires: 4,
			demandes: 1,
			held: 1,
			inscriptions: 0,
			lettersSent: null,
			responseRate: null
		});
		expect(stats[0]!.byDepartement.map((line) => line.departement)).toEqual(['94']);
	});

	it('gives zeros and no rate to a campaign nobody answered yet', () => {
		const [mars] = campagneStats(
			campagnes,
			{ visits: [], questionnaires: [], inscriptions: [] },
			[],
			['93', '94']
		);
		expect(mars).toMatchObject({ visits: 0, demandes: 0, lettersSent: 2000, responseRate: 0 });
		expect(mars!.byDepartement.map((line) => line.departement)).toEqual(['93', '94']);
	});
});
