import pino, { type DestinationStream, type Logger } from 'pino';
import { env } from '$lib/server/env';

/**
 * Structured JSON-lines logs with pino (ADR 018): one object per line on stdout, level from
 * LOG_LEVEL, ISO time. The call interface is `logger.info(message, fields)`.
 *
 * What a line may carry: technical facts only (ids, counts, codes, route ids, durations),
 * never a name, a contact, a NIR, an answer, a body, a query string or a token. Two safety nets
 * stand behind that rule: known personal field names are redacted, and URL-like fields lose
 * their query string and any token-looking path segment.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** Field names that would hold personal data or secrets: never written, whatever the caller passes. */
export const REDACTED_FIELDS = [
	'nom',
	'prenom',
	'name',
	'firstName',
	'lastName',
	'email',
	'mail',
	'recipient',
	'to',
	'telephone',
	'phone',
	'nir',
	'message',
	'text',
	'subject',
	'body',
	'html',
	'answers',
	'answer',
	'password',
	'passphrase',
	'token',
	'cookie',
	'authorization',
	'totp',
	'secret',
	'address',
	'query',
	'search'
] as const;

/** Redaction paths: the field at the top level and one level down (e.g. `{ contact: { email } }`). */
const redactPaths = REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`]);

/**
 * A URL or path as a log may show it: no query string, no fragment, and every segment that
 * looks like a bearer token (long base32/hex/base64url run) replaced.
 */
export function safePath(value: unknown): string {
	if (typeof value !== 'string') return '[invalid]';
	let path = value;
	try {
		if (/^https?:\/\//i.test(path)) path = new URL(path).pathname;
	} catch {
		return '[invalid]';
	}
	path = path.split(/[?#]/, 1)[0] ?? '';
	return path
		.split('/')
		.map((segment) => (/^[A-Za-z0-9_-]{20,}$/.test(segment) ? ':token' : segment))
		.join('/');
}

const pathSerializer = (value: unknown) => safePath(value);

/**
 * An error description as a log may show it. Messages can quote input (Node's JSON.parse error
 * quotes the text it failed on, a URL error the URL): quoted parts, e-mail addresses and long
 * digit runs are masked, and the whole is cut at 300 characters.
 */
export function safeErrorText(value: unknown): string {
	const text = value instanceof Error ? `${value.name}: ${value.message}` : String(value);
	return text
		.replace(/"[^"]*"|'[^']*'|`[^`]*`|«[^»]*»/g, '"…"')
		.replace(/[^\s@"]+@[^\s@"]+/g, '[email]')
		.replace(/\d[\d .-]{4,}\d/g, '[number]')
		.slice(0, 300);
}

/** The pino options of the portal (exported for the tests, which write to a memory stream). */
export function pinoOptions(level: string): pino.LoggerOptions {
	return {
		level,
		base: undefined,
		messageKey: 'msg',
		timestamp: pino.stdTimeFunctions.isoTime,
		formatters: { level: (label) => ({ level: label }) },
		redact: { paths: redactPaths, censor: '[redacted]' },
		serializers: {
			error: safeErrorText,
			err: safeErrorText,
			url: pathSerializer,
			path: pathSerializer,
			referer: pathSerializer,
			referrer: pathSerializer
		}
	};
}

/** A logger with the portal's interface on top of a pino instance. */
export function createLogger(instance: () => Logger) {
	const write =
		(level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: LogFields) => {
			const target = instance();
			if (!target.isLevelEnabled(level)) return;
			if (fields === undefined) target[level](message);
			else target[level](fields, message);
		};
	return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** A pino instance writing to `destination` (tests) or, synchronously, to stdout. */
export function createPino(level: string, destination?: DestinationStream): Logger {
	// Synchronous writes: a line logged just before a crash or an exit is never lost.
	return pino(pinoOptions(level), destination ?? pino.destination({ dest: 1, sync: true }));
}

let instance: Logger | undefined;

/** Structured JSON-lines logger of the process (created on first use: the level comes from LOG_LEVEL). */
export const logger = createLogger(() => {
	instance ??= createPino(env().LOG_LEVEL);
	return instance;
});

/** Tests: send the process logger's lines to `destination` (no argument: back to stdout). */
export function redirectLogs(destination?: DestinationStream): void {
	instance = destination ? createPino(env().LOG_LEVEL, destination) : undefined;
}
