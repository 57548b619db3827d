import { and, asc, count, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or } from 'drizzle-orm';
import { changedRows, type Executor } from '$lib/server/db/index';
import { inClaimedRows } from '$lib/server/db/row-lock';
import { outbox, type OutboxMail } from '$lib/server/db/schema';
import type { MessageChannel } from '$lib/vocabulary';
import { linkKey } from './link-key';
import { LINK_TOKEN, icsHoldsLinkToken, scrubLinkTokens, sealToken } from './seal';

/**
 * The outbox: e-mails are rows written in the same transaction as what they announce, then
 * sent by the worker (worker.ts) with retries. An SMTP outage never loses nor blocks a booking.
 * Every function takes an executor, so it can run inside `db.transaction(async (tx) => …)`.
 * Several instances share the outbox: a worker claims its rows first (claimDue, ADR 049).
 */

export interface NewMail {
	recipient: string;
	subject: string;
	/** The text; a personal link is written with LINK_TOKEN in place of its token. */
	text: string;
	/**
	 * The token of the personal link in `text` (at LINK_TOKEN): stored sealed, put in at send
	 * time, cleared once sent (ADR 025). Never write a token into `text` itself.
	 */
	token?: string;
	/** iCalendar text, sent as `rendez-vous.ics`. */
	ics?: string;
	/** The demande the mail is about: erasing the demande deletes its pending mails. */
	demandeId?: number;
	/** At most one mail per key, ever (e.g. `PDP-XXXX:reminder:<start>`); null = no dedupe. */
	dedupeKey?: string;
}

/** First retry after 1 minute, then 2, 4, 8… capped at 1 hour. */
export const BACKOFF_BASE_MS = 60_000;
export const BACKOFF_CAP_MS = 60 * 60_000;
/**
 * Attempts after which a mail is given up (about 25 hours of retrying: 1+2+…+32 minutes,
 * then hourly). The row stays, with its `lastError`, for an administrator to see.
 */
export const MAX_ATTEMPTS = 30;

/** One address only: no list, no display name, no header injection. */
const SINGLE_ADDRESS = /^[^\s@,;<>"()\\]+@[^\s@,;<>"()\\]+$/;

/** Delay before the next try once `attempts` tries have failed (attempts ≥ 1). */
export function backoffDelayMs(attempts: number): number {
	const exponent = Math.min(Math.max(attempts, 1) - 1, 20);
	return Math.min(BACKOFF_BASE_MS * 2 ** exponent, BACKOFF_CAP_MS);
}

/**
 * Queues a mail, due at once. With a `dedupeKey` already queued (or sent) nothing is inserted.
 * Returns true when a row was inserted. Throws RangeError on a malformed recipient (validate
 * addresses in the form schema first).
 */
export async function enqueueMail(db: Executor, mail: NewMail, now: Date): Promise<boolean> {
	const recipient = mail.recipient.trim();
	if (!SINGLE_ADDRESS.test(recipient)) throw new RangeError('Invalid mail recipient');
	if (
		mail.token !== undefined &&
		!`${mail.text}${mail.ics?.replace(/\r\n[ \t]/g, '') ?? ''}`.includes(LINK_TOKEN)
	) {
		throw new Error('A token needs its link (LINK_TOKEN) in the text or the .ics');
	}
	const result = await db
		.insert(outbox)
		.values({
			recipient,
			demandeId: mail.demandeId ?? null,
			subject: mail.subject.replace(/[\r\n]+/g, ' ').trim(),
			text: mail.text,
			ics: mail.ics ?? null,
			sealedToken: mail.token === undefined ? null : sealToken(mail.token, linkKey()),
			dedupeKey: mail.dedupeKey ?? null,
			nextAttemptAt: now,
			createdAt: now
		})
		.onConflictDoNothing({ target: outbox.dedupeKey });
	return changedRows(result) === 1;
}

/**
 * Unsent messages of one channel whose next attempt is due, oldest first (given-up ones
 * excluded): the e-mail and SMS workers each take their own rows (ADR 041).
 */
export async function dueMails(
	db: Executor,
	now: Date,
	limit: number,
	channel: MessageChannel = 'email'
): Promise<OutboxMail[]> {
	return await db
		.select()
		.from(outbox)
		.where(
			and(
				eq(outbox.channel, channel),
				isNull(outbox.sentAt),
				lte(outbox.nextAttemptAt, now),
				lt(outbox.attempts, MAX_ATTEMPTS)
			)
		)
		.orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
		.limit(limit);
}

/**
 * How long a claim holds its messages (ADR 049): longer than a batch takes at worst (20
 * messages, each bounded by the transport's timeouts: 40 s for SMTP). A claim still held
 * past it means its instance died: another one takes the messages again.
 */
export const CLAIM_LEASE_MS = 15 * 60_000;

/**
 * Claims up to `limit` due messages of one channel for `holder`, oldest first, and returns
 * them (ADR 049). One statement: the rows due and not claimed by anyone else (or whose claim
 * lapsed) get `holder` and a lease of CLAIM_LEASE_MS; two instances claiming at once get
 * disjoint rows (PostgreSQL: `for update skip locked`; SQLite: one writer at a time). The
 * claim is cleared by markSent, markFailed or releaseClaims. `table` is the process's outbox;
 * the PostgreSQL tests pass schema.pg.ts's.
 */
