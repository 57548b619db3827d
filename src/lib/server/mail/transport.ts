import nodemailer from 'nodemailer';
import type { SendMailOptions } from 'nodemailer';
import { getSystemErrorName } from 'node:util';
import type { Env } from '$lib/server/env';

/** What the outbox worker needs from a transport (a nodemailer transporter fits). */
export interface MailTransport {
	sendMail(options: SendMailOptions): Promise<unknown>;
}

export type SmtpSettings = Pick<
	Env,
	'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_SECURE' | 'SMTP_USER' | 'SMTP_PASSWORD'
>;

/**
 * A nodemailer SMTP transport from the configuration, or null when SMTP_HOST is not set
 * (mails then wait in the outbox). One connection per run, short timeouts so that a dead
 * relay never holds the worker for long. Nodemailer's own logger stays off: it would log
 * addresses.
 */
export function createTransport(settings: SmtpSettings): MailTransport | null {
	if (!settings.SMTP_HOST) return null;
	return nodemailer.createTransport({
		host: settings.SMTP_HOST,
		port: settings.SMTP_PORT,
		secure: settings.SMTP_SECURE,
		auth: settings.SMTP_USER
			? { user: settings.SMTP_USER, pass: settings.SMTP_PASSWORD ?? '' }
			: undefined,
		connectionTimeout: 10_000,
		greetingTimeout: 10_000,
		socketTimeout: 20_000,
		// Attachments are strings we build: never let a message read a file or fetch a URL.
		disableFileAccess: true,
		disableUrlAccess: true,
		logger: false
	});
}

function systemErrorName(errno: unknown): string | undefined {
	if (typeof errno !== 'number' || errno >= 0) return undefined;
	try {
		return getSystemErrorName(errno);
	} catch {
		return undefined;
	}
}

/**
 * A short, address-free code for a sending error, stored as the outbox row's `lastError`:
 * `conn_refused`, `timeout`, `dns`, `tls`, `connection`, `auth[_535]`, `smtp_4xx_451`,
 * `smtp_5xx_550`, `envelope`, `protocol`, `message`, `unknown`. Never the error message.
 */
export function classifySendError(error: unknown): string {
	const e = (typeof error === 'object' && error !== null ? error : {}) as {
		code?: unknown;
		errno?: unknown;
		responseCode?: unknown;
	};
	const code = typeof e.code === 'string' ? e.code : undefined;
	const system = systemErrorName(e.errno);
	const reply =
		typeof e.responseCode === 'number' && e.responseCode >= 400 && e.responseCode < 600
			? e.responseCode
			: undefined;

	if (code === 'EAUTH') return reply ? `auth_${reply}` : 'auth';
	if (reply) return `smtp_${Math.floor(reply / 100)}xx_${reply}`;
	if (code === 'ECONNREFUSED' || system === 'ECONNREFUSED') return 'conn_refused';
	if (code === 'ETIMEDOUT' || system === 'ETIMEDOUT') return 'timeout';
	if (code === 'EDNS' || system === 'ENOTFOUND' || system === 'EAI_AGAIN') return 'dns';
	if (code === 'ETLS') return 'tls';
	if (
		code === 'ECONNECTION' ||
		code === 'ESOCKET' ||
		system === 'ECONNRESET' ||
		system === 'EPIPE'
	) {
		return 'connection';
	}
	if (code === 'EENVELOPE') return 'envelope';
	if (code === 'EPROTOCOL') return 'protocol';
	if (code === 'EMESSAGE') return 'message';
	return 'unknown';
}

/** Codes meaning the relay itself is unreachable or refuses us: the rest of a batch would fail too. */
export function isRelayFailure(code: string): boolean {
	return (
		['conn_refused', 'timeout', 'dns', 'tls', 'connection', 'protocol'].includes(code) ||
		code.startsWith('auth')
	);
}
