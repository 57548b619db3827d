import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	QUESTIONNAIRE_VERSION,
	autreEquivalents,
	knownVersions,
	optionsFor,
	optionsKey,
	questionById,
	questions,
	variantFor,
	wordingKey,
	type Answers,
	type ChoiceQuestion,
	type QuestionId
} from '$lib/questionnaire/definition';
import { scoreAnswers } from './score';
import { parseAnswers } from './validate';

/**
 * Questionnaire 2026.2: statut « autre » (demandeur d'emploi, sans contrat…) gets its own
 * wording of the two travail questions, with options meaning the same risk; 2026.1 results
 * keep their salarié reading.
 */

const relation = questionById('relation_travail') as ChoiceQuestion;
const compatibilite = questionById('compatibilite_poste') as ChoiceQuestion;

const salarieAnswers = (relationId: string, compat = 'oui'): Answers => ({
	duree_arret: '1_3_mois',
	capacite_travail: 5,
	compatibilite_poste: compat,
	relation_travail: relationId,
	difficultes_vie: 'un_peu',
	attente_retour: 6
});

describe('questionnaire version 2026.2', () => {
	it('is the current version and 2026.1 is still known', () => {
		expect(QUESTIONNAIRE_VERSION).toBe('2026.2');
		expect(knownVersions).toEqual(['2026.1', '2026.2']);
	});

	it('gives statut « autre » its own variant now, and the salarié one in 2026.1', () => {
		expect(variantFor('autre')).toBe('autre');
		expect(variantFor('autre', '2026.2')).toBe('autre');
		expect(variantFor('autre', '2026.1')).toBe('salarie');
		for (const version of knownVersions) {
			expect(variantFor('salarie_interim', version)).toBe('salarie');
			expect(variantFor('ti_liberal', version)).toBe('ti');
		}
	});

	it('asks « autre » about the work they look for and their support, not a post or an employer', () => {
		expect(wordingKey(compatibilite, 'autre')).toBe(
			'questionnaire:questions.compatibilite_poste.autre'
		);
		expect(wordingKey(relation, 'autre')).toBe('questionnaire:questions.relation_travail.autre');
		expect(optionsKey(relation, 'autre')).toBe(
			'questionnaire:questions.relation_travail.autre.options'
		);
		// Same options (and points) for the compatibility question: only the wording differs.
		expect(optionsKey(compatibilite, 'autre')).toBe(
			'questionnaire:questions.compatibilite_poste.options'
		);
		expect(optionsFor(compatibilite, 'autre')).toEqual(compatibilite.options);
		// The other four questions keep one wording for everyone.
		for (const q of questions.filter((q) => q.field !== 'travail')) {
			expect(wordingKey(q, 'autre')).toBe(wordingKey(q, 'salarie'));
		}
	});

	it('maps each « autre » option of relation_travail to a salarié option of the same points', () => {
		const autre = optionsFor(relation, 'autre');
		expect(Object.keys(autreEquivalents).sort()).toEqual(autre.map((o) => o.id).sort());
		expect(Object.values(autreEquivalents).sort()).toEqual(
			relation.options.map((o) => o.id).sort()
		);
		for (const option of autre) {
			const equivalent = relation.options.find((o) => o.id === autreEquivalents[option.id]);
			expect(equivalent?.points).toBe(option.points);
		}
	});

	it('scores « autre » answers exactly like their salarié equivalents (scoring equivalence)', () => {
		const arb = fc.record({
			relation: fc.constantFrom(...optionsFor(relation, 'autre').map((o) => o.id)),
			compat: fc.constantFrom(...compatibilite.options.map((o) => o.id)),
			duree: fc.constantFrom('moins_1_mois', '1_3_mois', '3_6_mois', 'plus_6_mois'),
			capacite: fc.integer({ min: 0, max: 10 }),
			attente: fc.integer({ min: 0, max: 10 }),
			vie: fc.constantFrom('pas_du_tout', 'un_peu', 'beaucoup', 'a_bout')
		});
		fc.assert(
			fc.property(arb, (a) => {
				const base = {
					duree_arret: a.duree,
					capacite_travail: a.capacite,
					compatibilite_poste: a.compat,
					difficultes_vie: a.vie,
					attente_retour: a.attente
				};
				const autre = scoreAnswers({ ...base, relation_travail: a.relation } as Answers, 'autre');
				const salarie = scoreAnswers(
					{ ...base, relation_travail: autreEquivalents[a.relation]! } as Answers,
					'salarie'
				);
				expect(autre).toEqual(salarie);
			})
		);
	});

	it('validates « autre » answers against their own options only', () => {
		expect(parseAnswers(salarieAnswers('accompagne'), 'autre').success).toBe(true);
		expect(parseAnswers(salarieAnswers('bonnes'), 'autre').success).toBe(false);
		expect(parseAnswers(salarieAnswers('accompagne'), 'salarie').success).toBe(false);
	});

	it('still scores a 2026.1 « autre » response as before: salarié options, its own version', () => {
		const old = salarieAnswers('conflit', 'non');
		const variant = variantFor('autre', '2026.1');
		expect(parseAnswers(old, variant).success).toBe(true);
		const result = scoreAnswers(old, variant, '2026.1');
		expect(result.questionnaireVersion).toBe('2026.1');
		// Same numbers as the 2026.1 computation (the salarié options did not change).
		const { questionnaireVersion: _v, ...now } = scoreAnswers(old, 'salarie');
		const { questionnaireVersion: _o, ...then } = result;
		expect(then).toEqual(now);
		expect(result.points.travail).toBe(20);
	});

	it('refuses to label a result with an unknown version', () => {
		expect(() => scoreAnswers(salarieAnswers('bonnes'), 'salarie', '1999.1')).toThrow();
	});

	it('keeps every question id stable across versions', () => {
		expect(questions.map((q) => q.id)).toEqual([
			'duree_arret',
			'capacite_travail',
			'compatibilite_poste',
			'relation_travail',
			'difficultes_vie',
			'attente_retour'
		] satisfies QuestionId[]);
	});
});
