// The information-page cache of scripts/serve.js (ADR 046): pages that do not depend on the
// person, kept rendered per (build, language, URL) in the process's memory and answered without
// running SvelteKit.
import { createHash, randomUUID } from 'node:crypto';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { chooseEncoding } from './compress.js';

/**
 * The only pages the cache may hold: the same for everyone who reads them in one language.
 * Exact raw paths (an encoded or trailing-slash variant is simply not cached). The query string
 * is part of the key (the dispositifs' filters, the professionals' type and département); the
 * entries are bounded. Never a page of src/lib/server/cache-policy.ts's private routes
 * (page-cache.spec.ts checks it), nor one that reads a cookie (/rendez-vous reads the
 * questionnaire draft, so it is not here).
 */
export const CACHEABLE_PATHS = [
	/^\/$/,
	/^\/dispositifs$/,
	/^\/dispositifs\/[a-z0-9-]{1,60}$/,
	/^\/mentions-legales$/,
	/^\/confidentialite$/,
	/^\/accessibilite$/,
	/^\/plan-du-site$/,
	/^\/langue$/,
	/^\/professionnels$/,
	/^\/professionnels\/flyer$/,
	/^\/professionnels\/note$/
];

/** Keep in step with src/lib/i18n/config.ts (page-cache.spec.ts compares them). */
export const LOCALE_COOKIE = 'pdp_lang';
export const LOCALES = /** @type {const} */ (['fr', 'en']);
const DEFAULT_LOCALE = 'fr';

/** The `Vary` of every page the cache may hold: the language comes from a cookie or the header. */
export const CACHED_PAGE_VARY = 'Accept-Encoding, Accept-Language, Cookie';

/** negotiateLocale of src/lib/i18n/config.ts, in plain JavaScript (compared by page-cache.spec.ts). */
export function negotiateLocale(/** @type {string | null | undefined} */ acceptLanguage) {
	if (!acceptLanguage) return DEFAULT_LOCALE;
	const ranked = acceptLanguage
		.split(',')
		.slice(0, 20)
		.map((part) => {
			const [tag = '', ...params] = part.trim().split(';');
			const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
			const quality = q ? Number(q.slice(2)) : 1;
			return {
				base: tag.toLowerCase().split('-')[0] ?? '',
				quality: Number.isFinite(quality) ? quality : 0
			};
		})
		.filter((entry) => entry.quality > 0)
		.sort((a, b) => b.quality - a.quality);
	for (const entry of ranked)
		if (/** @type {readonly string[]} */ (LOCALES).includes(entry.base)) return entry.base;
	return DEFAULT_LOCALE;
}

/**
 * The language a request's page is written in, or null when the cache must stay out of it: any
 * cookie but the language's (a staff session, a questionnaire draft, an entry link remembered),
 * or a language cookie that is not exactly a known locale (the server decodes cookie values; the
 * cache does not try to).
 * @param {string | undefined} cookieHeader
 * @param {string | undefined} acceptLanguage
 * @returns {string | null}
 */
export function requestLocale(cookieHeader, acceptLanguage) {
	let fromCookie = null;
	if (cookieHeader) {
		for (const part of cookieHeader.split(';')) {
			if (part.trim() === '') continue;
			const eq = part.indexOf('=');
			const name = (eq < 0 ? part : part.slice(0, eq)).trim();
			const value = eq < 0 ? '' : part.slice(eq + 1).trim();
			if (name !== LOCALE_COOKIE || fromCookie !== null) return null;
			if (!(/** @type {readonly string[]} */ (LOCALES).includes(value))) return null;
			fromCookie = value;
		}
	}
	return fromCookie ?? negotiateLocale(acceptLanguage);
}

/** Headers of the rendered page that are not kept: per response, or set again on each answer. */
const NOT_KEPT = new Set([
	'date',
	'x-request-id',
	'content-length',
	'content-encoding',
	'transfer-encoding',
	'connection',
	'keep-alive',
	'vary',
	'etag'
]);

