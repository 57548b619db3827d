/**
 * One question of the questionnaire (`/questionnaire/question/[n]`): what the page shows and
 * the answer use case (ADR 030: a `Result`; the route is wiring).
 */
import { z } from 'zod';
import {
	QUESTION_COUNT,
	optionsFor,
	optionsKey,
	questions,
	variantFor,
	wordingKey,
	type Question
} from '$lib/questionnaire/definition';
import { firstMissingStep, stepPath } from '$lib/questionnaire/flow';
import { answerSchemaFor } from '$lib/scoring/validate';
import type { QuestionnaireDraft } from '$lib/server/db/schema';
import type { FormShape } from '$lib/server/forms';
import { ok, refused, type Result } from '$lib/server/result';
import type { DraftStore } from './drafts';

/** The question of a page number (1…QUESTION_COUNT), or undefined. */
export function questionAt(number: number): Question | undefined {
	return questions[number - 1];
}

/**
 * What the question page shows for this draft (its variant: salarié, travailleur indépendant or
 * autre situation). A draft keeps the version it was started in (a new version applies to new
 * drafts, ADR 035).
 */
export function questionView(draft: QuestionnaireDraft, number: number, question: Question) {
	const variant = variantFor(draft.profile.statut, draft.questionnaireVersion);
	return {
		number,
		total: QUESTION_COUNT,
		question: {
			id: question.id,
			kind: question.kind,
			/** Locale key prefixes of the label/help and of the option labels. */
			wordingKey: wordingKey(question, variant),
			optionsKey: optionsKey(question, variant),
			options: question.kind === 'choice' ? optionsFor(question, variant).map((o) => o.id) : [],
			min: question.kind === 'scale' ? question.min : 0,
			max: question.kind === 'scale' ? question.max : 0
		},
		answer: draft.answers[question.id]
	};
}

/** The form: one `answer`, checked against the question by `answerQuestion`. */
const answerFormSchema = z.object({ answer: z.string().optional() });
export const answerForm = {
	form: 'answer',
	schema: answerFormSchema,
	fields: ['answer'],
	// Option ids and scale values are short; this only caps what is read and echoed.
	maxLength: 40,
	echo: ['answer'],
	invalidKey: 'questionnaire:errors.answer'
} satisfies FormShape<typeof answerFormSchema>;

/**
 * Saves the answer; its value is the next page: the next question, or (last question, or
 * coming from the summary) the first step still missing.
 */
export async function answerQuestion(
	store: DraftStore,
	draft: QuestionnaireDraft,
	at: { number: number; question: Question; fromSummary: boolean },
	answer: string | undefined
): Promise<Result<string>> {
	const parsed = answerSchemaFor(
		at.question,
		variantFor(draft.profile.statut, draft.questionnaireVersion),
		{
			coerce: true
		}
	).safeParse(answer);
	if (!parsed.success) return refused('questionnaire:errors.answer', 400, { field: 'answer' });
	await store.saveAnswer(draft, at.question.id, parsed.data);
	const answers = { ...draft.answers, [at.question.id]: parsed.data };
	if (at.fromSummary || at.number === QUESTION_COUNT)
		return ok(stepPath(firstMissingStep({ profile: draft.profile, answers })));
	return ok(stepPath({ kind: 'question', number: at.number + 1 }));
}