export async function claimDue(
	db: Executor,
	holder: string,
	now: Date,
	limit: number,
	channel: MessageChannel = 'email',
	table: typeof outbox = outbox
): Promise<OutboxMail[]> {
	const claimable = and(
		eq(table.channel, channel),
		isNull(table.sentAt),
		lte(table.nextAttemptAt, now),
		lt(table.attempts, MAX_ATTEMPTS),
		or(isNull(table.claimedUntil), lte(table.claimedUntil, now))
	);
	const due = db
		.select({ id: table.id })
		.from(table)
		.where(claimable)
		.orderBy(asc(table.nextAttemptAt), asc(table.id))
		.limit(limit);
	// The outer condition repeats the inner one: a row claimed by another statement between
	// this one's snapshot and its update is rechecked (PostgreSQL's READ COMMITTED) and left.
	const rows = await db
		.update(table)
		.set({ claimedBy: holder, claimedUntil: new Date(now.getTime() + CLAIM_LEASE_MS) })
		.where(and(claimable, inClaimedRows(table.id, due)))
		.returning();
	return rows.sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id);
}

/**
 * Gives back claimed messages that `holder` did not try (a run stopped by a relay outage):
 * due again at once for any instance.
 */
export async function releaseClaims(db: Executor, holder: string, ids: number[]): Promise<void> {
	if (ids.length === 0) return;
	await db
		.update(outbox)
		.set({ claimedBy: null, claimedUntil: null })
		.where(and(inArray(outbox.id, ids), eq(outbox.claimedBy, holder), isNull(outbox.sentAt)));
}

/**
 * Records a successful delivery to the relay (the attempt is counted). The sealed token goes:
 * a sent mail's row keeps no way to its link (ADR 025).
 */
export async function markSent(db: Executor, id: number, now: Date): Promise<void> {
	// Read then written in one transaction: nothing changes the row in between (ADR 047).
	await db.transaction(async (tx) => {
		const [row] = await tx
			.select({ attempts: outbox.attempts, text: outbox.text, ics: outbox.ics })
			.from(outbox)
			.where(eq(outbox.id, id));
		if (!row) return;
		const ics = row.ics !== null && icsHoldsLinkToken(row.ics) ? null : row.ics;
		await tx
			.update(outbox)
			.set({
				sentAt: now,
				attempts: row.attempts + 1,
				lastError: null,
				sealedToken: null,
				text: scrubLinkTokens(row.text),
				ics,
				claimedBy: null,
				claimedUntil: null
			})
			.where(eq(outbox.id, id));
	});
}

export interface FailureOutcome {
	attempts: number;
	nextAttemptAt: Date;
	/** True once MAX_ATTEMPTS is reached: the mail is kept but no longer retried. */
	abandoned: boolean;
}

/**
 * Records a failed attempt with a short error code (never an error message: it may hold an
 * address) and schedules the next one with exponential backoff.
 */
export async function markFailed(
	db: Executor,
	id: number,
	now: Date,
	errorCode: string
): Promise<FailureOutcome | undefined> {
	// Read then written in one transaction: nothing changes the row in between (ADR 047).
	return db.transaction(async (tx) => {
		const [row] = await tx
			.select({ attempts: outbox.attempts })
			.from(outbox)
			.where(eq(outbox.id, id));
		if (!row) return undefined;
		const attempts = row.attempts + 1;
		const nextAttemptAt = new Date(now.getTime() + backoffDelayMs(attempts));
		await tx
			.update(outbox)
			.set({
				attempts,
				nextAttemptAt,
				lastError: errorCode.slice(0, 64),
				claimedBy: null,
				claimedUntil: null
			})
			.where(eq(outbox.id, id));
		return { attempts, nextAttemptAt, abandoned: attempts >= MAX_ATTEMPTS };
	});
}

export interface OutboxBacklog {
	/** Mails not sent yet, including given-up ones. */
	unsent: number;
	/** Mails given up after MAX_ATTEMPTS (need an administrator). */
	abandoned: number;
}

/** Counts for /healthz and monitoring. */
export async function outboxBacklog(db: Executor): Promise<OutboxBacklog> {
	const unsent =
		(await db.select({ n: count() }).from(outbox).where(isNull(outbox.sentAt)))[0]?.n ?? 0;
	const abandoned =
		(
			await db
				.select({ n: count() })
				.from(outbox)
				.where(and(isNull(outbox.sentAt), gte(outbox.attempts, MAX_ATTEMPTS)))
		)[0]?.n ?? 0;
	return { unsent, abandoned };
}

/** Deletes mails sent before `before` (they hold personal data). Returns how many. */
export async function purgeSentMails(db: Executor, before: Date): Promise<number> {
	return changedRows(
		await db.delete(outbox).where(and(isNotNull(outbox.sentAt), lt(outbox.sentAt, before)))
	);
}

/** Deletes every mail, sent or not, to this address (when a person deletes their data). */
export async function deleteMailsTo(db: Executor, recipient: string): Promise<number> {
	return changedRows(await db.delete(outbox).where(eq(outbox.recipient, recipient.trim())));
}

/** Unsent e-mails with an id above `afterId`, by id (the development log reads them once each). */
export async function unsentMailsAfter(
	db: Executor,
	afterId: number,
	limit: number
): Promise<OutboxMail[]> {
	return await db
		.select()
		.from(outbox)
		.where(and(eq(outbox.channel, 'email'), isNull(outbox.sentAt), gt(outbox.id, afterId)))
		.orderBy(asc(outbox.id))
		.limit(limit);
}
