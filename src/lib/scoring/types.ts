import type { Field, QuestionId } from '$lib/questionnaire/definition';

export const levels = ['faible', 'modere', 'eleve'] as const;
export type Level = (typeof levels)[number];

/** Why the level was raised above what the total alone gives. */
export type EscalationRule = 'attente_retour_basse' | 'capacite_basse' | 'arret_long';

export interface ScoringResult {
	questionnaireVersion: string;
	/** Points per HAS field, each 0–20. */
	points: Record<Field, number>;
	/** Raw total, 0–60. */
	total: number;
	/** Total rescaled to 0–100 (rounded). */
	score: number;
	/** Level from the score alone, before escalation. */
	baseLevel: Level;
	level: Level;
	/** Escalation rules that fired (see docs/scoring.md), in a stable order. */
	escalations: EscalationRule[];
	/** True when an answer suggests distress (show 3114 and 15/112). */
	distress: boolean;
	/** Questions ordered by how much they weigh (most points first), for the result page. */
	weights: { questionId: QuestionId; field: Field; points: number }[];
}
