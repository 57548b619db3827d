import { error, redirect } from '@sveltejs/kit';
import { canVisit, firstMissingStep, stepPath } from '$lib/questionnaire/flow';
import { guardedAction } from '$lib/server/forms';
import { requireDraft } from '$lib/server/questionnaire/context';
import * as step from '$lib/server/questionnaire/question-step';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/**
 * The question of the URL (else 404) and the visitor's draft (else back to the start).
 * Questions are answered in order: a later one cannot be reached by typing its URL.
 */
async function questionOf(event: RequestEvent) {
	const number = Number(event.params.n);
	const question = step.questionAt(number);
	if (!question) error(404, 'Not found');
	const { store, draft } = await requireDraft(event);
	if (!canVisit(draft, { kind: 'question', number }))
		redirect(303, stepPath(firstMissingStep(draft)));
	const fromSummary = event.url.searchParams.get('retour') === 'recapitulatif';
	return { store, draft, at: { number, question, fromSummary } };
}

export const load: PageServerLoad = async (event) => {
	const { draft, at } = await questionOf(event);
	return { ...step.questionView(draft, at.number, at.question), fromSummary: at.fromSummary };
};

export const actions: Actions = {
	default: guardedAction(questionOf, {
		...step.answerForm,
		run: ({ answer }, { store, draft, at }) => step.answerQuestion(store, draft, at, answer),
		redirect: (next) => next
	})
};
