import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	QUESTIONNAIRE_VERSION,
	fields,
	optionsFor,
	questions,
	type Answers,
	type Question,
	type QuestionId,
	type Variant,
	variants
} from '$lib/questionnaire/definition';
import { levels, type EscalationRule, type Level } from './types';
import {
	InvalidAnswerError,
	LEVEL_THRESHOLDS,
	MAX_TOTAL,
	levelForScore,
	pointsFor,
	scoreAnswers
} from './score';
import { parseAnswers } from './validate';

/** The best possible situation: 0 points everywhere. */
const best: Answers = {
	duree_arret: 'moins_1_mois',
	capacite_travail: 10,
	compatibilite_poste: 'oui',
	relation_travail: 'bonnes',
	difficultes_vie: 'pas_du_tout',
	attente_retour: 10
};
const bestTi: Answers = { ...best, relation_travail: 'continue' };

const answers = (overrides: Partial<Answers>, variant: Variant = 'salarie'): Answers => ({
	...(variant === 'ti' ? bestTi : best),
	...overrides
});

const rank = (level: Level) => levels.indexOf(level);

describe('scoreAnswers — canonical cases', () => {
	// The score is round(total × 100 / 60) with an integer total, so 39 and 54 cannot be
	// reached: the band edges are total 23 → 38 / 24 → 40 and total 32 → 53 / 33 → 55.
	// None of these answer sets fires an escalation rule or the distress flag.
	// Each edge is crossed by one point on the last question (attente_retour 9 → 8, 8 → 7).
	const belowModere = {
		duree_arret: '1_3_mois',
		capacite_travail: 4,
		compatibilite_poste: 'ne_sait_pas',
		relation_travail: 'correctes',
		difficultes_vie: 'un_peu'
	} as const;
	const belowEleve = {
		...belowModere,
		compatibilite_poste: 'non',
		difficultes_vie: 'beaucoup'
	} as const;
	const bandCases: {
		name: string;
		answers: Answers;
		total: number;
		score: number;
		level: Level;
	}[] = [
		{ name: 'all best', answers: best, total: 0, score: 0, level: 'faible' },
		{
			name: 'highest faible (score 38, 39 unreachable)',
			answers: answers({ ...belowModere, attente_retour: 9 }),
			total: 23,
			score: 38,
			level: 'faible'
		},
		{
			name: 'lowest modéré (score 40)',
			answers: answers({ ...belowModere, attente_retour: 8 }),
			total: 24,
			score: 40,
			level: 'modere'
		},
		{
			name: 'highest modéré (score 53, 54 unreachable)',
			answers: answers({ ...belowEleve, attente_retour: 8 }),
			total: 32,
			score: 53,
			level: 'modere'
		},
		{
			name: 'lowest élevé (score 55)',
			answers: answers({ ...belowEleve, attente_retour: 7 }),
			total: 33,
			score: 55,
			level: 'eleve'
		}
	];

	it.each(bandCases)('$name → total $total, score $score, $level', (c) => {
		const result = scoreAnswers(c.answers, 'salarie');
		expect(result.total).toBe(c.total);
		expect(result.score).toBe(c.score);
		expect(result.baseLevel).toBe(c.level);
		expect(result.level).toBe(c.level);
		expect(result.escalations).toEqual([]);
		expect(result.distress).toBe(false);
		expect(result.questionnaireVersion).toBe(QUESTIONNAIRE_VERSION);
	});

	it('maps scores to levels at the documented thresholds', () => {
		expect(LEVEL_THRESHOLDS).toEqual({ modere: 40, eleve: 55 });
		expect(levelForScore(0)).toBe('faible');
		expect(levelForScore(39)).toBe('faible');
		expect(levelForScore(40)).toBe('modere');
		expect(levelForScore(54)).toBe('modere');
		expect(levelForScore(55)).toBe('eleve');
		expect(levelForScore(100)).toBe('eleve');
	});

	it('all worst answers give 60 → 100 → élevé', () => {
		const result = scoreAnswers(
			{
				duree_arret: 'plus_6_mois',
				capacite_travail: 0,
				compatibilite_poste: 'non',
				relation_travail: 'conflit',
				difficultes_vie: 'a_bout',
				attente_retour: 0
			},
			'salarie'
		);
		expect(result.total).toBe(MAX_TOTAL);
		expect(result.score).toBe(100);
		expect(result.points).toEqual({ travail: 20, sante: 20, social: 20 });
		expect(result.level).toBe('eleve');
		expect(result.escalations).toEqual(['attente_retour_basse', 'capacite_basse', 'arret_long']);
		expect(result.distress).toBe(true);
	});

	it('reverses the scales: 10 − value', () => {
		const result = scoreAnswers(answers({ capacite_travail: 6, attente_retour: 9 }), 'salarie');
		expect(result.points).toEqual({ travail: 0, sante: 4, social: 1 });
	});

	it('sums points per HAS field', () => {
		const result = scoreAnswers(
			answers({
				duree_arret: '1_3_mois',
				capacite_travail: 5,
				compatibilite_poste: 'avec_amenagements',
				relation_travail: 'difficiles',
				difficultes_vie: 'beaucoup',
				attente_retour: 6
			}),
			'salarie'
		);
		expect(result.points).toEqual({ sante: 4 + 5, travail: 4 + 8, social: 7 + 4 });
		expect(result.total).toBe(32);
	});

	it('orders weights by points, ties in questionnaire order', () => {
		const result = scoreAnswers(bandCases[1]!.answers, 'salarie');
		expect(result.weights).toEqual([
			{ questionId: 'capacite_travail', field: 'sante', points: 6 },
			{ questionId: 'compatibilite_poste', field: 'travail', points: 6 },
			{ questionId: 'duree_arret', field: 'sante', points: 4 },
			{ questionId: 'relation_travail', field: 'travail', points: 3 },
			{ questionId: 'difficultes_vie', field: 'social', points: 3 },
			{ questionId: 'attente_retour', field: 'social', points: 1 }
		]);
		const allZero = scoreAnswers(best, 'salarie');
		expect(allZero.weights.map((w) => w.questionId)).toEqual(questions.map((q) => q.id));
	});
});

