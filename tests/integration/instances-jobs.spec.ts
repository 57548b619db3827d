import { describe, expect, it } from 'vitest';
import { jobLeases } from '$lib/server/db/schema';
import { closeDatabase, type Db } from '$lib/server/db/index';
import { leaseMs, runOncePerTick, takeJobLease } from '$lib/server/instances/job-lease';
import { secondInstance, testDb } from '../helpers/db';

/**
 * Scheduled jobs once per tick across instances (ADR 049), on the run's dialect (SQLite, or PostgreSQL in the integration suite on PostgreSQL): two instances, each with
 * its own connection to one file and its own timer, run a job once per interval between them.
 */

const T0 = new Date('2026-12-07T09:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (ms: number) => ({ now: new Date(T0.getTime() + ms) });

describe('job leases', () => {
	it('two instances ticking at once run the job once; the holder runs it again next interval', async () => {
		const a = testDb();
		const b = secondInstance(a);
		const runs: string[] = [];
		const tick = (db: Db, holder: string, ms: number) =>
			runOncePerTick(
				db,
				'housekeeping',
				HOUR,
				async () => {
					runs.push(holder);
				},
				{ ...at(ms), holder }
			);
		const [ta, tb] = await Promise.all([tick(a, 'a', 0), tick(b, 'b', 0)]);
		expect([ta.ran, tb.ran].filter(Boolean)).toHaveLength(1);
		expect(runs).toHaveLength(1);
		const first = runs[0]!;
		const [holderDb, otherDb, other] = first === 'a' ? [a, b, 'b'] : [b, a, 'a'];
		// The other instance's own timer ticks 20 minutes later: held, skipped.
		expect((await tick(otherDb, other, 20 * MINUTE)).ran).toBe(false);
		// The holder's next tick, an hour on: its lease (59 minutes) has lapsed, it runs again.
		expect((await tick(holderDb, first, HOUR)).ran).toBe(true);
		expect((await tick(otherDb, other, HOUR + 20 * MINUTE)).ran).toBe(false);
		expect(runs).toEqual([first, first]);
		// Another job has its own lease.
		expect(
			(await runOncePerTick(a, 'retention', 24 * HOUR, async () => undefined, at(0))).ran
		).toBe(true);
		await closeDatabase(b);
	});

	it('a crashed holder’s job is run by another instance once its lease lapses', async () => {
		const a = testDb();
		const b = secondInstance(a);
		expect(await takeJobLease(a, 'evenement-reminders', 'a', T0, leaseMs(5 * MINUTE))).toBe(true);
		// a dies. b's ticks: held until 4.5 minutes, then b takes it.
		expect(await takeJobLease(b, 'evenement-reminders', 'b', at(4 * MINUTE).now, 1)).toBe(false);
		expect(await takeJobLease(b, 'evenement-reminders', 'b', at(4.5 * MINUTE).now, 1)).toBe(true);
		const [row] = await a.select().from(jobLeases);
		expect(row).toEqual({
			name: 'evenement-reminders',
			holder: 'b',
			heldUntil: new Date(T0.getTime() + 4.5 * MINUTE + 1)
		});
		await closeDatabase(b);
	});

	it('a job that throws keeps its lease: no other instance retries it within the tick', async () => {
		const a = testDb();
		await expect(
			runOncePerTick(a, 'retention', 24 * HOUR, () => Promise.reject(new Error('boom')), at(0))
		).rejects.toThrow('boom');
		expect(
			(await runOncePerTick(a, 'retention', 24 * HOUR, async () => undefined, at(HOUR))).ran
		).toBe(false);
	});

	it('the lease is the interval less a tenth, at most a minute less', () => {
		expect(leaseMs(5 * MINUTE)).toBe(4.5 * MINUTE);
		expect(leaseMs(HOUR)).toBe(59 * MINUTE);
		expect(leaseMs(24 * HOUR)).toBe(24 * HOUR - MINUTE);
	});
});
