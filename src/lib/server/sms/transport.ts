import { readFileSync } from 'node:fs';
import smpp, { type PDU, type Session } from 'smpp';
import type { DeliveryStatus } from '$lib/vocabulary';
import { SEGMENT_SINGLE, gsm7Length } from '$lib/sms/gsm7';
import type { Env } from '$lib/server/env';
import { classifySendError } from '$lib/server/mail/transport';

/**
 * The SMS gateway over SMPP 3.4 (ADR 041), with the `smpp` package: one transceiver bind
 * (submit_sm out, delivery receipts in on the same connection), enquire_link keep-alive,
 * reconnection after a loss (receipts keep coming), throttling to the gateway's rate.
 */

/** What the SMS worker needs from a gateway. */
export interface SmsTransport {
	/**
	 * Submits one SMS to `to` (E.164). `onAccepted` is called synchronously with the gateway's
	 * message id as soon as its reply is read, before any receipt that follows. Rejects with an
	 * SmsSendError.
	 */
	submit(sms: { to: string; text: string }, onAccepted: (messageId: string) => void): Promise<void>;
	/** Unbinds and closes; no reconnection afterwards. */
	close(): Promise<void>;
}

/** A failed submission, with a short code (never the error's message: it may hold a number). */
export class SmsSendError extends Error {
	constructor(readonly code: string) {
		super(`SMS not submitted: ${code}`);
		this.name = 'SmsSendError';
	}
}

export interface DeliveryReceipt {
	messageId: string;
	status: DeliveryStatus;
}

export interface SmppSettings {
	host: string;
	port: number;
	tls: boolean;
	/**
	 * With TLS: the certificate authority (PEM) the gateway's certificate must chain to, when it
	 * is a private one (SMPP_TLS_CA_FILE); otherwise Node's public roots. Always verified.
	 */
	ca?: string;
	systemId: string;
	password: string;
	/** An alphanumeric sender name (≤ 11 characters) or a number. */
	sourceAddr: string;
	/** Submissions per second at most (the gateway's contract). */
	ratePerSecond: number;
	enquireLinkMs: number;
	/** Connection, bind and reply timeout. */
	timeoutMs: number;
	/** First delay before binding again after a lost connection (doubles, 5 minutes at most). */
	reconnectMs: number;
}

const ESME_ROK = 0x00;
const STATUS_CODES: Record<number, string> = {
	0x0d: 'bind',
	0x0e: 'bind',
	0x0f: 'bind',
	0x14: 'queue_full',
	0x58: 'throttled'
};
/** submit_sm_resp and bind_resp statuses as short codes: `bind`, `throttled`, `smpp_0x0b`… */
export function statusCode(status: number): string {
	return STATUS_CODES[status] ?? `smpp_0x${status.toString(16).padStart(2, '0')}`;
}

/** Codes meaning the gateway itself is unreachable, refuses us or asks us to slow down. */
export function isGatewayFailure(code: string): boolean {
	return [
		'conn_refused',
		'timeout',
		'dns',
		'tls',
		'connection',
		'bind',
		'throttled',
		'queue_full'
	].includes(code);
}

/** A socket error as a short code; an unknown one counts as a connection failure. */
function socketErrorCode(error: unknown): string {
	const code = classifySendError(error);
	if (code !== 'unknown') return code;
	const name = (error as { code?: unknown }).code;
	return typeof name === 'string' && /TLS|SSL|CERT/.test(name) ? 'tls' : 'connection';
}

/** message_state TLV values (SMPP 3.4, 5.3.2.35). */
const MESSAGE_STATES: Record<number, DeliveryStatus> = {
	2: 'delivered',
	3: 'expired',
	4: 'undelivered',
	5: 'undelivered',
	8: 'undelivered'
};
/** `stat:` values of the receipt text (SMPP 3.4, appendix B). */
const STAT_WORDS: Record<string, DeliveryStatus> = {
	DELIVRD: 'delivered',
	EXPIRED: 'expired',
	DELETED: 'undelivered',
	UNDELIV: 'undelivered',
	REJECTD: 'undelivered'
};

