import { fail, redirect } from '@sveltejs/kit';
import { departements } from '$lib/departements/data';
import {
	arrets,
	questions,
	rqthAnswers,
	sources,
	statuts,
	variantFor
} from '$lib/questionnaire/definition';
import { firstMissingStep, stepPath } from '$lib/questionnaire/flow';
import { profileSchema } from '$lib/questionnaire/schemas';
import { fieldErrors, formValues } from '$lib/server/forms';
import { requireDraft } from '$lib/server/questionnaire/context';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['statut', 'arret', 'departement', 'rqth', 'source'] as const;

export const load: PageServerLoad = (event) => {
	const { draft } = requireDraft(event);
	return {
		profile: draft.profile,
		options: { statuts, arrets, rqth: rqthAnswers, sources },
		departements: departements.map(({ code, name }) => ({ code, name })),
		fromSummary: event.url.searchParams.get('retour') === 'recapitulatif'
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { store, draft } = requireDraft(event);
		const values = formValues(await event.request.formData(), FIELDS, 200);
		const parsed = profileSchema.safeParse(values);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.error) });

		const profile = parsed.data;
		// A change between salarié and indépendant changes some answer options: ask those again.
		const variantChanged =
			draft.profile.statut !== undefined &&
			variantFor(draft.profile.statut) !== variantFor(profile.statut);
		const clear = variantChanged
			? questions.filter((q) => q.kind === 'choice' && q.tiOptions).map((q) => q.id)
			: [];
		const answers = store.saveProfile(draft, profile, clear);

		// From the summary, go back there (or to a question the change made necessary again).
		const fromSummary = event.url.searchParams.get('retour') === 'recapitulatif';
		redirect(
			303,
			fromSummary ? stepPath(firstMissingStep({ profile, answers })) : '/questionnaire/question/1'
		);
	}
};
