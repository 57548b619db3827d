import { modes } from '$lib/server/db/schema';
import { currentDraft } from '$lib/server/questionnaire/context';
import {
	departementOptions,
	modeSchema,
	prefilledDepartement
} from '$lib/server/rendez-vous/booking-forms';
import type { PageServerLoad } from './$types';

/** Choosing the département and the mode; a GET form to the free slots. */
export const load: PageServerLoad = async (event) => {
	const draft = await currentDraft(event);
	const mode = modeSchema.safeParse(event.url.searchParams.get('mode'));
	return {
		departements: departementOptions(),
		modes,
		departement: prefilledDepartement(event.url, draft),
		mode: mode.success ? mode.data : undefined
	};
};
