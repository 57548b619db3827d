import { redirect } from '@sveltejs/kit';
import { departementByCode, organismeOf } from '$lib/departements/data';
import { fieldBands } from '$lib/questionnaire/result';
import { rapidCallbackOffered } from '$lib/booking/priority';
import { profileSchema } from '$lib/questionnaire/schemas';
import { adviceFor } from '$lib/dispositifs/advice';
import { guideSearch } from '$lib/dispositifs/query';

/** The result shows the most relevant dispositifs; the guide, filtered for the person, has the rest. */
const SHOWN_DISPOSITIFS = 5;
import { currentDraft } from '$lib/server/questionnaire/context';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const draft = await currentDraft(event);
	const profile = profileSchema.safeParse(draft?.profile);
	if (!draft?.result || !profile.success) redirect(303, '/questionnaire');
	const result = draft.result;
	const departement = departementByCode(profile.data.departement);
	// Every dispositif the page names comes from the profile and the arrêt duration (ADR 034).
	const advice = adviceFor({
		profile: profile.data,
		answers: draft.answers as Parameters<typeof adviceFor>[0]['answers'],
		level: result.level
	});
	const recommended = advice.dispositifs;
	return {
		level: result.level,
		score: result.score,
		questionnaireVersion: result.questionnaireVersion,
		bands: fieldBands(result.points),
		escalations: result.escalations,
		distress: result.distress,
		rapidCallback: rapidCallbackOffered(result),
		situation: advice.situation,
		medecin: advice.medecin,
		departement: departement
			? {
					code: departement.code,
					name: departement.name,
					organisme: organismeOf(departement).publicName,
					// 971–976: the 36 46's access from overseas is not confirmed (docs/domain).
					overseas: departement.code.startsWith('97')
				}
			: null,
		dispositifs: recommended.slice(0, SHOWN_DISPOSITIFS),
		moreDispositifs: recommended.length > SHOWN_DISPOSITIFS,
		guideLink: `/dispositifs${guideSearch(advice.guideFilter)}`,
		expiresAt: draft.expiresAt.toISOString()
	};
};