/**
 * @typedef {{ status: 200, headers: Record<string, string | string[]>, etag: string, identity: Buffer, br?: Buffer, gzip?: Buffer }} Entry
 */

/**
 * @param {{ version: string, maxEntries?: number, maxBytes?: number, protocolHeader?: string }} options
 *   version: the build's (a new build starts with an empty cache, and the key names it);
 *   protocolHeader: adapter-node's PROTOCOL_HEADER, when set.
 */
export function createPageCache({
	version,
	maxEntries = 256,
	maxBytes = 512 * 1024,
	protocolHeader = ''
}) {
	/** @type {Map<string, Entry>} insertion order = least recently used first */
	const entries = new Map();
	let hits = 0;
	let stored = 0;

	/**
	 * The key of a request the cache may answer or store, else null.
	 * @param {import('node:http').IncomingMessage} request
	 */
	function keyOf(request) {
		if (request.method !== 'GET' && request.method !== 'HEAD') return null;
		if (request.headers.authorization !== undefined) return null;
		const url = request.url ?? '';
		const queryAt = url.indexOf('?');
		const path = queryAt < 0 ? url : url.slice(0, queryAt);
		if (!CACHEABLE_PATHS.some((pattern) => pattern.test(path))) return null;
		// A page's data (`__data.json`) and anything not asking for a page stay out.
		const locale = requestLocale(request.headers.cookie, request.headers['accept-language']);
		if (locale === null) return null;
		// What else a page may be rendered from: the host and, behind a trusted proxy, the
		// protocol it names (Strict-Transport-Security is sent on https only).
		const protocol = protocolHeader ? String(request.headers[protocolHeader] ?? '') : '';
		return `${version}\n${locale}\n${url}\n${request.headers.host ?? ''}\n${protocol}`;
	}

	/** @param {Entry} entry @param {'br' | 'gzip' | null} encoding */
	function bodyFor(entry, encoding) {
		if (encoding === 'br')
			return (entry.br ??= brotliCompressSync(entry.identity, {
				params: {
					[zlibConstants.BROTLI_PARAM_QUALITY]: 11,
					[zlibConstants.BROTLI_PARAM_SIZE_HINT]: entry.identity.length
				}
			}));
		if (encoding === 'gzip') return (entry.gzip ??= gzipSync(entry.identity, { level: 9 }));
		return entry.identity;
	}

	/**
	 * Answers the request from the cache when it holds the page; true when it did.
	 * @param {import('node:http').IncomingMessage} request
	 * @param {import('node:http').ServerResponse} response
	 */
	function serve(request, response) {
		const key = keyOf(request);
		if (key === null) return false;
		const entry = entries.get(key);
		if (!entry) return false;
		entries.delete(key);
		entries.set(key, entry);
		hits++;
		for (const [name, value] of Object.entries(entry.headers)) response.setHeader(name, value);
		response.setHeader('Vary', CACHED_PAGE_VARY);
		response.setHeader('ETag', entry.etag);
		response.setHeader('x-request-id', randomUUID());
		// Says where the answer came from (operations, the e2e suite); a miss has no such header.
		response.setHeader('x-cache', 'hit');
		const ifNoneMatch = request.headers['if-none-match'];
		if (
			ifNoneMatch !== undefined &&
			ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === entry.etag.slice(2))
		) {
			response.removeHeader('content-type');
			response.writeHead(304);
			response.end();
			return true;
		}
		// As compress.js: a HEAD or a small page is described uncompressed.
		const encoding =
			request.method === 'HEAD' || entry.identity.length < 1024
				? null
				: chooseEncoding(request.headers['accept-encoding']);
		const body = bodyFor(entry, encoding);
		if (encoding) response.setHeader('Content-Encoding', encoding);
		response.setHeader('Content-Length', body.length);
		response.writeHead(200);
		response.end(request.method === 'HEAD' ? undefined : body);
		return true;
	}

	/**
	 * On a request the cache may hold but does not: sets the page's `Vary`, and keeps the page
	 * SvelteKit writes when it is a plain public page: 200, HTML, no Set-Cookie, not private or
	 * no-store, in the language of the key (its `<html lang>`), under maxBytes. Install it after
	 * compressResponse, so that it sees the page before compression.
	 * @param {import('node:http').IncomingMessage} request
	 * @param {import('node:http').ServerResponse} response
	 */
	function capture(request, response) {
		const key = keyOf(request);
		if (key === null || request.method !== 'GET') return;
		const locale = key.split('\n')[1];
		/** @type {Buffer[]} */
		let chunks = [];
		let size = 0;
		/** @type {Record<string, string | string[]> | null} */
		let headers = null;
		/** @type {string | null} SvelteKit's own ETag of the page, so that its 304s and ours agree */
		let kitEtag = null;
		const res = /** @type {any} */ (response);
		const inner = { writeHead: res.writeHead, write: res.write, end: res.end };

		const snapshot = () => {
			if (headers !== null || chunks === null) return;
			response.setHeader('Vary', CACHED_PAGE_VARY);
			const type = String(response.getHeader('content-type') ?? '');
			const cacheControl = String(response.getHeader('cache-control') ?? '');
			if (
				response.statusCode !== 200 ||
				response.hasHeader('set-cookie') ||
				!/^text\/html\b/i.test(type) ||
				/\b(private|no-store)\b/i.test(cacheControl)
			) {
				chunks = /** @type {any} */ (null);
				return;
			}
			const etag = response.getHeader('etag');
			kitEtag = typeof etag === 'string' ? etag.replace(/^W\//, '') : null;
			headers = {};
			for (const [name, value] of Object.entries(response.getHeaders()))
				if (!NOT_KEPT.has(name) && value !== undefined)
					headers[name] = Array.isArray(value) ? value : String(value);
		};
		const keep = (/** @type {any} */ chunk, /** @type {BufferEncoding | undefined} */ enc) => {
			if (chunks === null || chunk === undefined || chunk === null || typeof chunk === 'function')
				return;
			const buffer = typeof chunk === 'string' ? Buffer.from(chunk, enc) : Buffer.from(chunk);
			size += buffer.length;
			if (size > maxBytes) chunks = /** @type {any} */ (null);
			else chunks.push(buffer);
		};

		/** @param {number} status @param {any[]} args */
		res.writeHead = function (status, ...args) {
			response.statusCode = status;
			const given = typeof args[0] === 'string' ? args[1] : args[0];
			if (given && typeof given === 'object' && !Array.isArray(given))
				for (const [name, value] of Object.entries(given))
					if (value !== undefined) response.setHeader(name, value);
			snapshot();
			return inner.writeHead.call(
				response,
				status,
				...(typeof args[0] === 'string' ? [args[0]] : [])
			);
		};
		/** @param {any} chunk @param {any[]} args */
		res.write = function (chunk, ...args) {
			snapshot();
			keep(
				chunk,
				typeof args[0] === 'string' ? /** @type {BufferEncoding} */ (args[0]) : undefined
			);
			return inner.write.call(response, chunk, ...args);
		};
		/** @param {any[]} args */
		res.end = function (...args) {
			snapshot();
			keep(
				args[0],
				typeof args[1] === 'string' ? /** @type {BufferEncoding} */ (args[1]) : undefined
			);
			if (chunks !== null && headers !== null && !response.hasHeader('set-cookie')) {
				const identity = Buffer.concat(chunks);
				const lang = /<html[^>]*\slang="([^"]*)"/.exec(identity.subarray(0, 512).toString())?.[1];
				if (lang === locale) {
					const etag = `W/${kitEtag ?? `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`}`;
					entries.set(key, { status: 200, headers, etag, identity });
					stored++;
					while (entries.size > maxEntries)
						entries.delete(/** @type {string} */ (entries.keys().next().value));
				}
			}
			return inner.end.apply(response, args);
		};
	}

	return {
		keyOf,
		serve,
		capture,
		stats: () => ({ entries: entries.size, hits, stored })
	};
}