describe('scoreAnswers — escalation rules', () => {
	const single: { overrides: Partial<Answers>; rule: EscalationRule }[] = [
		{ overrides: { attente_retour: 3 }, rule: 'attente_retour_basse' },
		{ overrides: { attente_retour: 0 }, rule: 'attente_retour_basse' },
		{ overrides: { capacite_travail: 3 }, rule: 'capacite_basse' },
		{ overrides: { capacite_travail: 0 }, rule: 'capacite_basse' },
		{ overrides: { duree_arret: '3_6_mois' }, rule: 'arret_long' },
		{ overrides: { duree_arret: 'plus_6_mois' }, rule: 'arret_long' }
	];

	it.each(single)('$overrides alone → $rule, faible raised to modéré', ({ overrides, rule }) => {
		const result = scoreAnswers(answers(overrides), 'salarie');
		expect(result.baseLevel).toBe('faible');
		expect(result.escalations).toEqual([rule]);
		expect(result.level).toBe('modere');
	});

	it.each([
		{ attente_retour: 4 },
		{ capacite_travail: 4 },
		{ duree_arret: '1_3_mois' }
	] satisfies Partial<Answers>[])('%o stays below the rule', (overrides) => {
		const result = scoreAnswers(answers(overrides), 'salarie');
		expect(result.escalations).toEqual([]);
		expect(result.level).toBe('faible');
	});

	const pairs: { overrides: Partial<Answers>; rules: EscalationRule[] }[] = [
		{
			overrides: { attente_retour: 3, capacite_travail: 3 },
			rules: ['attente_retour_basse', 'capacite_basse']
		},
		{
			overrides: { attente_retour: 2, duree_arret: '3_6_mois' },
			rules: ['attente_retour_basse', 'arret_long']
		},
		{
			overrides: { capacite_travail: 1, duree_arret: 'plus_6_mois' },
			rules: ['capacite_basse', 'arret_long']
		},
		{
			overrides: { attente_retour: 3, capacite_travail: 3, duree_arret: '3_6_mois' },
			rules: ['attente_retour_basse', 'capacite_basse', 'arret_long']
		}
	];

	it.each(pairs)('$rules together → élevé whatever the score', ({ overrides, rules }) => {
		const result = scoreAnswers(answers(overrides), 'salarie');
		expect(result.baseLevel).toBe('faible');
		expect(result.escalations).toEqual(rules);
		expect(result.level).toBe('eleve');
	});

	it('one rule never lowers a higher base level', () => {
		const result = scoreAnswers(
			answers({
				duree_arret: 'plus_6_mois',
				compatibilite_poste: 'non',
				relation_travail: 'conflit',
				difficultes_vie: 'beaucoup'
			}),
			'salarie'
		);
		expect(result.score).toBe(62);
		expect(result.baseLevel).toBe('eleve');
		expect(result.escalations).toEqual(['arret_long']);
		expect(result.level).toBe('eleve');
	});

	it('one rule on a modéré base stays modéré', () => {
		const result = scoreAnswers(
			answers({ attente_retour: 3, compatibilite_poste: 'non', relation_travail: 'difficiles' }),
			'salarie'
		);
		expect(result.total).toBe(25);
		expect(result.baseLevel).toBe('modere');
		expect(result.level).toBe('modere');
	});
});

