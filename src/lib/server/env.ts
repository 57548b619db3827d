import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
	INSCRIPTION_RETENTION_MONTHS,
	SUIVI_DEFAULT_MONTHS,
	SUIVI_MAX_MONTHS,
	SUIVI_MIN_MONTHS
} from '../vocabulary';

/**
 * The portal's configuration, read from the environment once and validated with zod.
 * A bad value stops the server with a message naming the variable (see .env.example).
 * adapter-node's own PORT, HOST and ORIGIN are read by the adapter itself.
 */
const flag = z
	.enum(['0', '1', 'true', 'false'])
	.transform((value) => value === '1' || value === 'true');

/** A file that holds at least one PEM certificate (read once, at start). */
function isPemCertificate(file: string): boolean {
	try {
		return readFileSync(file, 'utf8').includes('-----BEGIN CERTIFICATE-----');
	} catch {
		return false;
	}
}

/** One line of text for the legal pages (an address, a name and function, a URL…). */
const legalText = z
	.string()
	.trim()
	.min(3, 'must be at least 3 characters')
	.max(600, 'must be at most 600 characters')
	.optional();

/** RGAA conformity levels of the accessibility statement (ADR 036). */
export const ACCESSIBILITY_STATUSES = [
	'non-conforme',
	'partiellement-conforme',
	'totalement-conforme'
] as const;

const envSchema = z
	.object({
		NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
		DATABASE_URL: z.string().trim().min(1).default('./data/portail.db'),
		MIGRATIONS_DIR: z.string().trim().min(1).default('./drizzle'),
		/** Connections of the PostgreSQL pool when DATABASE_URL is a `postgres://` URL (ADR 050). */
		DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
		DEMO_DATA: flag.default(false),
		DRAFT_TTL_DAYS: z.coerce.number().int().min(1).max(30).default(7),
		RATE_LIMIT_DISABLED: flag.default(false),
		LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
		/**
		 * Public URL used in e-mails (manage links, back-office links) and QR codes. Defaults to
		 * ORIGIN; one of them is required in production (publicBaseUrl): links are never built
		 * from a request's Host header (ADR 025).
		 */
		PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
		ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
		/** SMTP relay; without SMTP_HOST mails stay in the outbox and their ids are logged in development. */
		SMTP_HOST: z.string().trim().min(1).optional(),
		SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
		SMTP_SECURE: flag.default(false),
		SMTP_USER: z.string().optional(),
		SMTP_PASSWORD: z.string().optional(),
		MAIL_FROM: z
			.string()
			.trim()
			.min(3)
			.default('Portail PDP <ne-pas-repondre@portail-pdp.invalid>'),
		/**
		 * SMS gateway over SMPP 3.4 (ADR 041, docs/messages.md); without SMPP_HOST, SMS stay in the
		 * outbox like e-mails without SMTP. With it, the system id, password and sender are required.
		 */
		SMPP_HOST: z.string().trim().min(1).optional(),
		SMPP_PORT: z.coerce.number().int().min(1).max(65535).default(2775),
		SMPP_TLS: flag.default(false),
		/** With SMPP_TLS: a PEM file of the private CA the gateway's certificate chains to. */
		SMPP_TLS_CA_FILE: z.string().trim().min(1).optional(),
		/** SMPP 3.4: system_id at most 15 characters, password at most 8. */
		SMPP_SYSTEM_ID: z.string().trim().min(1).max(15).optional(),
		SMPP_PASSWORD: z.string().min(1).max(8).optional(),
		/** The sender people see: a name of 3–11 letters or digits (an alphanumeric sender), or a number. */
		SMPP_SOURCE_ADDR: z
			.string()
			.trim()
			.regex(
				/^(?:[A-Za-z0-9 ]{3,11}|\+?\d{3,15})$/,
				'a name of 3–11 letters, digits or spaces, or a number'
			)
			.optional(),
		/** Submissions per second at most (the gateway's contract). */
		SMPP_RATE: z.coerce.number().min(0.1).max(1000).default(5),
		/** Seconds between two enquire_link keep-alives on the gateway connection. */
		SMPP_ENQUIRE_LINK_SECONDS: z.coerce.number().int().min(5).max(600).default(30),
		/** Seconds between two runs of the outbox worker. */
		OUTBOX_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
		/** Months after closing (or cancellation) before a demande is anonymised (docs/retention.md). */
		RETENTION_DEMANDES_MONTHS: z.coerce.number().int().min(1).max(120).default(24),
		/** Months after a demande ended before its follow-up is sent, to people who agreed (ADR 045). */
		SUIVI_MONTHS: z.coerce
			.number()
			.int()
			.min(SUIVI_MIN_MONTHS)
			.max(SUIVI_MAX_MONTHS)
			.default(SUIVI_DEFAULT_MONTHS),
		/** Months the audit log is kept (docs/retention.md). */
		AUDIT_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
		/** Months after an évènement before its registrations are deleted, counts kept (ADR 043). */
		INSCRIPTION_RETENTION_MONTHS: z.coerce
			.number()
			.int()
			.min(1)
			.max(24)
			.default(INSCRIPTION_RETENTION_MONTHS),
		/** The key that seals the personal links of queued e-mails; default: DATABASE_URL + `.key` (ADR 025). */
		LINK_KEY_FILE: z.string().trim().min(1).optional(),
		/** Failed staff logins from one client address in 15 minutes before it must wait (docs/accounts.md). */
		LOGIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).max(100_000).default(20),
		/** Minutes without a request after which a staff session ends (ADR 027). */
		STAFF_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(480).default(30),
		/** Upcoming rendez-vous one person (e-mail, phone or NIR) may hold through the public form (ADR 026). */
		BOOKING_MAX_UPCOMING_PER_PERSON: z.coerce.number().int().min(1).max(100).default(2),
		/** Public bookings from one client address in 24 hours (ADR 026). */
		BOOKING_MAX_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(6),
		/** Hours after login after which a staff session ends, whatever the activity (ADR 027). */
		STAFF_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24).default(12),
		/**
		 * What the legal pages say about the organisme running the portal (legal.ts, ADR 036):
		 * required in production, fictitious demo values otherwise.
		 */
		LEGAL_PUBLISHER: legalText,
		LEGAL_PUBLICATION_DIRECTOR: legalText,
		LEGAL_HOST: legalText,
		LEGAL_REUSE: legalText,
		LEGAL_DPO_CONTACT: legalText,
		LEGAL_BACKUP_RETENTION: legalText,
		LEGAL_ACCESSIBILITY_CONTACT: legalText,
		LEGAL_ACCESSIBILITY_STATUS: z.enum(ACCESSIBILITY_STATUSES).optional(),
		LEGAL_ACCESSIBILITY_AUDIT: legalText,
		LEGAL_ACCESSIBILITY_PLAN: legalText,
		/**
		 * The key of the login throttle's and the shared rate limits' HMACs; default: next to the
		 * SQLite file. Several instances must all read the same one (ADR 049).
		 */
		THROTTLE_KEY_FILE: z.string().trim().min(1).optional()
	})
	.refine((value) => value.STAFF_SESSION_IDLE_MINUTES <= value.STAFF_SESSION_MAX_HOURS * 60, {
		path: ['STAFF_SESSION_IDLE_MINUTES'],
		message: 'must not exceed STAFF_SESSION_MAX_HOURS'
	})
	.refine(
		(value) =>
			value.SMPP_HOST === undefined ||
			(value.SMPP_SYSTEM_ID !== undefined &&
				value.SMPP_PASSWORD !== undefined &&
				value.SMPP_SOURCE_ADDR !== undefined),
		{
			path: ['SMPP_HOST'],
			message: 'needs SMPP_SYSTEM_ID, SMPP_PASSWORD and SMPP_SOURCE_ADDR'
		}
	)
	.refine((value) => value.SMPP_TLS_CA_FILE === undefined || value.SMPP_TLS, {
		path: ['SMPP_TLS_CA_FILE'],
		message: 'needs SMPP_TLS=1'
	})
	.refine(
		(value) => value.SMPP_TLS_CA_FILE === undefined || isPemCertificate(value.SMPP_TLS_CA_FILE),
		{
			path: ['SMPP_TLS_CA_FILE'],
			message: 'must be a readable PEM certificate file'
		}
	)
	.refine(
		(value) =>
			value.LEGAL_ACCESSIBILITY_STATUS === undefined ||
			value.LEGAL_ACCESSIBILITY_STATUS === 'non-conforme' ||
			value.LEGAL_ACCESSIBILITY_AUDIT !== undefined,
		{
			path: ['LEGAL_ACCESSIBILITY_AUDIT'],
			message:
				'required when LEGAL_ACCESSIBILITY_STATUS is partiellement-conforme or totalement-conforme (who audited, when, the rate)'
		}
	);

