import { error, redirect } from '@sveltejs/kit';
import { looksLikeToken } from '$lib/server/tokens';
import type { RequestHandler } from './$types';

/**
 * The manage link as an SMS carries it (ADR 041): the same token behind a short path, sent on
 * to the manage page, which checks it. A malformed token gets the plain 404 of any missing page.
 */
export const GET: RequestHandler = ({ params }) => {
	if (!looksLikeToken(params.token)) error(404, 'Not found');
	redirect(303, `/rendez-vous/gerer/${params.token}`);
};
