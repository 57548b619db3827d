import { NO_STORE } from '../booking.server';
import type { PageServerLoad } from './$types';

/** After "Supprimer mes données": nothing about the person is left to show. */
export const load: PageServerLoad = ({ setHeaders }) => {
	setHeaders(NO_STORE);
};
