import type { Db } from '$lib/server/db/index';
import type { Env } from '$lib/server/env';
import { logger as defaultLogger } from '$lib/server/log';
import { linkKey } from '$lib/server/mail/link-key';
import { instanceId } from '$lib/server/instances/instance';
import { claimDue, markFailed, outboxBacklog, releaseClaims } from '$lib/server/mail/outbox';
import { renderMail } from '$lib/server/mail/seal';
import type { MailLogger, RunSummary } from '$lib/server/mail/worker';
import { markSubmitted, recordReceipt } from './outbox';
import {
	SmppTransport,
	SmsSendError,
	isGatewayFailure,
	smppSettings,
	type SmsTransport
} from './transport';

export interface SmsWorkerOptions {
	now?: () => Date;
	logger: MailLogger;
	/** SMS submitted per run at most (default 20). */
	batchSize?: number;
	linkKey?: () => Buffer;
	/** Who claims the SMS (default: this instance, ADR 049). */
	holder?: string;
}

/**
 * Sends the SMS of the outbox (channel `sms`) to the gateway, like the e-mail worker sends
 * e-mails and independently of it: an SMPP outage never holds an e-mail, nor an SMTP outage
 * an SMS (ADR 041). Same backoff and give-up rules (mail/outbox.ts); a run stops at the first
 * gateway-level failure. Each run claims its SMS first (several instances, ADR 049). Runs
 * never overlap; `stop()` waits for the one in flight and unbinds.
 */
export class SmsWorker {
	readonly #db: Db;
	readonly #transport: SmsTransport | null;
	readonly #now: () => Date;
	readonly #logger: MailLogger;
	readonly #batchSize: number;
	readonly #linkKey: () => Buffer;
	readonly #holder: string;
	#timer: ReturnType<typeof setInterval> | undefined;
	#inFlight: Promise<RunSummary> | undefined;
	#warnedNoTransport = false;

	constructor(db: Db, transport: SmsTransport | null, options: SmsWorkerOptions) {
		this.#db = db;
		this.#transport = transport;
		this.#now = options.now ?? (() => new Date());
		this.#logger = options.logger;
		this.#batchSize = options.batchSize ?? 20;
		this.#linkKey = options.linkKey ?? linkKey;
		this.#holder = options.holder ?? `${instanceId}:sms`;
	}

	/** One pass over the due SMS. While a run is in flight, returns that run instead. */
	runOnce(): Promise<RunSummary> {
		this.#inFlight ??= this.#run().finally(() => {
			this.#inFlight = undefined;
		});
		return this.#inFlight;
	}

	/** Runs every `intervalMs` (unref'd timer). */
	start(intervalMs: number): void {
		if (this.#timer) return;
		this.#timer = setInterval(() => {
			if (this.#inFlight) return;
			this.runOnce().catch(() => this.#logger.error('sms run failed', { code: 'unknown' }));
		}, intervalMs);
		this.#timer.unref();
	}

	/** Stops the timer, waits for the run in flight, unbinds from the gateway. */
	async stop(): Promise<void> {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = undefined;
		await this.#inFlight?.catch(() => undefined);
		await this.#transport?.close();
	}

	async #run(): Promise<RunSummary> {
		const transport = this.#transport;
		if (!transport) {
			if (!this.#warnedNoTransport) {
				this.#warnedNoTransport = true;
				this.#logger.warn('SMPP_HOST is not set: SMS stay in the outbox', {
					backlog: (await outboxBacklog(this.#db)).unsent
				});
			}
			return { sent: 0, failed: 0 };
		}
		let sent = 0;
		let failed = 0;
		const batch = await claimDue(this.#db, this.#holder, this.#now(), this.#batchSize, 'sms');
		for (const [index, sms] of batch.entries()) {
			const rendered = renderMail(sms, this.#linkKey());
			let code = 'link_key';
			if (rendered !== null) {
				try {
					// Recorded as soon as the gateway accepts (before any receipt), awaited once submitted.
					let accepted: Promise<unknown> | undefined;
					await transport.submit({ to: sms.recipient, text: rendered.text }, (messageId) => {
						accepted = markSubmitted(this.#db, sms.id, messageId, this.#now());
					});
					await accepted;
					sent++;
					continue;
				} catch (error) {
					code = error instanceof SmsSendError ? error.code : 'unknown';
				}
			}
			failed++;
			const outcome = await markFailed(this.#db, sms.id, this.#now(), code);
			const fields = { outboxId: sms.id, code, attempts: outcome?.attempts };
			if (outcome?.abandoned) this.#logger.error('sms given up after too many attempts', fields);
			else this.#logger.warn('sms not sent, will retry', fields);
			if (isGatewayFailure(code)) {
				// The SMS not tried go back to the outbox, due at once for any instance (ADR 049).
				await releaseClaims(
					this.#db,
					this.#holder,
					batch.slice(index + 1).map((m) => m.id)
				);
				break;
			}
		}
		if (sent > 0 || failed > 0) this.#logger.info('sms run', { sent, failed });
		return { sent, failed };
	}
}

/** The SMS worker as the server runs it: the SMPP gateway of the configuration, receipts recorded. */
export function createSmsWorker(
	db: Db,
	config: Env,
	logger: MailLogger = defaultLogger
): SmsWorker {
	const settings = smppSettings(config);
	const transport = settings
		? new SmppTransport(settings, (receipt) => {
				recordReceipt(db, receipt.messageId, receipt.status, new Date()).then(
					(known) => {
						if (!known)
							logger.debug('sms receipt for no known message', { status: receipt.status });
					},
					() => logger.error('sms receipt not recorded', { code: 'unknown' })
				);
			})
		: null;
	return new SmsWorker(db, transport, { logger });
}
