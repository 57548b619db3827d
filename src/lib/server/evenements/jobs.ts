/**
 * The évènements' jobs (ADR 043), each idempotent and given its `now`: reminders (the day
 * before; for a visio, one hour before with the link) and retention (registrations deleted
 * some months after the évènement, its funnel kept as counts on the évènement's row).
 */
import {
	and,
	count,
	eq,
	gt,
	gte,
	inArray,
	isNotNull,
	isNull,
	lt,
	lte,
	not,
	or,
	sql
} from 'drizzle-orm';
import { instant } from '$lib/server/db/instant';
import { changedRows, type Db, type Executor } from '$lib/server/db/index';
import { demandes, evenements, inscriptions, suivis, type Evenement } from '$lib/server/db/schema';
import { addDays } from '$lib/booking/holidays';
import { instantToZoned, todayIn } from '$lib/booking/time';
import {
	EVENEMENT_CONVERSION_DAYS,
	SUIVI_DEFAULT_MONTHS,
	SUIVI_EXPIRY_DAYS
} from '$lib/vocabulary';
import { evenementEnd, followedInscription } from '$lib/server/suivi/job';
import { foldInscriptionSuivis } from '$lib/server/suivi/stats';
import { monthsBefore } from '$lib/server/retention';
import { logger } from '$lib/server/log';
import { runOncePerTick } from '$lib/server/instances/job-lease';
import { deletePendingMessages, endOf, notify, type MessagesConfig } from './messages';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

async function confirmedOf(tx: Executor, evenementId: number) {
	return await tx
		.select()
		.from(inscriptions)
		.where(and(eq(inscriptions.evenementId, evenementId), eq(inscriptions.status, 'confirmee')));
}

/**
 * Queues the reminders due at `now`: the day before (the évènement's local date is tomorrow in
 * its time zone), and for a visio one hour before (it starts within the next hour). One per
 * registration and kind, ever (dedupe keys): run it as often as you like. Returns how many
 * registrations got a message.
 */
export async function queueEvenementReminders(
	db: Db,
	config: MessagesConfig,
	now: Date
): Promise<number> {
	// Immediate: the write lock first, so a concurrent writer (another process) cannot make the
	// read snapshot stale before the first insert (SQLITE_BUSY_SNAPSHOT).
	return db.transaction(
		async (tx) => {
			// Tomorrow anywhere (UTC−4 to UTC+4) lies within the next 56 hours.
			const upcoming = await tx
				.select()
				.from(evenements)
				.where(
					and(
						eq(evenements.status, 'publie'),
						gt(evenements.startsAt, now),
						lt(evenements.startsAt, new Date(now.getTime() + 56 * HOUR_MS))
					)
				);
			let queued = 0;
			for (const evenement of upcoming) {
				const tomorrow = addDays(todayIn(evenement.timeZone, now), 1);
				const dayBefore = instantToZoned(evenement.startsAt, evenement.timeZone).date === tomorrow;
				const hourBefore =
					evenement.mode === 'visio' && evenement.startsAt.getTime() - now.getTime() <= HOUR_MS;
				if (!dayBefore && !hourBefore) continue;
				for (const inscription of await confirmedOf(tx, evenement.id)) {
					if (dayBefore && (await notify(tx, config, 'rappelVeille', evenement, inscription, now)))
						queued += 1;
					if (hourBefore && (await notify(tx, config, 'rappelHeure', evenement, inscription, now)))
						queued += 1;
				}
			}
			return queued;
		},
		{ behavior: 'immediate' }
	);
}

/** The funnel of one évènement from its registrations (live) or its kept counts (purged). */
export interface EvenementFunnel {
	registered: number;
	waitlisted: number;
	present: number;
	absent: number;
	converted: number;
}

/**
 * Demandes made from the évènement's follow-up link within EVENEMENT_CONVERSION_DAYS after it
 * ended (a rendez-vous or a callback request).
 */
export async function conversionsOf(tx: Executor, evenement: Evenement): Promise<number> {
	const end = endOf(evenement);
	return (
		(
			await tx
				.select({ n: count() })
				.from(demandes)
				.where(
					and(
						eq(demandes.evenementId, evenement.id),
						gte(demandes.createdAt, evenement.startsAt),
						lte(demandes.createdAt, new Date(end.getTime() + EVENEMENT_CONVERSION_DAYS * DAY_MS))
					)
				)
		)[0]?.n ?? 0
	);
}

/**
 * The live funnel: registered = registrations that held a seat (confirmed now, or confirmed
 * once then cancelled: `confirmed_at` set), waitlisted = registrations still waiting or that
 * waited and were never given a seat; present and absent as recorded.
 */
