/**
 * Shared plumbing of the partner API (/api/v1/*): locale of the response, bounded JSON
 * body reading and the JSON error envelope
 * `{ error: { code, message, issues: [{ path, code, message }] } }` (docs/api.md).
 */
import type { TFunction } from 'i18next';
import { isLocale, negotiateLocale, type Locale } from '$lib/i18n/config';
import { createI18n } from '$lib/server/i18n';
import { toApiIssues, type ApiIssue } from './issues';
import type { z } from 'zod';

/** Largest accepted request body, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

export const apiErrorCodes = [
	'malformed_json',
	'unsupported_media_type',
	'payload_too_large',
	'validation_failed',
	'method_not_allowed',
	'rate_limited',
	'not_found'
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];

export interface ApiErrorBody {
	error: { code: ApiErrorCode; message: string; issues: ApiIssue[] };
}

export interface ApiContext {
	locale: Locale;
	t: TFunction;
}

/** `?lang=fr|en` wins; otherwise the Accept-Language header; otherwise French. */
export function apiLocale(url: URL, request: Request): Locale {
	const lang = url.searchParams.get('lang');
	if (isLocale(lang)) return lang;
	return negotiateLocale(request.headers.get('accept-language'));
}

/** The request's locale with a fresh translator (one i18next instance per request). */
export function apiContext(url: URL, request: Request): ApiContext {
	const locale = apiLocale(url, request);
	return { locale, t: createI18n(locale).t };
}

/** A JSON response that is never cached (answers are health data). */
export function apiJson(
	body: unknown,
	status: number,
	ctx: ApiContext,
	headers: HeadersInit = {}
): Response {
	const response = new Response(JSON.stringify(body), {
		status,
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'cache-control': 'no-store',
			'content-language': ctx.locale,
			'x-content-type-options': 'nosniff'
		}
	});
	for (const [name, value] of new Headers(headers)) response.headers.set(name, value);
	return response;
}

export function apiError(
	status: number,
	code: ApiErrorCode,
	ctx: ApiContext,
	issues: ApiIssue[] = [],
	headers: HeadersInit = {},
	vars: Record<string, string | number> = {}
): Response {
	const message = ctx.t(`api:errors.${code}`, { maxBytes: MAX_BODY_BYTES, ...vars });
	const body: ApiErrorBody = { error: { code, message, issues } };
	const response = apiJson(body, status, ctx, headers);
	// The rest of an oversized body is never read: do not keep the connection alive.
	if (code === 'payload_too_large') response.headers.set('connection', 'close');
	return response;
}

/** 400 `validation_failed` listing the zod issues in the request's language. */
export function validationError(error: z.ZodError, input: unknown, ctx: ApiContext): Response {
	return apiError(400, 'validation_failed', ctx, toApiIssues(error.issues, input, ctx.t));
}

/** 405 with a JSON body, for the routes' `fallback` handler. */
export function methodNotAllowed(ctx: ApiContext, allow: string): Response {
	return apiError(405, 'method_not_allowed', ctx, [], { allow });
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; code: ApiErrorCode };

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;

/**
 * Reads a JSON request body without ever buffering more than `maxBytes`: the declared
 * Content-Length is checked first, then the bytes actually read (a chunked body has no
 * length). Invalid UTF-8 counts as malformed JSON. Never throws.
 */
/** Most bytes drained after an oversized body: above adapter-node's own 512 KB limit. */
export const MAX_DRAIN_BYTES = 1024 * 1024;

/**
 * Reads and discards the rest of a body, up to MAX_DRAIN_BYTES (an endless stream is never
 * read forever); stops quietly when the adapter aborts it.
 */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
	let drained = 0;
	try {
		while (drained <= MAX_DRAIN_BYTES) {
			const { done, value } = await reader.read();
			if (done) return;
			drained += value.byteLength;
		}
		reader.releaseLock();
	} catch {
		// aborted past the adapter's limit: nothing more to read
	}
}

export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<JsonBody> {
	const [mediaType = '', ...params] = (request.headers.get('content-type') ?? '').split(';');
	if (!JSON_MEDIA_TYPE.test(mediaType.trim().toLowerCase())) {
		return { ok: false, code: 'unsupported_media_type' };
	}
	const charset = params
		.map((p) => p.trim().toLowerCase())
		.find((p) => p.startsWith('charset='))
		?.slice('charset='.length)
		.replace(/"/g, '');
	if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
		return { ok: false, code: 'unsupported_media_type' };
	}

	const declared = request.headers.get('content-length');
	if (declared !== null && (!/^\d+$/.test(declared) || Number(declared) > maxBytes)) {
		return { ok: false, code: /^\d+$/.test(declared) ? 'payload_too_large' : 'malformed_json' };
	}

	if (!request.body) return { ok: false, code: 'malformed_json' };
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > maxBytes) {
				// Drain and discard the rest (adapter-node aborts past its own BODY_SIZE_LIMIT,
				// 512 KB by default) so that the client reads our 400: closing a socket with
				// unread data makes the kernel reset the connection and lose the response.
				// Cancelling the stream would destroy the socket the same way.
				await drain(reader);
				return { ok: false, code: 'payload_too_large' };
			}
			chunks.push(value);
		}
	} catch (error) {
		// The adapter aborts the stream when the body outgrows its own limit or the
		// declared length; anything else is a broken upload.
		const status = (error as { status?: unknown } | null)?.status;
		return { ok: false, code: status === 413 ? 'payload_too_large' : 'malformed_json' };
	}

	const bytes = new Uint8Array(size);
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.byteLength;
	}
	try {
		const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch {
		return { ok: false, code: 'malformed_json' };
	}
}
