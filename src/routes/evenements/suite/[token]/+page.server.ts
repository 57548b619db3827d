import { error } from '@sveltejs/kit';
import { inscriptionOfLink } from '$lib/server/evenements/forms';
import { rememberFollowUp } from '$lib/server/evenements/follow-up';
import { departementsOf } from '$lib/server/evenements/registration';
import { getDb } from '$lib/server/db/client';
import type { PageServerLoad } from './$types';

/**
 * The link of the message after an évènement: remembers it for the booking pages (the demande
 * will carry the évènement, ADR 043) and offers a rendez-vous or a callback, and the
 * registration's manage page (to erase it).
 */
export const load: PageServerLoad = async ({ params, cookies, url }) => {
	const found = await inscriptionOfLink(params.token);
	if (!found.ok) error(404, found.reason);
	rememberFollowUp(cookies, params.token, url.protocol === 'https:');
	const [departement] = await departementsOf(getDb(), found.value.evenement.id);
	return {
		query: departement ? `?departement=${departement}` : '',
		// The follow-up's token is the registration's manage token from now on (ADR 043).
		manage: `/evenements/inscription/${params.token}`
	};
};
