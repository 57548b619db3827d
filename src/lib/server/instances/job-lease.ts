import { lte } from 'drizzle-orm';
import type { Executor } from '$lib/server/db/index';
import { jobLeases } from '$lib/server/db/schema';
import { instanceId } from './instance';

/**
 * Scheduled jobs once per tick across instances (ADR 049). Each instance keeps its own timer;
 * before a run it takes the job's lease, one row of `job_leases`, with one conditional upsert:
 * inserted when the job never ran, taken over when the last holder's lease has lapsed, left
 * alone otherwise. The instance that gets it runs the job; the others skip that tick. The
 * same statement on SQLite and PostgreSQL (`insert … on conflict do update … where …
 * returning`): on PostgreSQL a second upsert of the same row waits for the first to commit,
 * then finds the lease held.
 */

/**
 * How long a run holds its job: a little less than the interval, so that the holder's next
 * tick finds its own lease lapsed (timers drift by milliseconds; the margin is a tenth of the
 * interval, at most a minute), and long enough that another instance's tick in between finds
 * it held. A crashed holder's job runs again at the first tick after its lease.
 */
export function leaseMs(intervalMs: number): number {
	return intervalMs - Math.min(intervalMs / 10, 60_000);
}

/**
 * Takes the lease of job `name` for `holder` until `now + ms` when nobody holds it at `now`.
 * True when taken: run the job. `table` is the process's job_leases; the PostgreSQL tests pass
 * schema.pg.ts's.
 */
export async function takeJobLease(
	db: Executor,
	name: string,
	holder: string,
	now: Date,
	ms: number,
	table: typeof jobLeases = jobLeases
): Promise<boolean> {
	const heldUntil = new Date(now.getTime() + ms);
	const taken = await db
		.insert(table)
		.values({ name, holder, heldUntil })
		.onConflictDoUpdate({
			target: table.name,
			set: { holder, heldUntil },
			setWhere: lte(table.heldUntil, now)
		})
		.returning({ holder: table.holder });
	return taken.length === 1;
}

export interface JobTick {
	/** Whether this instance ran the job this tick. */
	ran: boolean;
}

/**
 * Runs `job` if this instance takes the lease of `name` for this tick of `intervalMs`;
 * otherwise another instance runs it (or ran it less than an interval ago).
 */
export async function runOncePerTick(
	db: Executor,
	name: string,
	intervalMs: number,
	job: () => Promise<void>,
	{ now = new Date(), holder = instanceId }: { now?: Date; holder?: string } = {}
): Promise<JobTick> {
	if (!(await takeJobLease(db, name, holder, now, leaseMs(intervalMs)))) return { ran: false };
	await job();
	return { ran: true };
}