export type Env = z.infer<typeof envSchema>;

/** Parses an environment; throws an Error whose message names every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
	const parsed = envSchema.safeParse(source);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
		throw new Error(`Invalid configuration (see .env.example):\n${lines.join('\n')}`);
	}
	return parsed.data;
}

let cached: Env | undefined;

/** The validated environment of this process (parsed on first use). */
export function env(): Env {
	cached ??= parseEnv(process.env);
	return cached;
}

/** The message of a production start without a public URL. */
export const PUBLIC_URL_REQUIRED =
	'Invalid configuration (see .env.example):\n  PUBLIC_URL: required in production (or ORIGIN): the public address of the portal, ' +
	"e.g. PUBLIC_URL=https://portail-pdp.example. Links in e-mails and QR codes are built on it, never on a request's Host header. " +
	'(A demo, DEMO_DATA=1, or development defaults to http://localhost:<PORT>.)';

/**
 * The portal's public base URL, without a trailing slash: PUBLIC_URL, else ORIGIN. Without
 * them, a demo (DEMO_DATA=1) or a development/test run uses http://localhost:<PORT> (3000, or
 * Vite's 5173 in development); a production start throws PUBLIC_URL_REQUIRED. Never a request's
 * Host header (ADR 025).
 */
export function publicBaseUrl(
	config: Pick<Env, 'PUBLIC_URL' | 'ORIGIN' | 'NODE_ENV' | 'DEMO_DATA'> = env(),
	port: string | undefined = process.env.PORT
): string {
	const configured = config.PUBLIC_URL ?? config.ORIGIN;
	if (configured) return configured.replace(/\/+$/, '');
	if (config.NODE_ENV === 'production' && !config.DEMO_DATA) throw new Error(PUBLIC_URL_REQUIRED);
	const fallbackPort = /^\d{1,5}$/.test(port ?? '')
		? port
		: config.NODE_ENV === 'development'
			? '5173'
			: '3000';
	return `http://localhost:${fallbackPort}`;
}
