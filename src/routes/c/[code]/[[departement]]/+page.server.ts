import { getDb } from '$lib/server/db/client';
import { land } from '$lib/server/campagnes/attribution';
import type { PageServerLoad } from './$types';

/**
 * A campaign's link (ADR 044): counts the visit and carries the campaign through the person's
 * journey; an unknown or expired code gets the same page, without attribution (never a 500).
 */
export const load: PageServerLoad = async ({ params, cookies, url }) => {
	const landing = await land(
		getDb(),
		{ code: params.code, departement: params.departement, secure: url.protocol === 'https:' },
		cookies,
		new Date()
	);
	const departement = landing.departement ? `departement=${landing.departement}` : '';
	return {
		known: landing.campagne !== null,
		questionnaire: `/questionnaire?source=courrier-assurance-maladie${departement ? `&${departement}` : ''}`,
		rendezVous: `/rendez-vous${departement ? `?${departement}` : ''}`,
		rappel: `/rendez-vous/rappel${departement ? `?${departement}` : ''}`
	};
};
