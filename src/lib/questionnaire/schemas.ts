import { z } from 'zod';
import { departementCodes } from '$lib/departements/data';
import { arrets, rqthAnswers, sources, statuts } from './definition';

/**
 * zod schemas of the questionnaire forms, shared by the form actions and the API.
 * Error messages are locale keys (translated where they are shown).
 */
export const profileSchema = z.object({
	statut: z.enum(statuts, { error: 'questionnaire:errors.statut' }),
	arret: z.enum(arrets, { error: 'questionnaire:errors.arret' }),
	departement: z
		.string({ error: 'questionnaire:errors.departement' })
		.refine((code) => departementCodes.includes(code), {
			error: 'questionnaire:errors.departement'
		}),
	rqth: z.enum(rqthAnswers, { error: 'questionnaire:errors.rqth' }),
	source: z.enum(sources, { error: 'questionnaire:errors.source' })
});

export const sourceSchema = z.enum(sources);
