import { hasOwnOptions, questions, variantFor, type QuestionId, type Statut } from './definition';

/**
 * The answers to ask again after a profile change: a change of variant (salarié,
 * indépendant, autre) changes the options of some questions (`variantOptions`), so those
 * answers no longer hold. `version` is the draft's questionnaire version.
 */
export function answersToAskAgain(
	before: Statut | undefined,
	after: Statut,
	version?: string
): QuestionId[] {
	if (before === undefined) return [];
	const from = variantFor(before, version);
	const to = variantFor(after, version);
	if (from === to) return [];
	return questions.filter((q) => hasOwnOptions(q, from) || hasOwnOptions(q, to)).map((q) => q.id);
}
