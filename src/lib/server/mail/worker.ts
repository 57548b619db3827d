import type { SendMailOptions } from 'nodemailer';
import type { Db } from '$lib/server/db/index';
import type { OutboxMail } from '$lib/server/db/schema';
import type { Env } from '$lib/server/env';
import { logger as defaultLogger, type LogFields } from '$lib/server/log';
import { linkKey } from './link-key';
import { renderMail } from './seal';
import { instanceId } from '$lib/server/instances/instance';
import {
	claimDue,
	markFailed,
	markSent,
	outboxBacklog,
	releaseClaims,
	unsentMailsAfter
} from './outbox';
import {
	classifySendError,
	createTransport,
	isRelayFailure,
	type MailTransport
} from './transport';

export interface MailLogger {
	debug(message: string, fields?: LogFields): void;
	info(message: string, fields?: LogFields): void;
	warn(message: string, fields?: LogFields): void;
	error(message: string, fields?: LogFields): void;
}

export interface OutboxWorkerOptions {
	/** The From header (MAIL_FROM). */
	from: string;
	now?: () => Date;
	logger: MailLogger;
	/**
	 * Without a transport, write the id of each queued mail to the debug log (never its
	 * recipient, subject or text: mails hold personal data). Only for NODE_ENV=development.
	 */
	devLog: boolean;
	/** Mails sent per run at most (default 20). */
	batchSize?: number;
	/** The key that unseals the mails' personal links (default: the process's, ADR 025). */
	linkKey?: () => Buffer;
	/** Who claims the mails (default: this instance, ADR 049). */
	holder?: string;
}

export interface RunSummary {
	sent: number;
	failed: number;
}

/**
 * Sends the outbox: each run claims the due mails (several instances share the outbox, each
 * mail is claimed by one, ADR 049), sends them one by one and marks each sent or failed
 * (exponential backoff, see outbox.ts). When the relay itself is unreachable the run stops at
 * the first failure and gives the other mails back, untouched, for the next run.
 * Runs never overlap; `stop()` waits for the one in flight (graceful shutdown).
 */
export class OutboxWorker {
	readonly #db: Db;
	readonly #transport: MailTransport | null;
	readonly #from: string;
	readonly #now: () => Date;
	readonly #logger: MailLogger;
	readonly #devLog: boolean;
	readonly #batchSize: number;
	readonly #messageIdDomain: string;
	readonly #linkKey: () => Buffer;
	readonly #holder: string;
	#timer: ReturnType<typeof setInterval> | undefined;
	#inFlight: Promise<RunSummary> | undefined;
	#warnedNoTransport = false;
	#devLoggedUpTo = 0;

	constructor(db: Db, transport: MailTransport | null, options: OutboxWorkerOptions) {
		this.#db = db;
		this.#transport = transport;
		this.#from = options.from;
		this.#now = options.now ?? (() => new Date());
		this.#logger = options.logger;
		this.#devLog = options.devLog;
		this.#batchSize = options.batchSize ?? 20;
		this.#messageIdDomain = /@([A-Za-z0-9.-]+)/.exec(options.from)?.[1] ?? 'portail-pdp.invalid';
		this.#linkKey = options.linkKey ?? linkKey;
		this.#holder = options.holder ?? `${instanceId}:email`;
	}

