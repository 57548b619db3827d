import { error } from '@sveltejs/kit';
import { isDispositifId } from '$lib/dispositifs/catalogue';
import type { PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = ({ params }) => {
	// The param matcher only checks the shape: an id not in the catalogue is a 404 here.
	if (!isDispositifId(params.id)) error(404, 'Not found');
	return { id: params.id };
};
