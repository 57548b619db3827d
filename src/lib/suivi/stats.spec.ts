import { describe, expect, it } from 'vitest';
import {
	ANSWERED,
	CONTACTED,
	byVersion,
	calibrationTable,
	cohortTable,
	type CalibrationCount,
	type CohortCount
} from './stats';

const group = (dims: Partial<CohortCount>, counts: Record<string, number>): CohortCount[] =>
	Object.entries(counts).map(([category, count]) => ({
		suiviVersion: 'suivi-2026-1',
		month: '2026-05',
		outcome: 'emploi_poste_amenage',
		departement: '974',
		source: 'moi_meme',
		questionnaireVersion: '2026.2',
		level: 'modere',
		...dims,
		category: category as CohortCount['category'],
		count
	}));

const may = group(
	{},
	{
		[CONTACTED]: 10,
		[ANSWERED]: 8,
		plus_en_arret: 5,
		en_emploi: 4,
		emploi_poste_amenage: 3,
		emploi_autre_employeur: 1,
		formation: 2,
		demandeur_emploi: 2,
		suivi_cap_emploi: 1,
		en_arret_avec_projet: 2,
		en_arret_sans_projet: 1,
		invalidite: 1,
		invalidite_categorie_1: 1
	}
);
const june = group(
	{ month: '2026-06', departement: '971', outcome: 'sans_suite' },
	{
		[CONTACTED]: 4,
		[ANSWERED]: 2,
		plus_en_arret: 1,
		en_arret_sans_projet: 1,
		demandeur_emploi: 1,
		suivi_france_travail: 1
	}
);

describe('cohortTable', () => {
	it('gives the response rate and each category share of those who answered, per month of closure', () => {
		const { rows, total } = cohortTable([...june, ...may], 'month');
		expect(rows.map((r) => r.key)).toEqual(['2026-05', '2026-06']);
		const [mai, juin] = rows;
		expect(mai).toMatchObject({ contacted: 10, answered: 8, responseRate: 0.8 });
		expect(mai!.categories.plus_en_arret).toEqual({ count: 5, share: 0.625 });
		expect(mai!.categories.en_emploi).toEqual({ count: 4, share: 0.5 });
		expect(mai!.categories.formation).toEqual({ count: 2, share: 0.25 });
		// Sub-categories are shares of their category, like the report's "72,5 % en catégorie 1".
		expect(mai!.categories.emploi_poste_amenage).toEqual({ count: 3, share: 0.75 });
		expect(mai!.categories.suivi_cap_emploi).toEqual({ count: 1, share: 0.5 });
		expect(mai!.categories.invalidite_categorie_1).toEqual({ count: 1, share: 1 });
		expect(mai!.categories.retraite).toEqual({ count: 0, share: 0 });
		expect(juin).toMatchObject({ contacted: 4, answered: 2, responseRate: 0.5 });
		expect(juin!.categories.emploi_meme_poste).toEqual({ count: 0, share: null });
		expect(total).toMatchObject({ contacted: 14, answered: 10 });
		expect(total.responseRate).toBeCloseTo(10 / 14);
		expect(total.categories.plus_en_arret).toEqual({ count: 6, share: 0.6 });
		expect(total.categories.demandeur_emploi).toEqual({ count: 3, share: 0.3 });
		expect(total.categories.suivi_cap_emploi.share).toBeCloseTo(1 / 3);
	});

	it('shows overlapping shares: their sum exceeds 100 % when people count twice', () => {
		const { total } = cohortTable(may, 'outcome');
		const main = ['plus_en_arret', 'en_emploi', 'formation', 'demandeur_emploi'] as const;
		expect(main.reduce((sum, c) => sum + (total.categories[c].share ?? 0), 0)).toBeGreaterThan(1);
	});

	it('groups by département and by source as well', () => {
		expect(cohortTable([...may, ...june], 'departement').rows.map((r) => r.key)).toEqual([
			'971',
			'974'
		]);
		expect(cohortTable([...may, ...june], 'source').rows).toHaveLength(1);
	});
});

