import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { PRIVATE_CACHE_CONTROL, isPrivateRoute } from '$lib/server/cache-policy';
import { LOCALE_COOKIE, isLocale, negotiateLocale } from '$lib/i18n/config';
import { createI18n } from '$lib/server/i18n';
import { messagesDataBlock, namespacesFor } from '$lib/i18n/messages';
import { footerHtml } from '$lib/server/footer';
import { rememberEntryLink } from '$lib/server/questionnaire/source';
import { logger } from '$lib/server/log';
import { startup } from '$lib/server/startup';
import { env } from '$lib/server/env';
import { createRateLimitHandle } from '$lib/server/rate-limit';
import { serverRateLimiter } from '$lib/server/instances/shared-rate-limit';
import { dialect } from '$lib/server/db/dialect';
import { refuseMalformedForms } from '$lib/server/request-guard';
import { getDb } from '$lib/server/db/client';
import {
	SESSION_COOKIE,
	deleteSessionTokenCookie,
	validateSessionToken
} from '$lib/server/auth/session';
import { staffContextFor } from '$lib/server/auth/guard';

/** Opens and migrates the database (and seeds demo data when asked) before the first request. */
export const init: ServerInit = async () => {
	await startup();
};

/**
 * A request id for the logs, the error pages and the `x-request-id` response header. A reverse
 * proxy's `x-request-id` is kept when well-formed (letters, digits, `.`, `_`, `:`, `-`, 8 to 64
 * characters), so that its logs and ours line up; anything else is replaced by a fresh UUID.
 * One access-log line per request: method, route id (never the raw path, which may hold a manage
 * token), status, duration. Never a query string, a body or a header value.
 */
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,63}$/;
const handleRequestId: Handle = async ({ event, resolve }) => {
	const forwarded = event.request.headers.get('x-request-id');
	const requestId =
		forwarded !== null && REQUEST_ID.test(forwarded) ? forwarded : crypto.randomUUID();
	event.locals.requestId = requestId;
	const started = performance.now();
	const response = await resolve(event);
	try {
		response.headers.set('x-request-id', requestId);
	} catch {
		// Immutable headers (a proxied Response): the id is still in the log line.
	}
	logger.info('request', {
		requestId,
		method: event.request.method,
		route: event.route.id ?? 'unmatched',
		status: response.status,
		ms: Math.round(performance.now() - started)
	});
	return response;
};

/** Security headers for every response; the CSP itself comes from kit.csp (svelte.config.js). */
const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers = response.headers;
	headers.set('X-Content-Type-Options', 'nosniff');
	headers.set('Referrer-Policy', 'same-origin');
	headers.set('X-Frame-Options', 'DENY');
	headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	headers.set('Cross-Origin-Resource-Policy', 'same-origin');
	headers.set(
		'Permissions-Policy',
		'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()'
	);
	// kit.csp covers pages; anything else (JSON, /healthz, the 429 page, downloads) gets a
	// CSP that allows nothing, so a response rendered as a document can run nothing either.
	if (!headers.has('Content-Security-Policy')) {
		headers.set(
			'Content-Security-Policy',
			"default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
		);
	}
	// event.url is https when ORIGIN is, or when adapter-node's PROTOCOL_HEADER (a trusted
	// proxy) says so: docs/security.md.
	if (event.url.protocol === 'https:') {
		headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
	}
	return response;
};

/**
 * The request's locale and its i18next translator (one instance per locale). In the page:
 * `<html lang>`, the static site footer (`%pdp.footer%` in app.html), and, on a page that
 * hydrates (Kit's start script is in it), its messages as a JSON data block in the head, read
 * by the root layout in the browser (ADR 022). A page without client JavaScript gets none.
 */
const handleI18n: Handle = async ({ event, resolve }) => {
	const fromCookie = event.cookies.get(LOCALE_COOKIE);
	const locale = isLocale(fromCookie)
		? fromCookie
		: negotiateLocale(event.request.headers.get('accept-language'));
	event.locals.locale = locale;
	event.locals.t = createI18n(locale).t;
	return resolve(event, {
		transformPageChunk: ({ html }) => {
			const page = html.replace('%lang%', locale).replace('%pdp.footer%', footerHtml(locale));
			if (!page.includes('__sveltekit_')) return page;
			return page.replace(
				'</head>',
				`${messagesDataBlock(locale, namespacesFor(event.route.id))}</head>`
			);
		}
	});
};

/**
 * Staff sessions (ADR 010, 027): `locals.staff` is the context of a valid session whose second
 * factor is done, else null. A dead session's cookie is removed, and `locals.sessionExpired`
 * tells `requireStaff` to say so on the login page. The cookie's own expiry is set at login
 * (the session's latest end plus a grace day); the database decides, at every request, whether
 * the session is idle or too old. Pages still authorize themselves with `requireStaff`.
 */
const handleAuth: Handle = async ({ event, resolve }) => {
	event.locals.staff = null;
	event.locals.sessionExpired = false;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token === undefined) return resolve(event);
	const db = getDb();
	const { session, user, refusal } = await validateSessionToken(db, token, new Date());
	if (!session) {
		event.locals.sessionExpired = refusal === 'expired';
		deleteSessionTokenCookie(event.cookies, event.url.protocol === 'https:');
		return resolve(event);
	}
	if (session.twoFactorVerified) event.locals.staff = await staffContextFor(db, session.id, user);
	return resolve(event);
};

/**
 * Tiered rate limits on every write (src/lib/server/rate-limit.ts, docs/security.md), per
 * client address — the socket's, or the header named by adapter-node's ADDRESS_HEADER when
 * (and only when) a trusted proxy is configured, never a raw X-Forwarded-For — or per staff
 * account for back-office actions.
 */
const handleRateLimit: Handle = sequence(
	createRateLimitHandle({
		// Shared by the instances through the database on PostgreSQL (ADR 049).
		limiter: serverRateLimiter(dialect, getDb),
		disabled: () => env().RATE_LIMIT_DISABLED,
		onLimited: (event, tier) =>
			logger.warn('rate limited', { requestId: event.locals.requestId, tier: tier.name })
	}),
	// Then: a POST to a page that is not a well-formed form gets a 415, not a 500.
	refuseMalformedForms
);

/**
 * `?source=medecin-traitant` (or `medecin_traitant`) on any entry link is remembered for
 * the questionnaire's "how did you hear of us" question, with the link's `?departement=`
 * (links given by professionals: docs/partenaires.md, ADR 016). Unknown values are ignored.
 */
const handleSource: Handle = async ({ event, resolve }) => {
	if (event.request.method === 'GET' && event.url.searchParams.has('source'))
		rememberEntryLink(event.url, event.cookies);
	return resolve(event);
};

/** Pages with personal or health data are never stored by a browser or a proxy (one place). */
const handleNoStore: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (isPrivateRoute(event.route.id)) response.headers.set('cache-control', PRIVATE_CACHE_CONTROL);
	return response;
};

export const handle = sequence(
	handleRequestId,
	handleSecurityHeaders,
	handleNoStore,
	handleI18n,
	handleAuth,
	handleRateLimit,
	handleSource
);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status >= 500) {
		logger.error('unhandled error', {
			requestId: event.locals.requestId,
			route: event.route.id ?? 'unmatched',
			error: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown'
		});
	}
	return { message, requestId: event.locals.requestId };
};
