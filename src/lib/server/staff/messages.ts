import { asc, eq } from 'drizzle-orm';
import type { Executor } from '$lib/server/db/index';
import { demandes, outbox } from '$lib/server/db/schema';
import { MAX_ATTEMPTS } from '$lib/server/mail/outbox';
import type { DeliveryStatus, MessageChannel } from '$lib/vocabulary';

/** Which message an outbox row is, read from its dedupe key (SMS and reminders have one). */
export const messageKinds = ['confirmation', 'move', 'cancellation', 'reminder'] as const;
export type MessageKind = (typeof messageKinds)[number];

/** A message to the person of a demande, as the demande page lists it (ADR 041). */
export interface SentMessage {
	channel: MessageChannel;
	kind: MessageKind | null;
	/** An e-mail's subject (the person's language); null for an SMS. */
	subject: string | null;
	queuedAt: string;
	state: 'pending' | 'sent' | 'abandoned';
	sentAt: string | null;
	/** The short code of the last failed attempt (never a message). */
	lastError: string | null;
	/** SMS: what the delivery receipt said (null: none yet). */
	delivery: DeliveryStatus | null;
	deliveredAt: string | null;
}

function kindOf(dedupeKey: string | null): MessageKind | null {
	const key = dedupeKey ?? '';
	if (key.includes(':reminder:')) return 'reminder';
	if (key.endsWith(':confirmation')) return 'confirmation';
	if (key.includes(':move:')) return 'move';
	if (key.endsWith(':cancel')) return 'cancellation';
	return null;
}

/**
 * The e-mails and SMS queued for the person of a demande, oldest first, with their delivery
 * state. The département's notifications are not about the person and are not listed. Sent
 * rows are purged after 30 days (startup.ts), so older messages no longer show.
 */
export async function messagesOf(db: Executor, reference: string): Promise<SentMessage[]> {
	return (
		await db
			.select({ row: outbox })
			.from(outbox)
			.innerJoin(demandes, eq(outbox.demandeId, demandes.id))
			.where(eq(demandes.reference, reference))
			.orderBy(asc(outbox.createdAt), asc(outbox.id))
	).map(({ row }) => ({
		channel: row.channel,
		kind: kindOf(row.dedupeKey),
		subject: row.channel === 'email' ? row.subject : null,
		queuedAt: row.createdAt.toISOString(),
		state: row.sentAt ? 'sent' : row.attempts >= MAX_ATTEMPTS ? 'abandoned' : 'pending',
		sentAt: row.sentAt?.toISOString() ?? null,
		lastError: row.sentAt ? null : row.lastError,
		delivery: row.deliveryStatus,
		deliveredAt: row.deliveredAt?.toISOString() ?? null
	}));
}
