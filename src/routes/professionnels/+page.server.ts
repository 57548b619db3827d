import { partnerTypes } from '$lib/partenaires/links';
import { departementOptions, linkView } from './links.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => ({
	link: linkView(event),
	types: partnerTypes,
	departements: departementOptions()
});
