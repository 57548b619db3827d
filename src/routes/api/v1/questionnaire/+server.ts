import type { RequestHandler } from './$types';
import { apiContext, apiLocale, methodNotAllowed } from '$lib/server/api/http';
import { questionnaireDocument } from '$lib/server/api/questionnaire';

/**
 * GET /api/v1/questionnaire — the current versioned questionnaire, localized by
 * `?lang=fr|en`, else Accept-Language (docs/api.md). Public and cacheable.
 */
export const GET: RequestHandler = ({ request, url }) => {
	const locale = apiLocale(url, request);
	return new Response(JSON.stringify(questionnaireDocument(locale)), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'cache-control': 'public, max-age=300',
			vary: 'Accept-Language',
			'content-language': locale,
			'x-content-type-options': 'nosniff'
		}
	});
};

export const fallback: RequestHandler = ({ request, url }) =>
	methodNotAllowed(apiContext(url, request), 'GET, HEAD');
