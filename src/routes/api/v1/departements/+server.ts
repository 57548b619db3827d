import type { RequestHandler } from './$types';
import { apiContext, apiJson, methodNotAllowed } from '$lib/server/api/http';
import { departements, organismeOf } from '$lib/departements/data';

/**
 * GET /api/v1/departements — the 101 départements with the organisme running their service
 * social and their IANA time zone (docs/api.md). Public and cacheable.
 */
export const GET: RequestHandler = ({ request, url }) => {
	const ctx = apiContext(url, request);
	const body = {
		departements: departements.map((d) => {
			const organisme = organismeOf(d);
			return {
				code: d.code,
				name: d.name,
				organisme: { id: organisme.id, name: organisme.name },
				timeZone: d.timeZone
			};
		})
	};
	return apiJson(body, 200, ctx, { 'cache-control': 'public, max-age=3600' });
};

export const fallback: RequestHandler = ({ request, url }) =>
	methodNotAllowed(apiContext(url, request), 'GET, HEAD');