	/** One pass over the due mails. While a run is in flight, returns that run instead. */
	runOnce(): Promise<RunSummary> {
		if (this.#inFlight) return this.#inFlight;
		const run = this.#run().finally(() => {
			this.#inFlight = undefined;
		});
		this.#inFlight = run;
		return run;
	}

	/** Runs every `intervalMs` (unref'd timer: it never keeps the process alive). */
	start(intervalMs: number): void {
		if (this.#timer) return;
		this.#timer = setInterval(() => void this.#tick(), intervalMs);
		this.#timer.unref();
	}

	/** Stops the timer and waits for the run in flight, if any. */
	async stop(): Promise<void> {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = undefined;
		await this.#inFlight?.catch(() => undefined);
	}

	async #tick(): Promise<void> {
		if (this.#inFlight) return;
		try {
			await this.runOnce();
		} catch (error) {
			const code = (error as { code?: unknown }).code;
			this.#logger.error('outbox run failed', {
				code: typeof code === 'string' ? code : 'unknown'
			});
		}
	}

	async #run(): Promise<RunSummary> {
		const transport = this.#transport;
		if (!transport) {
			await this.#withoutTransport();
			return { sent: 0, failed: 0 };
		}
		let sent = 0;
		let failed = 0;
		const batch = await claimDue(this.#db, this.#holder, this.#now(), this.#batchSize);
		for (const [index, mail] of batch.entries()) {
			const rendered = renderMail(mail, this.#linkKey());
			if (rendered === null) {
				// Its link's token cannot be unsealed (the link key was lost or replaced): the
				// mail would carry a dead link. Counted as failed; given up after MAX_ATTEMPTS.
				failed++;
				const outcome = await markFailed(this.#db, mail.id, this.#now(), 'link_key');
				this.#logger.error('mail link cannot be unsealed (link key changed?)', {
					outboxId: mail.id,
					attempts: outcome?.attempts
				});
				continue;
			}
			try {
				await transport.sendMail(this.#message(mail, rendered));
			} catch (error) {
				failed++;
				const code = classifySendError(error);
				const outcome = await markFailed(this.#db, mail.id, this.#now(), code);
				const fields = {
					outboxId: mail.id,
					code,
					attempts: outcome?.attempts,
					nextAttemptAt: outcome?.nextAttemptAt.toISOString()
				};
				if (outcome?.abandoned) this.#logger.error('mail given up after too many attempts', fields);
				else this.#logger.warn('mail not sent, will retry', fields);
				if (isRelayFailure(code)) {
					await releaseClaims(
						this.#db,
						this.#holder,
						batch.slice(index + 1).map((m) => m.id)
					);
					break;
				}
				continue;
			}
			await markSent(this.#db, mail.id, this.#now());
			sent++;
		}
		if (sent > 0 || failed > 0) this.#logger.info('outbox run', { sent, failed });
		return { sent, failed };
	}

	/** No SMTP: mails stay queued; development logs their ids, production warns once. */
	async #withoutTransport(): Promise<void> {
		if (this.#devLog) {
			for (const mail of await unsentMailsAfter(this.#db, this.#devLoggedUpTo, this.#batchSize)) {
				this.#devLoggedUpTo = mail.id;
				// Only the row id: the recipient, subject and text hold personal data and never
				// reach a log. Read the mail in the outbox table (docs/mail.md).
				this.#logger.debug('mail not sent (no SMTP_HOST), kept in the outbox', {
					outboxId: mail.id,
					ics: mail.ics !== null
				});
			}
			return;
		}
		if (this.#warnedNoTransport) return;
		this.#warnedNoTransport = true;
		this.#logger.warn('SMTP_HOST is not set: e-mails stay in the outbox', {
			backlog: (await outboxBacklog(this.#db)).unsent
		});
	}

	#message(mail: OutboxMail, { text, ics }: { text: string; ics: string | null }): SendMailOptions {
		// The MIME `method` matches the file's METHOD (RFC 6047); a plain event (no METHOD) has none.
		const method = ics ? /^METHOD:(REQUEST|CANCEL)\r?$/m.exec(ics)?.[1] : undefined;
		return {
			from: this.#from,
			// An address object is used as is: never parsed as a list of recipients.
			to: { name: '', address: mail.recipient },
			subject: mail.subject,
			text,
			// Stable per row: a resend after a crash between send and markSent can be recognised.
			messageId: `<outbox-${mail.id}-${mail.createdAt.getTime()}@${this.#messageIdDomain}>`,
			headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
			attachments: ics
				? [
						{
							filename: 'rendez-vous.ics',
							content: ics,
							contentType: `text/calendar; charset=utf-8${method ? `; method=${method}` : ''}`
						}
					]
				: []
		};
	}
}

/** The worker as the server runs it: SMTP from the configuration, dev log only in development. */
export function createOutboxWorker(
	db: Db,
	config: Env,
	logger: MailLogger = defaultLogger
): OutboxWorker {
	return new OutboxWorker(db, createTransport(config), {
		from: config.MAIL_FROM,
		logger,
		devLog: config.NODE_ENV === 'development'
	});
}
