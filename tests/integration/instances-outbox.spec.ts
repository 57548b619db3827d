import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox } from '$lib/server/db/schema';
import { closeDatabase, type Db } from '$lib/server/db/index';
import { CLAIM_LEASE_MS, claimDue, enqueueMail, markSent } from '$lib/server/mail/outbox';
import { OutboxWorker, type MailLogger } from '$lib/server/mail/worker';
import { enqueueSms, recordReceipt } from '$lib/server/sms/outbox';
import { SmppTransport } from '$lib/server/sms/transport';
import { SmsWorker } from '$lib/server/sms/worker';
import { secondInstance, testDb } from '../helpers/db';
import { startSmtp, transportTo } from '../helpers/smtp';
import { smppTo, startSmpp } from '../helpers/smpp';

/**
 * Several instances on one database (ADR 049), on the run's dialect (SQLite, or PostgreSQL in the integration suite on PostgreSQL): two workers, each with its own
 * connection to one file (two processes would have exactly that), share the outbox; each
 * message is sent once, and a crashed instance's claim lapses.
 */

const T0 = new Date('2026-12-07T09:00:00Z');
const FROM = 'Portail PDP <ne-pas-repondre@portail-pdp.example>';
const quiet: MailLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** A second connection to the same file: what a second instance opens. */

async function queueMails(db: Db, n: number): Promise<void> {
	for (let i = 0; i < n; i++)
		await enqueueMail(
			db,
			{ recipient: `personne${i}@example.org`, subject: `Message ${i}`, text: `Texte ${i}` },
			T0
		);
}

describe('two instances share the outbox', () => {
	it('two e-mail workers on two connections send each message once, through a real SMTP server', async () => {
		const smtp = await startSmtp();
		const a = testDb();
		const b = secondInstance(a);
		await queueMails(a, 30);
		const worker = (db: Db, holder: string) =>
			new OutboxWorker(db, transportTo(smtp.port), {
				from: FROM,
				now: () => T0,
				logger: quiet,
				devLog: false,
				batchSize: 4,
				holder
			});
		const [first, second] = [worker(a, 'instance-a'), worker(b, 'instance-b')];
		const counts = { a: 0, b: 0 };
		// Both instances run at once, over and over, until the outbox is empty.
		for (let round = 0; round < 10; round++) {
			const [ra, rb] = await Promise.all([first.runOnce(), second.runOnce()]);
			counts.a += ra.sent;
			counts.b += rb.sent;
		}
		const recipients = smtp.received.map((r) => r.to[0]).sort();
		expect(recipients).toHaveLength(30);
		expect(new Set(recipients).size).toBe(30);
		expect(counts.a + counts.b).toBe(30);
		// Both took part: the claims interleave, they do not serialise on one instance.
		expect(counts.a).toBeGreaterThan(0);
		expect(counts.b).toBeGreaterThan(0);
		const rows = await a.select().from(outbox);
		expect(rows.every((r) => r.sentAt !== null && r.attempts === 1)).toBe(true);
		expect(rows.every((r) => r.claimedBy === null && r.claimedUntil === null)).toBe(true);
		await closeDatabase(b);
	});

	it('claims are disjoint, and a crashed instance’s claim is taken again once its lease lapses', async () => {
		const a = testDb();
		const b = secondInstance(a);
		await queueMails(a, 6);
		const [claimedA, claimedB] = await Promise.all([
			claimDue(a, 'instance-a', T0, 4),
			claimDue(b, 'instance-b', T0, 4)
		]);
		const idsA = claimedA.map((m) => m.id);
		const idsB = claimedB.map((m) => m.id);
		expect(idsA.length + idsB.length).toBe(6);
		expect(idsA.filter((id) => idsB.includes(id))).toEqual([]);
		// Instance a dies with its claim; b sends what it claimed.
		for (const id of idsB) await markSent(b, id, T0);
		// While a's lease runs, nobody takes its messages; then b does, oldest first.
		expect(
			await claimDue(b, 'instance-b', new Date(T0.getTime() + CLAIM_LEASE_MS - 1), 10)
		).toEqual([]);
		const retaken = await claimDue(b, 'instance-b', new Date(T0.getTime() + CLAIM_LEASE_MS), 10);
		expect(retaken.map((m) => m.id)).toEqual([...idsA].sort((x, y) => x - y));
		expect(retaken.every((m) => m.claimedBy === 'instance-b')).toBe(true);
		await closeDatabase(b);
	});

	it('a relay outage gives the untried mails back at once, for any instance', async () => {
		const a = testDb();
		const b = secondInstance(a);
		await queueMails(a, 5);
		// Nothing listens on this port: the first send fails at the relay, the run stops.
		const dead = await startSmtp();
		const port = dead.port;
		await dead.close();
		const failing = new OutboxWorker(a, transportTo(port), {
			from: FROM,
			now: () => T0,
			logger: quiet,
			devLog: false,
			holder: 'instance-a'
		});
		expect(await failing.runOnce()).toEqual({ sent: 0, failed: 1 });
		const rows = await a.select().from(outbox).orderBy(outbox.id);
		expect(rows.every((r) => r.claimedBy === null)).toBe(true);
		// The four untried ones are due for instance b right away (the failed one backs off).
		expect((await claimDue(b, 'instance-b', T0, 10)).map((m) => m.id)).toEqual(
			rows.slice(1).map((r) => r.id)
		);
		await closeDatabase(b);
	});

	it('two SMS workers on two connections submit each SMS once to a real SMPP gateway, receipts recorded', async () => {
		const gateway = await startSmpp({ receipt: 'DELIVRD' });
		const a = testDb();
		const b = secondInstance(a);
		for (let i = 0; i < 12; i++)
			await enqueueSms(
				a,
				{ recipient: `+3361234${String(i).padStart(4, '0')}`, text: `SMS ${i}` },
				T0
			);
		const worker = (db: Db, holder: string) =>
			new SmsWorker(
				db,
				new SmppTransport(smppTo(gateway.port), (receipt) => {
					void recordReceipt(db, receipt.messageId, receipt.status, T0);
				}),
				{ now: () => T0, logger: quiet, batchSize: 3, holder }
			);
		const [first, second] = [worker(a, 'instance-a'), worker(b, 'instance-b')];
		for (let round = 0; round < 6; round++) await Promise.all([first.runOnce(), second.runOnce()]);
		const numbers = gateway.received.map((r) => r.to).sort();
		expect(numbers).toHaveLength(12);
		expect(new Set(numbers).size).toBe(12);
		const end = Date.now() + 10_000;
		const delivered = async () =>
			(await a.select().from(outbox).where(eq(outbox.deliveryStatus, 'delivered'))).length;
		while ((await delivered()) < 12 && Date.now() < end)
			await new Promise((resolve) => setTimeout(resolve, 20));
		expect(await delivered()).toBe(12);
		await Promise.all([first.stop(), second.stop()]);
		await closeDatabase(b);
	});
});