export async function liveFunnel(tx: Executor, evenement: Evenement): Promise<EvenementFunnel> {
	const [row] = await tx
		.select({
			registered:
				sql<number>`coalesce(sum(case when ${inscriptions.confirmedAt} is not null then 1 else 0 end), 0)`.mapWith(
					Number
				),
			waitlisted:
				sql<number>`coalesce(sum(case when ${inscriptions.confirmedAt} is null then 1 else 0 end), 0)`.mapWith(
					Number
				),
			present:
				sql<number>`coalesce(sum(case when ${inscriptions.attendance} = 'present' then 1 else 0 end), 0)`.mapWith(
					Number
				),
			absent:
				sql<number>`coalesce(sum(case when ${inscriptions.attendance} = 'absent' then 1 else 0 end), 0)`.mapWith(
					Number
				)
		})
		.from(inscriptions)
		.where(eq(inscriptions.evenementId, evenement.id));
	return {
		registered: row?.registered ?? 0,
		waitlisted: row?.waitlisted ?? 0,
		present: row?.present ?? 0,
		absent: row?.absent ?? 0,
		converted: await conversionsOf(tx, evenement)
	};
}

/** The funnel of an évènement, wherever it is kept. */
export async function funnelOf(tx: Executor, evenement: Evenement): Promise<EvenementFunnel> {
	if (evenement.purgedAt === null) return liveFunnel(tx, evenement);
	return {
		registered: evenement.statRegistered ?? 0,
		waitlisted: evenement.statWaitlisted ?? 0,
		present: evenement.statPresent ?? 0,
		absent: evenement.statAbsent ?? 0,
		converted: evenement.statConverted ?? 0
	};
}

/**
 * A registration kept past the retention for its follow-up (ADR 045 addendum): followed up
 * (consent, seat held, not absent) and its follow-up still to come — not sent yet and its
 * window not passed — or sent and still open (unanswered, link not expired). Contact fields
 * only, as before: a registration never holds more.
 */
function keptForSuivi(now: Date, suiviMonths: number) {
	const windowEnd = monthsBefore(now, suiviMonths).getTime() - SUIVI_EXPIRY_DAYS * DAY_MS;
	return and(
		followedInscription,
		or(
			and(
				sql`not exists (select 1 from ${suivis} where ${suivis.inscriptionId} = ${inscriptions.id})`,
				sql`${evenementEnd} > ${instant(windowEnd)}`
			),
			sql`exists (select 1 from ${suivis} where ${suivis.inscriptionId} = ${inscriptions.id} and ${suivis.answeredAt} is null and ${suivis.expiresAt} > ${instant(now)})`
		)
	);
}

/**
 * Deletes the registrations of évènements that ended more than `months` months before `now`
 * (and of cancelled ones, from their date), after writing their funnel on the évènement's row.
 * A registration whose person agreed to the follow-up is kept until the follow-up is answered,
 * expired or withdrawn (`suiviMonths`: SUIVI_MONTHS), then deleted on a later run, its
 * follow-up folded into counts first. Idempotent. Returns the number of registrations deleted.
 */
export async function purgeInscriptions(
	db: Db,
	now: Date,
	months: number,
	suiviMonths: number = SUIVI_DEFAULT_MONTHS
): Promise<number> {
	return db.transaction(
		async (tx) => {
			const before = monthsBefore(now, months);
			const due = (
				await tx
					.select()
					.from(evenements)
					.where(and(isNull(evenements.purgedAt), lte(evenements.startsAt, before)))
			).filter((evenement) => endOf(evenement) <= before);
			for (const evenement of due) {
				const funnel = await liveFunnel(tx, evenement);
				await tx
					.update(evenements)
					.set({
						purgedAt: now,
						statRegistered: funnel.registered,
						statWaitlisted: funnel.waitlisted,
						statPresent: funnel.present,
						statAbsent: funnel.absent,
						statConverted: funnel.converted
					})
					.where(eq(evenements.id, evenement.id));
			}
			// The registrations of purged évènements, but those kept for their follow-up.
			const ids = (
				await tx
					.select({ id: inscriptions.id })
					.from(inscriptions)
					.innerJoin(evenements, eq(inscriptions.evenementId, evenements.id))
					.where(and(isNotNull(evenements.purgedAt), not(keptForSuivi(now, suiviMonths)!)))
			).map((row) => row.id);
			if (ids.length === 0) return 0;
			await foldInscriptionSuivis(tx, ids);
			let deleted = 0;
			for (const id of ids) await deletePendingMessages(tx, id);
			for (let start = 0; start < ids.length; start += 500)
				deleted += changedRows(
					await tx
						.delete(inscriptions)
						.where(inArray(inscriptions.id, ids.slice(start, start + 500)))
				);
			return deleted;
		},
		{ behavior: 'immediate' }
	);
}

const REMINDER_INTERVAL_MS = 5 * 60_000;

/**
 * Runs the reminders every 5 minutes (the one-hour reminder needs more than the hourly
 * housekeeping), on one instance per tick (ADR 049).
 */
export async function scheduleEvenementReminders(db: Db, config: MessagesConfig): Promise<void> {
	const run = async () => {
		try {
			await runOncePerTick(db, 'evenement-reminders', REMINDER_INTERVAL_MS, async () => {
				const queued = await queueEvenementReminders(db, config, new Date());
				if (queued > 0) logger.info('évènement reminders', { queued });
			});
		} catch (error) {
			logger.error('évènement reminders failed', {
				error: error instanceof Error ? error.name : 'unknown'
			});
		}
	};
	await run();
	setInterval(() => void run(), REMINDER_INTERVAL_MS).unref();
}
