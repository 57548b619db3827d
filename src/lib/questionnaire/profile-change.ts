import { questions, variantFor, type QuestionId, type Statut } from './definition';

/**
 * The answers to ask again after a profile change: a change between salarié and indépendant
 * changes the options of some questions (`tiOptions`), so those answers no longer hold.
 */
export function answersToAskAgain(before: Statut | undefined, after: Statut): QuestionId[] {
	if (before === undefined || variantFor(before) === variantFor(after)) return [];
	return questions.filter((q) => q.kind === 'choice' && q.tiOptions).map((q) => q.id);
}
