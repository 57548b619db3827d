import type { Handle, RequestEvent } from '@sveltejs/kit';
import { escapeHtml } from './html';

/**
 * Form actions read `request.formData()`, which throws on a body that is not a form (JSON,
 * text/plain, no content type, a broken multipart body): a 500. SvelteKit's origin check
 * only refuses such bodies cross-origin. This handle answers them with a localized 415
 * before any action runs (found by tests/e2e/fuzz.e2e.ts). The API (/api/*) reads JSON
 * itself and is left alone.
 */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

export const refuseMalformedForms: Handle = async ({ event, resolve }) => {
	if (event.request.method !== 'POST' || event.url.pathname.startsWith('/api/'))
		return resolve(event);
	const type = (event.request.headers.get('content-type') ?? '')
		.split(';')[0]!
		.trim()
		.toLowerCase();
	if (!FORM_TYPES.includes(type)) return unsupportedBody(event);
	try {
		await event.request.clone().formData();
	} catch {
		return unsupportedBody(event);
	}
	return resolve(event);
};

function unsupportedBody(event: RequestEvent): Response {
	const { t, locale } = event.locals;
	return simplePage(locale, 415, t('error.badRequest.title'), t('error.badRequest.text'), {
		'cache-control': 'no-store'
	});
}

/** A minimal localized page (no script, no style) for answers given before any route runs. */
export function simplePage(
	locale: string,
	status: number,
	title: string,
	text: string,
	headers: Record<string, string> = {}
): Response {
	const html = `<!doctype html><html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p><a href="/">⌂</a></p></main></body></html>`;
	return new Response(html, {
		status,
		headers: { ...headers, 'content-type': 'text/html; charset=utf-8' }
	});
}
