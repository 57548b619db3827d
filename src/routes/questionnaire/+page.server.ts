import { redirect } from '@sveltejs/kit';
import { firstMissingStep, stepPath } from '$lib/questionnaire/flow';
import { currentDraft, draftStore, startDraft } from '$lib/server/questionnaire/context';
import { rememberedDepartement, rememberedSource } from '$lib/server/questionnaire/source';
import { campagneOfRequest } from '$lib/server/campagnes/context';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const draft = await currentDraft(event);
	return {
		expired: event.url.searchParams.get('reprise') === 'expiree' && !draft,
		resume: draft
			? draft.completedAt
				? '/questionnaire/resultat'
				: stepPath(firstMissingStep(draft))
			: null
	};
};

export const actions: Actions = {
	/** Starts a new questionnaire (replacing any previous one on this device). */
	start: async (event) => {
		const previous = await currentDraft(event);
		if (previous) await draftStore().delete(previous);
		// An entry link's source and département (e.g. a QR code given by a doctor) pre-fill the profile.
		const source = rememberedSource(event.cookies);
		const departement = rememberedDepartement(event.cookies);
		await startDraft(
			event,
			{ ...(source ? { source } : {}), ...(departement ? { departement } : {}) },
			await campagneOfRequest(event)
		);
		redirect(303, '/questionnaire/profil');
	}
};