const calib = (
	item: string,
	value: string,
	counts: Record<string, number>,
	version = '2026.2'
): CalibrationCount[] =>
	Object.entries(counts).map(([category, count]) => ({
		suiviVersion: 'suivi-2026-1',
		departement: '974',
		questionnaireVersion: version,
		item,
		value,
		category: category as CalibrationCount['category'],
		count
	}));

describe('calibrationTable (k-anonymity, k = 5)', () => {
	const counts = [
		...calib('level', 'faible', {
			[ANSWERED]: 12,
			plus_en_arret: 9,
			en_arret_avec_projet: 2,
			en_arret_sans_projet: 1,
			en_emploi: 6
		}),
		...calib('level', 'modere', { [ANSWERED]: 7, plus_en_arret: 4, en_emploi: 2 }),
		...calib('level', 'eleve', { [ANSWERED]: 3, plus_en_arret: 1 }),
		// Another version never mixes in.
		...calib('level', 'faible', { [ANSWERED]: 40, plus_en_arret: 40 }, '2026.1')
	];

	it('hides a row under 5 answers and, its total being known, the next smallest row too', () => {
		const [level] = calibrationTable(counts, '2026.2', ['level']);
		expect(level!.rows.map((r) => [r.value, r.answered])).toEqual([
			['faible', 12],
			['modere', null],
			['eleve', null]
		]);
		expect(Object.values(level!.rows[1]!.categories).every((cell) => cell.count === null)).toBe(
			true
		);
	});

	it('hides counts from 1 to 4, and the arrêt situation that would give one back by difference', () => {
		const [level] = calibrationTable(counts, '2026.2', ['level']);
		const faible = level!.rows[0]!.categories;
		expect(faible.plus_en_arret).toEqual({ count: 9, rate: 0.75 });
		expect(faible.en_emploi).toEqual({ count: 6, rate: 0.5 });
		// 1 is hidden; 12 − 9 − 2 would give it back, so 2 is hidden as well.
		expect(faible.en_arret_sans_projet).toEqual({ count: null, rate: null });
		expect(faible.en_arret_avec_projet).toEqual({ count: null, rate: null });
		// Zero is shown.
		expect(faible.invalidite).toEqual({ count: 0, rate: 0 });
	});

	it('hides the smallest other count of a column when only one would be hidden in it', () => {
		const [travail] = calibrationTable(
			[
				...calib('travail', '0', { [ANSWERED]: 10, invalidite: 2, en_emploi: 5 }),
				...calib('travail', '10', { [ANSWERED]: 10, invalidite: 6, en_emploi: 5 }),
				...calib('travail', '5', { [ANSWERED]: 10, invalidite: 7, en_emploi: 5 })
			],
			'2026.2',
			['travail']
		);
		// Points sort as numbers: 0, 5, 10.
		expect(travail!.rows.map((r) => r.value)).toEqual(['0', '5', '10']);
		expect(travail!.rows.map((r) => r.categories.invalidite.count)).toEqual([null, 7, null]);
		expect(travail!.rows.map((r) => r.categories.en_emploi.count)).toEqual([5, 5, 5]);
	});
});

describe('byVersion (the version of the follow-up questions)', () => {
	it('splits the counts by version, the current one first, then the newest, and no table adds two versions up', () => {
		const counts = [
			...group({ suiviVersion: 'suivi-2025-1' }, { [CONTACTED]: 4, [ANSWERED]: 2 }),
			...group({}, { [CONTACTED]: 10, [ANSWERED]: 8 }),
			...group({ suiviVersion: 'suivi-2027-1' }, { [CONTACTED]: 1, [ANSWERED]: 1 })
		];
		const groups = byVersion(counts, 'suivi-2026-1');
		expect(groups.map((g) => g.version)).toEqual(['suivi-2026-1', 'suivi-2027-1', 'suivi-2025-1']);
		expect(groups.map((g) => cohortTable(g.counts, 'month').total.contacted)).toEqual([10, 1, 4]);
		expect(groups.map((g) => cohortTable(g.counts, 'month').total.answered)).toEqual([8, 1, 2]);
		expect(byVersion([], 'suivi-2026-1')).toEqual([]);
		// A current version without counts has no table.
		expect(byVersion(counts.slice(0, 2), 'suivi-2026-1').map((g) => g.version)).toEqual([
			'suivi-2025-1'
		]);
	});
});