/**
 * The receipt a deliver_sm carries, or null when it is not a receipt (esm_class bit 2) or
 * names no message: the TLVs receipted_message_id and message_state when present, else the
 * text `id:… stat:…` of appendix B.
 */
export function parseReceipt(pdu: Record<string, unknown>): DeliveryReceipt | null {
	if (typeof pdu.esm_class !== 'number' || (pdu.esm_class & 0x04) === 0) return null;
	const raw = pdu.short_message;
	const text =
		typeof raw === 'string'
			? raw
			: raw && typeof raw === 'object' && 'message' in raw && typeof raw.message === 'string'
				? raw.message
				: '';
	const tlvId = typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id : '';
	const messageId = tlvId.replace(/\0+$/, '') || /\bid:(\S+)/i.exec(text)?.[1];
	if (!messageId) return null;
	const state =
		typeof pdu.message_state === 'number' ? MESSAGE_STATES[pdu.message_state] : undefined;
	const word = /\bstat:(\w+)/i.exec(text)?.[1]?.toUpperCase();
	return { messageId, status: state ?? (word ? STAT_WORDS[word] : undefined) ?? 'unknown' };
}

/** The sender as SMPP addresses it: a number (international) or an alphanumeric name. */
function source(sourceAddr: string) {
	const numeric = /^\+?\d{3,15}$/.test(sourceAddr);
	return numeric
		? { source_addr_ton: 1, source_addr_npi: 1, source_addr: sourceAddr.replace('+', '') }
		: { source_addr_ton: 5, source_addr_npi: 0, source_addr: sourceAddr };
}

const sleep = (ms: number) =>
	new Promise<void>((resolve) => {
		setTimeout(resolve, ms).unref();
	});

export class SmppTransport implements SmsTransport {
	readonly #settings: SmppSettings;
	readonly #onReceipt: (receipt: DeliveryReceipt) => void;
	#session: Session | null = null;
	#binding: Promise<Session> | null = null;
	#closed = false;
	#lastSubmitAt = 0;
	#reconnectDelay: number;
	#reconnectTimer: ReturnType<typeof setTimeout> | undefined;
	/** Rejections of the submissions waiting for their reply (a lost connection fails them). */
	readonly #waiting = new Set<(error: SmsSendError) => void>();

	constructor(settings: SmppSettings, onReceipt: (receipt: DeliveryReceipt) => void) {
		this.#settings = settings;
		this.#onReceipt = onReceipt;
		this.#reconnectDelay = settings.reconnectMs;
	}

