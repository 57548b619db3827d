import { redirect } from '@sveltejs/kit';
import { departementByCode } from '$lib/departements/data';
import { questions, variantFor } from '$lib/questionnaire/definition';
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
	const variant = variantFor(draft.profile.statut);
	const answers = parseAnswers(draft.answers, variant);
	if (!profile.success || !answers.success) redirect(303, stepPath(firstMissingStep(draft)));
	return { profile: profile.data, answers: answers.data, variant };
}

export const load: PageServerLoad = (event) => {
	const { draft } = requireDraft(event);
	const { profile, answers, variant } = completeDraft(draft);
	return {
		profile,
		departementName: departementByCode(profile.departement)?.name ?? profile.departement,
		variant,
		answers: questions.map((q, index) => ({
			number: index + 1,
			id: q.id,
			kind: q.kind,
			hasTiVariant: q.hasTiVariant,
			tiOptions: q.kind === 'choice' && variant === 'ti' && Boolean(q.tiOptions),
			value: String(answers[q.id])
		}))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { store, draft } = requireDraft(event);
		const { profile, answers, variant } = completeDraft(draft);
		store.complete(draft, profile, scoreAnswers(answers, variant));
		redirect(303, '/questionnaire/resultat');
	}
};