describe('scoreAnswers — variants and distress', () => {
	it('scores the TI options of relation_travail', () => {
		const result = scoreAnswers(answers({ relation_travail: 'arretee' }, 'ti'), 'ti');
		expect(result.points.travail).toBe(10);
		const ralentie = scoreAnswers(answers({ relation_travail: 'ralentie' }, 'ti'), 'ti');
		expect(ralentie.points.travail).toBe(4);
	});

	it('TI and salarié share the other questions', () => {
		const common: Partial<Answers> = { duree_arret: '1_3_mois', compatibilite_poste: 'non' };
		const ti = scoreAnswers(answers(common, 'ti'), 'ti');
		const salarie = scoreAnswers(answers(common), 'salarie');
		expect(ti.total).toBe(14);
		expect(ti).toEqual(salarie);
	});

	it('rejects an option of the other variant', () => {
		expect(() => scoreAnswers(answers({ relation_travail: 'arretee' }), 'salarie')).toThrow(
			InvalidAnswerError
		);
		expect(() => scoreAnswers(answers({ relation_travail: 'bonnes' }, 'ti'), 'ti')).toThrow(
			InvalidAnswerError
		);
	});

	it('rejects out-of-range, non-integer or missing scale values', () => {
		for (const value of [11, -1, 2.5, Number.NaN]) {
			expect(() => scoreAnswers(answers({ capacite_travail: value }), 'salarie')).toThrow(
				InvalidAnswerError
			);
		}
		const { attente_retour: _dropped, ...missing } = best;
		expect(() => scoreAnswers(missing as Answers, 'salarie')).toThrow(/attente_retour/);
	});

	it('flags distress on « à bout » only', () => {
		expect(scoreAnswers(answers({ difficultes_vie: 'a_bout' }), 'salarie').distress).toBe(true);
		expect(scoreAnswers(answers({ difficultes_vie: 'a_bout' }, 'ti'), 'ti').distress).toBe(true);
		for (const option of ['pas_du_tout', 'un_peu', 'beaucoup']) {
			expect(scoreAnswers(answers({ difficultes_vie: option }), 'salarie').distress).toBe(false);
		}
	});

	it('distress does not change the level by itself', () => {
		const result = scoreAnswers(answers({ difficultes_vie: 'a_bout' }), 'salarie');
		expect(result.level).toBe('faible');
		expect(result.escalations).toEqual([]);
	});
});

// ---------------------------------------------------------------- properties

const answerArb = (question: Question, variant: Variant): fc.Arbitrary<string | number> =>
	question.kind === 'choice'
		? fc.constantFrom(...optionsFor(question, variant).map((o) => o.id))
		: fc.integer({ min: question.min, max: question.max });

