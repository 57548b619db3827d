import { describe, expect, it } from 'vitest';
import { questionById, type Answers, type Question } from '$lib/questionnaire/definition';
import { answerSchemaFor, answersSchemaFor, parseAnswers } from './validate';

const valid: Answers = {
	duree_arret: '1_3_mois',
	capacite_travail: 5,
	compatibilite_poste: 'avec_amenagements',
	relation_travail: 'correctes',
	difficultes_vie: 'un_peu',
	attente_retour: 7
};
const validTi: Answers = { ...valid, relation_travail: 'ralentie' };

const question = (id: string): Question => {
	const q = questionById(id);
	if (!q) throw new Error(`no question ${id}`);
	return q;
};

/** Paths and codes of the issues, for compact assertions. */
function issuesOf(input: unknown, variant: 'salarie' | 'ti' = 'salarie') {
	const result = parseAnswers(input, variant);
	expect(result.success).toBe(false);
	return (result.error?.issues ?? []).map((i) => ({ path: i.path.join('.'), code: i.code }));
}

describe('parseAnswers', () => {
	it('accepts a full valid answer set for each variant', () => {
		expect(parseAnswers(valid, 'salarie')).toEqual({ success: true, data: valid });
		expect(parseAnswers(validTi, 'ti')).toEqual({ success: true, data: validTi });
	});

	it('reports every missing question', () => {
		const { capacite_travail: _a, difficultes_vie: _b, ...partial } = valid;
		expect(issuesOf(partial)).toEqual([
			{ path: 'capacite_travail', code: 'invalid_type' },
			{ path: 'difficultes_vie', code: 'invalid_value' }
		]);
		expect(issuesOf({})).toHaveLength(6);
	});

	it('rejects unknown keys, including __proto__', () => {
		expect(issuesOf({ ...valid, commentaire: 'x' })).toEqual([
			{ path: '', code: 'unrecognized_keys' }
		]);
		const proto = JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(valid).slice(1)}`);
		expect(issuesOf(proto)).toEqual([{ path: '', code: 'unrecognized_keys' }]);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('rejects wrong types', () => {
		expect(issuesOf({ ...valid, capacite_travail: '5' })).toEqual([
			{ path: 'capacite_travail', code: 'invalid_type' }
		]);
		expect(issuesOf({ ...valid, duree_arret: 2 })).toEqual([
			{ path: 'duree_arret', code: 'invalid_value' }
		]);
		expect(issuesOf({ ...valid, attente_retour: null })).toEqual([
			{ path: 'attente_retour', code: 'invalid_type' }
		]);
		expect(issuesOf({ ...valid, attente_retour: true })).toEqual([
			{ path: 'attente_retour', code: 'invalid_type' }
		]);
		for (const input of [null, undefined, [], 'answers', 42, [valid]]) {
			expect(issuesOf(input)).toEqual([{ path: '', code: 'invalid_type' }]);
		}
	});

	it('rejects out-of-range and non-integer scale values', () => {
		expect(issuesOf({ ...valid, capacite_travail: 11 })).toEqual([
			{ path: 'capacite_travail', code: 'too_big' }
		]);
		expect(issuesOf({ ...valid, capacite_travail: -1 })).toEqual([
			{ path: 'capacite_travail', code: 'too_small' }
		]);
		for (const value of [2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
			expect(issuesOf({ ...valid, attente_retour: value })).toEqual([
				{ path: 'attente_retour', code: 'invalid_type' }
			]);
		}
		expect(parseAnswers({ ...valid, attente_retour: 0 }, 'salarie').success).toBe(true);
		expect(parseAnswers({ ...valid, attente_retour: 10 }, 'salarie').success).toBe(true);
	});

	it('rejects the options of the other variant', () => {
		expect(issuesOf({ ...valid, relation_travail: 'arretee' }, 'salarie')).toEqual([
			{ path: 'relation_travail', code: 'invalid_value' }
		]);
		expect(issuesOf({ ...validTi, relation_travail: 'bonnes' }, 'ti')).toEqual([
			{ path: 'relation_travail', code: 'invalid_value' }
		]);
	});

	it('rejects huge strings as values and keys without echoing them', () => {
		const huge = '<script>alert(1)</script>'.repeat(40_000);
		const result = parseAnswers({ ...valid, duree_arret: huge, [huge]: 1 }, 'salarie');
		expect(result.success).toBe(false);
		const codes = result.error?.issues.map((i) => i.code);
		expect(codes).toEqual(['invalid_value', 'unrecognized_keys']);
		// The value is never copied into the message (zod does quote unknown keys; the API
		// layer replaces zod's messages with its own, see $lib/server/api/issues.ts).
		expect(result.error?.issues[0]?.message).not.toContain('<script>');
	});

	it('answersSchemaFor builds the same strict schema', () => {
		expect(answersSchemaFor('ti').safeParse(validTi).success).toBe(true);
		expect(answersSchemaFor('ti').safeParse(valid).success).toBe(false);
	});
});

describe('answerSchemaFor', () => {
	it('validates one choice answer by variant', () => {
		const q = question('relation_travail');
		expect(answerSchemaFor(q, 'salarie').safeParse('conflit').success).toBe(true);
		expect(answerSchemaFor(q, 'salarie').safeParse('arretee').success).toBe(false);
		expect(answerSchemaFor(q, 'ti').safeParse('arretee').success).toBe(true);
		expect(answerSchemaFor(q, 'ti').safeParse('conflit').success).toBe(false);
		// TI keep the common options where the question has no TI-specific ones.
		expect(answerSchemaFor(question('compatibilite_poste'), 'ti').safeParse('non').success).toBe(
			true
		);
	});

	it('validates a scale as a strict integer unless coercion is asked', () => {
		const q = question('capacite_travail');
		expect(answerSchemaFor(q, 'salarie').safeParse(7).success).toBe(true);
		expect(answerSchemaFor(q, 'salarie').safeParse('7').success).toBe(false);
		const form = answerSchemaFor(q, 'salarie', { coerce: true });
		expect(form.safeParse('7')).toEqual({ success: true, data: 7 });
		expect(form.safeParse(' 0 ')).toEqual({ success: true, data: 0 });
		expect(form.safeParse(10)).toEqual({ success: true, data: 10 });
		for (const bad of ['11', '7.5', '-1', '', 'sept', '1e1', '0x7', null]) {
			expect(form.safeParse(bad).success).toBe(false);
		}
	});
});
