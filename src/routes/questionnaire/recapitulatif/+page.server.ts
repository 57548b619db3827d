import { redirect } from '@sveltejs/kit';
import { departementByCode } from '$lib/departements/data';
import { optionsKey, questions, variantFor, wordingKey } from '$lib/questionnaire/definition';
import { firstMissingStep, stepPath } from '$lib/questionnaire/flow';
import { profileSchema } from '$lib/questionnaire/schemas';
import { scoreAnswers } from '$lib/scoring/score';
import { parseAnswers } from '$lib/scoring/validate';
import { requireDraft } from '$lib/server/questionnaire/context';
import type { QuestionnaireDraft } from '$lib/server/db/schema';
import type { Actions, PageServerLoad } from './$types';

/** The draft's profile and answers, re-validated; or a redirect to the first missing step. */
function completeDraft(draft: QuestionnaireDraft) {
	const profile = profileSchema.safeParse(draft.profile);
	// A draft keeps the version it was started in (a new version applies to new drafts).
	const variant = variantFor(draft.profile.statut, draft.questionnaireVersion);
	const answers = parseAnswers(draft.answers, variant);
	if (!profile.success || !answers.success) redirect(303, stepPath(firstMissingStep(draft)));
	return { profile: profile.data, answers: answers.data, variant };
}

export const load: PageServerLoad = async (event) => {
	const { draft } = await requireDraft(event);
	const { profile, answers, variant } = completeDraft(draft);
	return {
		profile,
		departementName: departementByCode(profile.departement)?.name ?? profile.departement,
		answers: questions.map((q, index) => ({
			number: index + 1,
			id: q.id,
			kind: q.kind,
			wordingKey: wordingKey(q, variant),
			optionsKey: optionsKey(q, variant),
			value: String(answers[q.id])
		}))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { store, draft } = await requireDraft(event);
		const { profile, answers, variant } = completeDraft(draft);
		await store.complete(
			draft,
			profile,
			scoreAnswers(answers, variant, draft.questionnaireVersion)
		);
		redirect(303, '/questionnaire/resultat');
	}
};