const answersArb = (variant: Variant): fc.Arbitrary<Answers> =>
	fc.record(
		Object.fromEntries(questions.map((q) => [q.id, answerArb(q, variant)])) as Record<
			QuestionId,
			fc.Arbitrary<string | number>
		>
	);

const variantArb = fc.constantFrom<Variant>(...variants);
const scoredArb = variantArb.chain((variant) =>
	answersArb(variant).map((a) => ({ variant, answers: a }))
);

/** Every other answer to `question` that gives strictly more points than `current`. */
function worseAnswers(question: Question, current: string | number, variant: Variant) {
	const now = pointsFor(question, current, variant);
	const candidates =
		question.kind === 'choice'
			? optionsFor(question, variant).map((o) => o.id)
			: Array.from({ length: question.max - question.min + 1 }, (_, i) => question.min + i);
	return candidates.filter((c) => pointsFor(question, c, variant) > now);
}

describe('scoreAnswers — properties', () => {
	it('gives consistent sums and a valid level for any valid answers', () => {
		fc.assert(
			fc.property(scoredArb, ({ variant, answers: a }) => {
				const result = scoreAnswers(a, variant);
				expect(levels).toContain(result.level);
				expect(levels).toContain(result.baseLevel);
				expect(rank(result.level)).toBeGreaterThanOrEqual(rank(result.baseLevel));
				expect(result.baseLevel).toBe(levelForScore(result.score));
				for (const field of fields) {
					expect(result.points[field]).toBeGreaterThanOrEqual(0);
					expect(result.points[field]).toBeLessThanOrEqual(20);
					const fromWeights = result.weights
						.filter((w) => w.field === field)
						.reduce((sum, w) => sum + w.points, 0);
					expect(result.points[field]).toBe(fromWeights);
				}
				const sum = fields.reduce((s, f) => s + result.points[f], 0);
				expect(result.total).toBe(sum);
				expect(result.total).toBeGreaterThanOrEqual(0);
				expect(result.total).toBeLessThanOrEqual(60);
				expect(Number.isInteger(result.score)).toBe(true);
				expect(result.score).toBe(Math.round((sum * 100) / 60));
				expect(result.weights.map((w) => w.questionId).sort()).toEqual(
					questions.map((q) => q.id).sort()
				);
				for (let i = 1; i < result.weights.length; i++) {
					expect(result.weights[i - 1]!.points).toBeGreaterThanOrEqual(result.weights[i]!.points);
				}
				if (result.escalations.length >= 2) expect(result.level).toBe('eleve');
				if (result.escalations.length === 1) expect(result.level).not.toBe('faible');
			})
		);
	});

	it('never lowers the level when one answer gets worse', () => {
		const arb = scoredArb.chain(({ variant, answers: a }) =>
			fc
				.constantFrom(...questions)
				.filter((q) => worseAnswers(q, a[q.id], variant).length > 0)
				.chain((q) =>
					fc
						.constantFrom(...worseAnswers(q, a[q.id], variant))
						.map((worse) => ({ variant, before: a, after: { ...a, [q.id]: worse } as Answers }))
				)
		);
		fc.assert(
			fc.property(arb, ({ variant, before, after }) => {
				const r1 = scoreAnswers(before, variant);
				const r2 = scoreAnswers(after, variant);
				expect(r2.total).toBeGreaterThan(r1.total);
				expect(r2.score).toBeGreaterThanOrEqual(r1.score);
				expect(rank(r2.level)).toBeGreaterThanOrEqual(rank(r1.level));
				expect(r2.escalations.length).toBeGreaterThanOrEqual(r1.escalations.length);
			})
		);
	});

	it('scores exactly what parseAnswers accepts, without mutating the input', () => {
		fc.assert(
			fc.property(scoredArb, ({ variant, answers: a }) => {
				const copy = structuredClone(a);
				const parsed = parseAnswers(a, variant);
				expect(parsed.success).toBe(true);
				expect(scoreAnswers(a, variant)).toEqual(scoreAnswers(parsed.data!, variant));
				expect(a).toEqual(copy);
			})
		);
	});
});
