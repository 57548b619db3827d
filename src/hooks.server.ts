import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { LOCALE_COOKIE, isLocale, negotiateLocale } from '$lib/i18n/config';
import { createI18n } from '$lib/server/i18n';
import { rememberEntryLink } from '$lib/server/questionnaire/source';
import { logger } from '$lib/server/log';
import { startup } from '$lib/server/startup';
import { env } from '$lib/server/env';
import { RateLimiter, tierFor } from '$lib/server/rate-limit';
import { apiError } from '$lib/server/api/http';
import { getDb } from '$lib/server/db/client';
import { SESSION_COOKIE, deleteSessionTokenCookie, setSessionTokenCookie, validateSessionToken } from '$lib/server/auth/session';
import { staffContextFor } from '$lib/server/auth/guard';

/** Opens and migrates the database (and seeds demo data when asked) before the first request. */
export const init: ServerInit = () => {
	startup();
};

/** A request id for the logs and error pages; never any personal data. */
const handleRequestId: Handle = async ({ event, resolve }) => {
	event.locals.requestId = crypto.randomUUID();
	const started = performance.now();
	const response = await resolve(event);
	logger.info('request', {
		requestId: event.locals.requestId,
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
	if (event.url.protocol === 'https:') {
		headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
	}
	return response;
};

/** One i18next instance per request; `<html lang>` set server-side. */
const handleI18n: Handle = async ({ event, resolve }) => {
	const fromCookie = event.cookies.get(LOCALE_COOKIE);
	const locale = isLocale(fromCookie) ? fromCookie : negotiateLocale(event.request.headers.get('accept-language'));
	event.locals.locale = locale;
	event.locals.t = createI18n(locale).t;
	return resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', locale)
	});
};

/**
 * Staff sessions (ADR 010): `locals.staff` is the context of a valid session whose second
 * factor is done, else null. A valid session's cookie follows its sliding expiry; a dead
 * one is removed. Pages still authorize themselves with `requireStaff`.
 */
const handleAuth: Handle = async ({ event, resolve }) => {
	event.locals.staff = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token === undefined) return resolve(event);
	const secure = event.url.protocol === 'https:';
	const db = getDb();
	const { session, user } = validateSessionToken(db, token, new Date());
	if (!session) {
		deleteSessionTokenCookie(event.cookies, secure);
		return resolve(event);
	}
	setSessionTokenCookie(event.cookies, token, session.expiresAt, secure);
	if (session.twoFactorVerified) event.locals.staff = staffContextFor(db, session.id, user);
	return resolve(event);
};

const limiter = new RateLimiter();

/**
 * Rate limits on public writes, per client address. The address is the socket's, or the
 * header named by adapter-node's ADDRESS_HEADER when (and only when) a trusted proxy is
 * configured, never a raw X-Forwarded-For.
 */
const handleRateLimit: Handle = async ({ event, resolve }) => {
	const tier = tierFor(event.request.method, event.url.pathname);
	if (!tier || env().RATE_LIMIT_DISABLED) return resolve(event);
	const wait = limiter.consume(tier, event.getClientAddress());
	if (wait === 0) return resolve(event);
	logger.warn('rate limited', { requestId: event.locals.requestId, tier: tier.name });
	const headers = { 'retry-after': String(wait) };
	if (event.url.pathname.startsWith('/api/')) {
		return apiError(429, 'rate_limited', { locale: event.locals.locale, t: event.locals.t }, [], headers, { seconds: wait });
	}
	const { t, locale } = event.locals;
	const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t('rateLimit.title')}</title></head><body><main><h1>${t('rateLimit.title')}</h1><p>${t('rateLimit.text', { seconds: wait })}</p></main></body></html>`;
	return new Response(html, { status: 429, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
};

/**
 * `?source=medecin-traitant` (or `medecin_traitant`) on any entry link is remembered for
 * the questionnaire's "how did you hear of us" question, with the link's `?departement=`
 * (issue 5: links given by professionals). Unknown values are ignored.
 */
const handleSource: Handle = async ({ event, resolve }) => {
	if (event.request.method === 'GET' && event.url.searchParams.has('source')) rememberEntryLink(event.url, event.cookies);
	return resolve(event);
};

export const handle = sequence(handleRequestId, handleSecurityHeaders, handleI18n, handleAuth, handleRateLimit, handleSource);

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
