import type { RequestEvent } from '@sveltejs/kit';
import { departements } from '$lib/departements/data';
import { arrets, rqthAnswers, sources, statuts } from '$lib/questionnaire/definition';
import { firstMissingStep, stepPath } from '$lib/questionnaire/flow';
import { profileSchema } from '$lib/questionnaire/schemas';
import { answersToAskAgain } from '$lib/questionnaire/profile-change';
import { guardedAction } from '$lib/server/forms';
import { ok } from '$lib/server/result';
import { requireDraft } from '$lib/server/questionnaire/context';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['statut', 'arret', 'departement', 'rqth', 'source'] as const;

export const load: PageServerLoad = async (event) => {
	const { draft } = await requireDraft(event);
	return {
		profile: draft.profile,
		options: { statuts, arrets, rqth: rqthAnswers, sources },
		departements: departements.map(({ code, name }) => ({ code, name })),
		fromSummary: event.url.searchParams.get('retour') === 'recapitulatif'
	};
};

/** The draft (or back to the start), and whether the person came from the summary. */
const draftOf = async (event: RequestEvent) => ({
	...(await requireDraft(event)),
	fromSummary: event.url.searchParams.get('retour') === 'recapitulatif'
});

export const actions: Actions = {
	default: guardedAction(draftOf, {
		form: 'profil',
		schema: profileSchema,
		fields: FIELDS,
		maxLength: 200,
		echo: FIELDS,
		run: async (profile, { store, draft }) =>
			ok(
				await store.saveProfile(
					draft,
					profile,
					answersToAskAgain(draft.profile.statut, profile.statut, draft.questionnaireVersion)
				)
			),
		// From the summary, go back there (or to a question the change made necessary again).
		redirect: (answers, { data: profile, context }) =>
			context.fromSummary
				? stepPath(firstMissingStep({ profile, answers }))
				: '/questionnaire/question/1'
	})
};