	async submit(
		{ to, text }: { to: string; text: string },
		onAccepted: (messageId: string) => void
	): Promise<void> {
		if (this.#closed) throw new SmsSendError('closed');
		await this.#throttle();
		const session = await this.#bind();
		const body =
			gsm7Length(text) <= SEGMENT_SINGLE ? { short_message: text } : { message_payload: text };
		await new Promise<void>((resolve, reject) => {
			const fail = (error: SmsSendError) => {
				clearTimeout(timer);
				this.#waiting.delete(fail);
				reject(error);
			};
			const timer = setTimeout(() => {
				fail(new SmsSendError('timeout'));
				session.destroy();
			}, this.#settings.timeoutMs);
			this.#waiting.add(fail);
			const written = session.submit_sm(
				{
					...source(this.#settings.sourceAddr),
					dest_addr_ton: 1,
					dest_addr_npi: 1,
					destination_addr: to.replace('+', ''),
					registered_delivery: 1,
					data_coding: 0,
					...body
				},
				(reply: PDU) => {
					clearTimeout(timer);
					this.#waiting.delete(fail);
					if (reply.command_status !== ESME_ROK) {
						reject(new SmsSendError(statusCode(reply.command_status)));
						return;
					}
					try {
						onAccepted(String(reply.message_id ?? ''));
						resolve();
					} catch (error) {
						reject(error as Error);
					}
				}
			);
			if (!written) fail(new SmsSendError('connection'));
		});
	}

	async close(): Promise<void> {
		this.#closed = true;
		clearTimeout(this.#reconnectTimer);
		const session = this.#session ?? (await this.#binding?.catch(() => null));
		this.#session = null;
		if (!session) return;
		await new Promise<void>((resolve) => {
			const timer = setTimeout(() => session.destroy(), 1000);
			session.once('close', () => {
				clearTimeout(timer);
				resolve();
			});
			if (!session.unbind({}, () => session.close())) session.destroy();
		});
	}

	async #throttle(): Promise<void> {
		const gap = 1000 / this.#settings.ratePerSecond;
		const wait = this.#lastSubmitAt + gap - Date.now();
		if (wait > 0) await sleep(wait);
		this.#lastSubmitAt = Date.now();
	}

	/** The bound session, binding (transceiver) if needed; one bind at a time. */
	#bind(): Promise<Session> {
		if (this.#session) return Promise.resolve(this.#session);
		this.#binding ??= new Promise<Session>((resolve, reject) => {
			const s = this.#settings;
			let settled = false;
			let bound = false;
			const session = smpp.connect({
				host: s.host,
				port: s.port,
				tls: s.tls,
				...(s.tls && s.ca ? { ca: s.ca } : {}),
				auto_enquire_link_period: s.enquireLinkMs
			});
			const fail = (code: string) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				session.destroy();
				reject(new SmsSendError(code));
			};
			const timer = setTimeout(() => fail('timeout'), s.timeoutMs);
			session.on(s.tls ? 'secureConnect' : 'connect', () => {
				session.bind_transceiver({ system_id: s.systemId, password: s.password }, (reply) => {
					if (reply.command_status !== ESME_ROK) return fail(statusCode(reply.command_status));
					settled = bound = true;
					clearTimeout(timer);
					this.#session = session;
					this.#reconnectDelay = s.reconnectMs;
					resolve(session);
				});
			});
			session.on('error', (error: unknown) => fail(socketErrorCode(error)));
			session.on('close', () => {
				fail('connection');
				if (bound) this.#lost(session);
			});
			session.on('deliver_sm', (pdu: PDU) => {
				session.send(pdu.response());
				const receipt = parseReceipt(pdu);
				if (receipt) this.#onReceipt(receipt);
			});
			session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
			session.on('unbind', (pdu: PDU) => {
				session.send(pdu.response());
				session.close();
			});
		}).finally(() => {
			this.#binding = null;
		});
		return this.#binding;
	}

	/** The bound connection is gone: fail what waits, bind again later for the receipts. */
	#lost(session: Session): void {
		if (this.#session === session) this.#session = null;
		for (const fail of [...this.#waiting]) fail(new SmsSendError('connection'));
		this.#scheduleReconnect();
	}

	/** Binds again after a delay that doubles while the gateway stays unreachable. */
	#scheduleReconnect(): void {
		if (this.#closed) return;
		const delay = this.#reconnectDelay;
		this.#reconnectDelay = Math.min(delay * 2, 5 * 60_000);
		clearTimeout(this.#reconnectTimer);
		this.#reconnectTimer = setTimeout(() => {
			if (this.#closed || this.#session) return;
			this.#bind().catch(() => this.#scheduleReconnect());
		}, delay);
		this.#reconnectTimer.unref();
	}
}

/** The SMPP settings of the configuration, or null without SMPP_HOST (SMS wait in the outbox). */
export function smppSettings(config: Env): SmppSettings | null {
	if (!config.SMPP_HOST) return null;
	return {
		host: config.SMPP_HOST,
		port: config.SMPP_PORT,
		tls: config.SMPP_TLS,
		...(config.SMPP_TLS_CA_FILE ? { ca: readFileSync(config.SMPP_TLS_CA_FILE, 'utf8') } : {}),
		systemId: config.SMPP_SYSTEM_ID ?? '',
		password: config.SMPP_PASSWORD ?? '',
		sourceAddr: config.SMPP_SOURCE_ADDR ?? '',
		ratePerSecond: config.SMPP_RATE,
		enquireLinkMs: config.SMPP_ENQUIRE_LINK_SECONDS * 1000,
		timeoutMs: 10_000,
		reconnectMs: 5_000
	};
}
