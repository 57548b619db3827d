import { getDb } from '$lib/server/db/client';
import { bookingService } from '$lib/server/booking/context';
import { personalDataExport } from '$lib/server/booking/personal-data';
import { looksLikeToken } from '$lib/server/tokens';
import type { RequestHandler } from './$types';

const NO_STORE = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/**
 * The person's data as a JSON file (right of access and portability). The manage link is the
 * only key: an unknown, erased or tampered token gets the same plain 404 as any missing page,
 * and nothing about whether a demande ever existed.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const demande = looksLikeToken(params.token)
		? await bookingService().findByToken(params.token)
		: undefined;
	if (!demande) {
		return new Response(locals.t('legal:download.notFound'), {
			status: 404,
			headers: { ...NO_STORE, 'content-type': 'text/plain; charset=utf-8' }
		});
	}
	const body = JSON.stringify(await personalDataExport(getDb(), demande, new Date()), null, 2);
	return new Response(body, {
		headers: {
			...NO_STORE,
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="portail-pdp-${demande.reference}.json"`
		}
	});
};
