import { error, fail, redirect } from '@sveltejs/kit';
import {
	QUESTION_COUNT,
	optionsFor,
	optionsKey,
	questions,
	variantFor,
	wordingKey
} from '$lib/questionnaire/definition';
import { canVisit, firstMissingStep, stepPath, type Step } from '$lib/questionnaire/flow';
import { answerSchemaFor } from '$lib/scoring/validate';
import { requireDraft } from '$lib/server/questionnaire/context';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function questionOf(event: Pick<RequestEvent, 'params'>) {
	const number = Number(event.params.n);
	const question = questions[number - 1];
	if (!question) error(404, 'Not found');
	return { number, question };
}

export const load: PageServerLoad = (event) => {
	const { number, question } = questionOf(event);
	const { draft } = requireDraft(event);
	const step: Step = { kind: 'question', number };
	// Questions are answered in order: a later one cannot be reached by typing its URL.
	if (!canVisit(draft, step)) redirect(303, stepPath(firstMissingStep(draft)));
	// A draft keeps the version it was started in (a new version applies to new drafts).
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
		answer: draft.answers[question.id],
		fromSummary: event.url.searchParams.get('retour') === 'recapitulatif'
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { number, question } = questionOf(event);
		const { store, draft } = requireDraft(event);
		if (!canVisit(draft, { kind: 'question', number }))
			redirect(303, stepPath(firstMissingStep(draft)));
		const variant = variantFor(draft.profile.statut, draft.questionnaireVersion);
		const raw = (await event.request.formData()).get('answer');
		const parsed = answerSchemaFor(question, variant, { coerce: true }).safeParse(raw);
		if (!parsed.success) {
			return fail(400, {
				error: 'questionnaire:errors.answer',
				value: typeof raw === 'string' ? raw.slice(0, 20) : undefined
			});
		}
		store.saveAnswer(draft, question.id, parsed.data);
		const answers = { ...draft.answers, [question.id]: parsed.data };
		const fromSummary = event.url.searchParams.get('retour') === 'recapitulatif';
		if (fromSummary || number === QUESTION_COUNT) {
			redirect(303, stepPath(firstMissingStep({ profile: draft.profile, answers })));
		}
		redirect(303, stepPath({ kind: 'question', number: number + 1 }));
	}
};
