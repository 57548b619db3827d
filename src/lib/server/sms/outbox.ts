import { and, eq } from 'drizzle-orm';
import { changedRows, type Executor } from '$lib/server/db/index';
import { outbox } from '$lib/server/db/schema';
import { toGsm7 } from '$lib/sms/gsm7';
import type { DeliveryStatus } from '$lib/vocabulary';
import { linkKey } from '$lib/server/mail/link-key';
import { markSent } from '$lib/server/mail/outbox';
import { LINK_TOKEN, sealToken } from '$lib/server/mail/seal';

/**
 * SMS in the outbox (ADR 041): the same table, retries, backoff and dedupe keys as e-mails
 * (docs/messages.md), with `channel = 'sms'`; the SMS worker (worker.ts) takes only these rows.
 * Synchronous like the e-mail outbox: enqueue inside the booking's transaction.
 */

export interface NewSms {
	/** A mobile number in E.164 (smsRecipient). */
	recipient: string;
	/** The text; a manage link is written with LINK_TOKEN in place of its token. */
	text: string;
	/** The token of the link in `text`, sealed at rest, put in at send time (ADR 025). */
	token?: string;
	demandeId?: number;
	/** At most one SMS per key, ever (`PDP-XXXX:sms:reminder:<start>`). */
	dedupeKey?: string;
}

const E164 = /^\+[1-9]\d{7,14}$/;

/**
 * Queues an SMS, due at once; its text is written in the GSM 7-bit alphabet. With a
 * `dedupeKey` already queued (or sent) nothing is inserted. Returns true when a row was
 * inserted; throws RangeError on a recipient that is not in E.164.
 */
export async function enqueueSms(db: Executor, sms: NewSms, now: Date): Promise<boolean> {
	if (!E164.test(sms.recipient)) throw new RangeError('Invalid SMS recipient');
	if (sms.token !== undefined && !sms.text.includes(LINK_TOKEN)) {
		throw new Error('A token needs its link (LINK_TOKEN) in the text');
	}
	// The placeholder is kept as is: its braces are GSM-7 extension characters.
	const text = sms.text
		.split(LINK_TOKEN)
		.map((part) => toGsm7(part))
		.join(LINK_TOKEN);
	const result = await db
		.insert(outbox)
		.values({
			channel: 'sms',
			recipient: sms.recipient,
			demandeId: sms.demandeId ?? null,
			subject: '',
			text,
			sealedToken: sms.token === undefined ? null : sealToken(sms.token, linkKey()),
			dedupeKey: sms.dedupeKey ?? null,
			nextAttemptAt: now,
			createdAt: now
		})
		.onConflictDoNothing({ target: outbox.dedupeKey });
	return changedRows(result) === 1;
}

/**
 * The message-id writes in flight in this process, by the gateway's id. A receipt can be read
 * right after the gateway's reply (the same packet): on SQLite the one connection runs queries
 * in the order they were issued, but PostgreSQL's pool may run the receipt's update on another
 * connection before the id is written, and the receipt would find no row. So a receipt waits
 * for its message's id write (the receipt comes back on the bind that submitted, this process).
 */
const idWrites = new Map<string, Promise<void>>();

/**
 * The gateway accepted the SMS (submit_sm_resp OK): sent, with the gateway's message id that
 * its delivery receipt will name. Called as soon as the reply is read; the id's write is known
 * to `recordReceipt` from that moment, so that a receipt that follows finds its row.
 */
export async function markSubmitted(
	db: Executor,
	id: number,
	gatewayMessageId: string,
	now: Date
): Promise<void> {
	const write = db
		.update(outbox)
		.set({ gatewayMessageId })
		.where(eq(outbox.id, id))
		.then(() => undefined);
	idWrites.set(gatewayMessageId, write);
	try {
		await write;
	} finally {
		idWrites.delete(gatewayMessageId);
	}
	await markSent(db, id, now);
}

/**
 * Records a delivery receipt on the SMS the gateway knows by `gatewayMessageId`. Returns false
 * when no SMS has that id (purged since, or not ours).
 */
export async function recordReceipt(
	db: Executor,
	gatewayMessageId: string,
	status: DeliveryStatus,
	at: Date
): Promise<boolean> {
	await idWrites.get(gatewayMessageId)?.catch(() => undefined);
	return (
		changedRows(
			await db
				.update(outbox)
				.set({ deliveryStatus: status, deliveredAt: at })
				.where(and(eq(outbox.channel, 'sms'), eq(outbox.gatewayMessageId, gatewayMessageId)))
		) > 0
	);
}
