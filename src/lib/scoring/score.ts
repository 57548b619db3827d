/**
 * The Scoring PDP: turns a full set of answers into points per HAS field, a 0–100 score,
 * a level and the escalation rules that fired. Pure and framework-free (pages, partner
 * API and tests share it). Thresholds are a provisional proposal, to be calibrated:
 * see docs/scoring.md before changing any number here (a change means a new
 * QUESTIONNAIRE_VERSION).
 */
import {
	QUESTIONNAIRE_VERSION,
	distressAnswers,
	fields,
	knownVersions,
	optionsFor,
	questions,
	type Answers,
	type Field,
	type Question,
	type QuestionId,
	type Variant
} from '$lib/questionnaire/definition';
import { levels, type EscalationRule, type Level, type ScoringResult } from './types';

/** Highest possible points for one question. */
export const MAX_QUESTION_POINTS = 10;
/** Highest possible raw total (6 questions × 10). */
export const MAX_TOTAL = questions.length * MAX_QUESTION_POINTS;

/** Lowest score (0–100) of each level: below `modere` is `faible`. */
export const LEVEL_THRESHOLDS = { modere: 40, eleve: 55 } as const;

/**
 * STarT-like escalation rules: each one names a question and the answers that fire it.
 * Scale rules compare the raw 0–10 value the person gave (not the points).
 */
export const escalationRules: readonly {
	rule: EscalationRule;
	questionId: QuestionId;
	fires: (answer: string | number) => boolean;
}[] = [
	{
		rule: 'attente_retour_basse',
		questionId: 'attente_retour',
		fires: (answer) => typeof answer === 'number' && answer <= 3
	},
	{
		rule: 'capacite_basse',
		questionId: 'capacite_travail',
		fires: (answer) => typeof answer === 'number' && answer <= 3
	},
	{
		rule: 'arret_long',
		questionId: 'duree_arret',
		fires: (answer) => answer === '3_6_mois' || answer === 'plus_6_mois'
	}
];

/** Thrown when `scoreAnswers` gets answers that `parseAnswers` would have rejected. */
export class InvalidAnswerError extends Error {
	constructor(readonly questionId: QuestionId) {
		super(`Invalid or missing answer for question "${questionId}"`);
		this.name = 'InvalidAnswerError';
	}
}

/** Points (0–10) for one answer; throws InvalidAnswerError on an invalid answer. */
export function pointsFor(question: Question, answer: unknown, variant: Variant): number {
	if (question.kind === 'choice') {
		const option = optionsFor(question, variant).find((o) => o.id === answer);
		if (!option) throw new InvalidAnswerError(question.id);
		return option.points;
	}
	if (
		typeof answer !== 'number' ||
		!Number.isInteger(answer) ||
		answer < question.min ||
		answer > question.max
	) {
		throw new InvalidAnswerError(question.id);
	}
	return question.reversed ? question.max - answer : answer;
}

/** Level from the 0–100 score alone. */
export function levelForScore(score: number): Level {
	if (score >= LEVEL_THRESHOLDS.eleve) return 'eleve';
	if (score >= LEVEL_THRESHOLDS.modere) return 'modere';
	return 'faible';
}

/** Level floor set by the escalation rules: one ⇒ modéré, two or more ⇒ élevé. */
export function levelForEscalations(count: number): Level {
	if (count >= 2) return 'eleve';
	if (count === 1) return 'modere';
	return 'faible';
}

export function maxLevel(a: Level, b: Level): Level {
	return levels.indexOf(a) >= levels.indexOf(b) ? a : b;
}

/**
 * Scores a full, valid set of answers (validate untrusted input with `parseAnswers` first:
 * an invalid answer throws InvalidAnswerError). `variant` picks the TI or « autre » options.
 * `version` is the questionnaire version the answers were given in (a draft started before
 * a new version keeps its own): points, thresholds and rules are the same in every known
 * version, only which variant a statut answers changed (see `variantFor`).
 */
export function scoreAnswers(
	answers: Answers,
	variant: Variant,
	version: string = QUESTIONNAIRE_VERSION
): ScoringResult {
	if (!knownVersions.includes(version)) throw new Error(`Unknown questionnaire version ${version}`);
	const points = Object.fromEntries(fields.map((field) => [field, 0])) as Record<Field, number>;
	const weights: ScoringResult['weights'] = [];
	for (const question of questions) {
		const value = pointsFor(question, answers[question.id], variant);
		points[question.field] += value;
		weights.push({ questionId: question.id, field: question.field, points: value });
	}
	// Array.prototype.sort is stable: ties keep the questionnaire order.
	weights.sort((a, b) => b.points - a.points);

	const total = fields.reduce((sum, field) => sum + points[field], 0);
	const score = Math.round((total * 100) / MAX_TOTAL);
	const baseLevel = levelForScore(score);

	const escalations = escalationRules
		.filter(({ questionId, fires }) => fires(answers[questionId]))
		.map(({ rule }) => rule);
	const level = maxLevel(baseLevel, levelForEscalations(escalations.length));

	const distress = questions.some((question) =>
		(distressAnswers[question.id] ?? []).includes(answers[question.id])
	);

	return {
		questionnaireVersion: version,
		points,
		total,
		score,
		baseLevel,
		level,
		escalations,
		distress,
		weights
	};
}
