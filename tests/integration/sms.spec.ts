import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox } from '$lib/server/db/schema';
import type { Db } from '$lib/server/db/index';
import { parseEnv } from '$lib/server/env';
import { dueMails } from '$lib/server/mail/outbox';
import { LINK_TOKEN } from '$lib/server/mail/seal';
import type { MailLogger } from '$lib/server/mail/worker';
import { enqueueSms, markSubmitted, recordReceipt } from '$lib/server/sms/outbox';
import {
	SmppTransport,
	parseReceipt,
	smppSettings,
	type SmppSettings
} from '$lib/server/sms/transport';
import { SmsWorker, createSmsWorker } from '$lib/server/sms/worker';
import { testDb } from '../helpers/db';
import { smppTo, startSmpp, testGatewayCertificate } from '../helpers/smpp';

const T0 = new Date('2026-11-24T09:00:00Z');
const MINUTE = 60_000;
const PHONE = '+33612345678';
const TOKEN = 'abcdefghijklmnopqrstuvwxyz234567';

function clock(start = T0) {
	let now = start;
	return { now: () => now, set: (ms: number) => (now = new Date(start.getTime() + ms)) };
}

function quietLogger(): { logger: MailLogger; lines: string[] } {
	const lines: string[] = [];
	const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
		lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
	};
	return {
		logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
		lines
	};
}

/** A worker on a real SMPP transport whose receipts are recorded in `db`. */
function workerTo(db: Db, settings: SmppSettings, now: () => Date, logger = quietLogger().logger) {
	const transport = new SmppTransport(
		settings,
		(receipt) => void recordReceipt(db, receipt.messageId, receipt.status, now())
	);
	return new SmsWorker(db, transport, { now, logger });
}

async function rows(db: Db) {
	return await db.select().from(outbox).where(eq(outbox.channel, 'sms')).orderBy(outbox.id);
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > end) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** A loopback port nothing listens on (yet). */
async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

describe('SMS outbox', () => {
	it('queues an SMS on the sms channel, in GSM 7-bit, deduplicated by key', async () => {
		const db = testDb();
		const sms = {
			recipient: PHONE,
			text: 'Rhône – réf. « PDP »',
			dedupeKey: 'PDP-1:sms:confirmation'
		};
		expect(await enqueueSms(db, sms, T0)).toBe(true);
		expect(await enqueueSms(db, sms, T0)).toBe(false);
		const [row] = await rows(db);
		expect(row).toMatchObject({ channel: 'sms', recipient: PHONE, text: 'Rhone - réf. " PDP "' });
		// The e-mail worker never takes it.
		expect(await dueMails(db, T0, 20)).toHaveLength(0);
		expect(await dueMails(db, T0, 20, 'sms')).toHaveLength(1);
	});

	it('refuses a recipient that is not in E.164', async () => {
		const db = testDb();
		await expect(enqueueSms(db, { recipient: '06 12 34 56 78', text: 'x' }, T0)).rejects.toThrow(
			RangeError
		);
		expect(await rows(db)).toHaveLength(0);
	});
});

describe('SMS over SMPP (real server on loopback)', () => {
	it('binds, submits with registered delivery, records the gateway id and the delivery receipt', async () => {
		const db = testDb();
		const gateway = await startSmpp({ receipt: 'DELIVRD' });
		const time = clock();
		await enqueueSms(
			db,
			{
				recipient: PHONE,
				text: `RDV confirme. Gerer : https://x.example/g/${LINK_TOKEN}`,
				token: TOKEN
			},
			T0
		);
		const worker = workerTo(db, smppTo(gateway.port), time.now);
		expect(await worker.runOnce()).toEqual({ sent: 1, failed: 0 });
		expect(gateway.received).toEqual([
			{
				to: '33612345678',
				from: 'CGSS974',
				text: `RDV confirme. Gerer : https://x.example/g/${TOKEN}`,
				messageId: '1000',
				registeredDelivery: 1
			}
		]);
		await until(async () => (await rows(db))[0]?.deliveryStatus === 'delivered');
		const [row] = await rows(db);
		expect(row).toMatchObject({ gatewayMessageId: '1000', attempts: 1, sealedToken: null });
		expect(row?.sentAt).toEqual(T0);
		// The sent row keeps no working link (ADR 025).
		expect(row?.text).not.toContain(TOKEN);
		await worker.stop();
	});

	it('records an undelivered receipt', async () => {
		const db = testDb();
		const gateway = await startSmpp({ receipt: 'UNDELIV' });
		await enqueueSms(db, { recipient: PHONE, text: 'Rappel' }, T0);
		const worker = workerTo(db, smppTo(gateway.port), () => T0);
		await worker.runOnce();
		await until(async () => (await rows(db))[0]?.deliveryStatus === 'undelivered');
		expect((await rows(db))[0]?.deliveredAt).toEqual(T0);
		await worker.stop();
	});

	it('keeps the bind alive with enquire_link', async () => {
		const db = testDb();
		const gateway = await startSmpp();
		await enqueueSms(db, { recipient: PHONE, text: 'x' }, T0);
		const worker = workerTo(db, smppTo(gateway.port, { enquireLinkMs: 50 }), () => T0);
		await worker.runOnce();
		await until(() => gateway.stats.enquireLinks >= 2);
		expect(gateway.stats.binds).toBe(1);
		await worker.stop();
	});

	it('sends a text longer than one SMS whole (message_payload)', async () => {
		const db = testDb();
		const gateway = await startSmpp();
		const text = `${'Carsat Rhone-Alpes, service social. '.repeat(6)}Fin.`;
		expect(text.length).toBeGreaterThan(160);
		await enqueueSms(db, { recipient: '+262692123456', text }, T0);
		const worker = workerTo(db, smppTo(gateway.port), () => T0);
		await worker.runOnce();
		expect(gateway.received.map((r) => [r.to, r.text])).toEqual([['262692123456', text]]);
		await worker.stop();
	});

	it('throttles submissions to the configured rate', async () => {
		const db = testDb();
		const gateway = await startSmpp();
		for (let i = 0; i < 3; i++) await enqueueSms(db, { recipient: PHONE, text: `n${i}` }, T0);
		const worker = workerTo(db, smppTo(gateway.port, { ratePerSecond: 10 }), () => T0);
		const started = Date.now();
		await worker.runOnce();
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
		expect(gateway.received.map((r) => r.text)).toEqual(['n0', 'n1', 'n2']);
		await worker.stop();
	});

	it('loses and duplicates nothing through a gateway outage', async () => {
		const db = testDb();
		const port = await freePort();
		const time = clock();
		for (let i = 0; i < 3; i++) await enqueueSms(db, { recipient: PHONE, text: `m${i}` }, T0);
		const { logger, lines } = quietLogger();
		const worker = workerTo(db, smppTo(port), time.now, logger);

		// Nothing listens: the run stops at the first failure, the others are untouched.
		expect(await worker.runOnce()).toEqual({ sent: 0, failed: 1 });
		expect((await rows(db)).map((r) => [r.attempts, r.lastError])).toEqual([
			[1, 'conn_refused'],
			[0, null],
			[0, null]
		]);
		expect((await rows(db))[0]?.nextAttemptAt).toEqual(new Date(T0.getTime() + MINUTE));

		// The gateway comes back; a run before the backoff sends only what is due.
		const gateway = await startSmpp({ port });
		expect(await worker.runOnce()).toEqual({ sent: 2, failed: 0 });
		time.set(MINUTE);
		expect(await worker.runOnce()).toEqual({ sent: 1, failed: 0 });
		expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });
		expect(gateway.received.map((r) => r.text).sort()).toEqual(['m0', 'm1', 'm2']);
		expect((await rows(db)).every((r) => r.sentAt !== null)).toBe(true);
		// Logs name rows and codes, never the number or the text.
		expect(lines.join('\n')).not.toMatch(/612345678|m0/);
		await worker.stop();
	});

	it('retries a gateway that refuses (throttled) then accepts, once', async () => {
		const db = testDb();
		const gateway = await startSmpp();
		gateway.next.push(0x58);
		const time = clock();
		await enqueueSms(db, { recipient: PHONE, text: 'a' }, T0);
		await enqueueSms(db, { recipient: PHONE, text: 'b' }, T0);
		const worker = workerTo(db, smppTo(gateway.port), time.now);
		expect(await worker.runOnce()).toEqual({ sent: 0, failed: 1 });
		expect((await rows(db)).map((r) => r.lastError)).toEqual(['throttled', null]);
		time.set(MINUTE);
		expect(await worker.runOnce()).toEqual({ sent: 2, failed: 0 });
		expect(gateway.received.map((r) => r.text).sort()).toEqual(['a', 'b']);
		await worker.stop();
	});

	it('fails one refused message and goes on with the next', async () => {
		const db = testDb();
		const gateway = await startSmpp();
		gateway.next.push(0x0b); // ESME_RINVDSTADR: this number only
		await enqueueSms(db, { recipient: PHONE, text: 'a' }, T0);
		await enqueueSms(db, { recipient: '+33698765432', text: 'b' }, T0);
		const worker = workerTo(db, smppTo(gateway.port), () => T0);
		expect(await worker.runOnce()).toEqual({ sent: 1, failed: 1 });
		expect((await rows(db)).map((r) => r.lastError)).toEqual(['smpp_0x0b', null]);
		await worker.stop();
	});

	it('survives a connection cut mid-send: the SMS goes once after the reconnection', async () => {
		const db = testDb();
		const gateway = await startSmpp({ receipt: 'DELIVRD' });
		gateway.next.push('cut');
		const time = clock();
		await enqueueSms(db, { recipient: PHONE, text: 'a' }, T0);
		const worker = workerTo(db, smppTo(gateway.port), time.now);
		expect(await worker.runOnce()).toEqual({ sent: 0, failed: 1 });
		expect((await rows(db))[0]).toMatchObject({ lastError: 'connection', sentAt: null });
		// The transport binds again by itself (for the receipts), before the next run.
		await until(() => gateway.stats.binds >= 2);
		time.set(MINUTE);
		expect(await worker.runOnce()).toEqual({ sent: 1, failed: 0 });
		expect(gateway.received.map((r) => r.text)).toEqual(['a']);
		await until(async () => (await rows(db))[0]?.deliveryStatus === 'delivered');
		await worker.stop();
	});

	it('gets the receipt of a message sent before the connection was lost', async () => {
		const db = testDb();
		const gateway = await startSmpp();
		await enqueueSms(db, { recipient: PHONE, text: 'a' }, T0);
		const worker = workerTo(db, smppTo(gateway.port), () => T0);
		await worker.runOnce();
		gateway.dropConnections();
		await until(() => gateway.stats.binds >= 2 && gateway.stats.open === 1);
		// The gateway delivers the stored receipt on the new bind.
		const messageId = (await rows(db))[0]?.gatewayMessageId ?? '';
		expect(messageId).toBe('1000');
		gateway.receiptNow(messageId, 'DELIVRD');
		await until(async () => (await rows(db))[0]?.deliveryStatus === 'delivered');
		// A receipt for a message the outbox no longer has changes nothing.
		expect(await recordReceipt(db, 'unknown-id', 'delivered', T0)).toBe(false);
		await worker.stop();
	});

	it('refuses a bad bind as a gateway failure', async () => {
		const db = testDb();
		const gateway = await startSmpp({ password: 'other' });
		await enqueueSms(db, { recipient: PHONE, text: 'a' }, T0);
		await enqueueSms(db, { recipient: PHONE, text: 'b' }, T0);
		const worker = workerTo(db, smppTo(gateway.port), () => T0);
		expect(await worker.runOnce()).toEqual({ sent: 0, failed: 1 });
		expect((await rows(db)).map((r) => r.lastError)).toEqual(['bind', null]);
		await worker.stop();
	});

	it('speaks TLS from the start to a gateway whose certificate chains to SMPP_TLS_CA_FILE', async () => {
		const db = testDb();
		const gateway = await startSmpp({ tls: true, receipt: 'DELIVRD' });
		await enqueueSms(db, { recipient: PHONE, text: 'Par TLS' }, T0);
		const settings = smppTo(gateway.port, { tls: true, ca: testGatewayCertificate });
		const worker = workerTo(db, settings, () => T0);
		expect(await worker.runOnce()).toEqual({ sent: 1, failed: 0 });
		expect(gateway.received.map((m) => m.text)).toEqual(['Par TLS']);
		await until(async () => (await rows(db))[0]?.deliveryStatus === 'delivered');
		await worker.stop();
	});

	it('never sends to a TLS gateway whose certificate it cannot verify, nor in clear', async () => {
		const db = testDb();
		const gateway = await startSmpp({ tls: true });
		await enqueueSms(db, { recipient: PHONE, text: 'a' }, T0);
		// Node's public roots do not know the test certificate: the handshake fails, the SMS waits.
		const worker = workerTo(db, smppTo(gateway.port, { tls: true }), () => T0);
		expect(await worker.runOnce()).toEqual({ sent: 0, failed: 1 });
		expect((await rows(db))[0]).toMatchObject({ lastError: 'tls', sentAt: null });
		expect(gateway.received).toHaveLength(0);
		// A plain-text client does not get through a TLS gateway either.
		const plain = workerTo(
			db,
			smppTo(gateway.port, { timeoutMs: 300 }),
			() => new Date(T0.getTime() + 3_600_000)
		);
		await plain.runOnce();
		expect(gateway.received).toHaveLength(0);
		expect((await rows(db))[0]?.sentAt).toBeNull();
		await worker.stop();
		await plain.stop();
	});

	it('keeps SMS in the outbox without SMPP_HOST, with one warning', async () => {
		const db = testDb();
		await enqueueSms(db, { recipient: PHONE, text: 'a' }, T0);
		const { logger, lines } = quietLogger();
		const worker = createSmsWorker(db, parseEnv({}), logger);
		await worker.runOnce();
		await worker.runOnce();
		expect((await rows(db))[0]).toMatchObject({ attempts: 0, sentAt: null });
		expect(lines.filter((l) => l.includes('SMPP_HOST is not set'))).toHaveLength(1);
		await worker.stop();
	});
});

describe('receipts and configuration', () => {
	it('a receipt read right after the gateway’s reply finds its message, whichever connection runs first', async () => {
		const db = testDb();
		for (let i = 0; i < 8; i++)
			await enqueueSms(
				db,
				{ recipient: `+3361234${String(i).padStart(4, '0')}`, text: 'Rappel' },
				T0
			);
		const rows = await db.select({ id: outbox.id }).from(outbox);
		// As the worker does: the id's write started, not awaited, and the receipt at once.
		const receipts = rows.map(({ id }) => {
			const submitted = markSubmitted(db, id, `gw-${id}`, T0);
			return Promise.all([recordReceipt(db, `gw-${id}`, 'delivered', T0), submitted]);
		});
		expect((await Promise.all(receipts)).map(([known]) => known)).toEqual(rows.map(() => true));
		const delivered = await db.select().from(outbox).where(eq(outbox.deliveryStatus, 'delivered'));
		expect(delivered).toHaveLength(8);
	});

	it('reads receipts from the text or the TLVs', () => {
		expect(
			parseReceipt({
				esm_class: 4,
				short_message: { message: 'id:42 sub:001 stat:DELIVRD err:000' }
			})
		).toEqual({ messageId: '42', status: 'delivered' });
		expect(parseReceipt({ esm_class: 4, receipted_message_id: 'ab12', message_state: 3 })).toEqual({
			messageId: 'ab12',
			status: 'expired'
		});
		expect(parseReceipt({ esm_class: 4, short_message: 'id:7 stat:ACCEPTD' })).toEqual({
			messageId: '7',
			status: 'unknown'
		});
		expect(parseReceipt({ esm_class: 0, short_message: 'id:7 stat:DELIVRD' })).toBeNull();
	});

	it('validates the SMPP settings at start', () => {
		expect(() => parseEnv({ SMPP_HOST: 'smpp.example' })).toThrow(
			/SMPP_HOST: needs SMPP_SYSTEM_ID/
		);
		expect(() =>
			parseEnv({
				SMPP_HOST: 'smpp.example',
				SMPP_SYSTEM_ID: 'portail',
				SMPP_PASSWORD: 'secret',
				SMPP_SOURCE_ADDR: 'Assurance Maladie'
			})
		).toThrow(/SMPP_SOURCE_ADDR/);
		const config = parseEnv({
			SMPP_HOST: 'smpp.example',
			SMPP_SYSTEM_ID: 'portail',
			SMPP_PASSWORD: 'secret',
			SMPP_SOURCE_ADDR: 'CGSS974',
			SMPP_TLS: '1'
		});
		expect(config).toMatchObject({ SMPP_PORT: 2775, SMPP_TLS: true, SMPP_RATE: 5 });
		const base = {
			SMPP_HOST: 'smpp.example',
			SMPP_SYSTEM_ID: 'portail',
			SMPP_PASSWORD: 'secret',
			SMPP_SOURCE_ADDR: 'CGSS974'
		};
		const caFile = fileURLToPath(new URL('../helpers/tls/gateway-test.crt', import.meta.url));
		expect(() => parseEnv({ ...base, SMPP_TLS_CA_FILE: caFile })).toThrow(
			/SMPP_TLS_CA_FILE: needs SMPP_TLS=1/
		);
		expect(() =>
			parseEnv({ ...base, SMPP_TLS: '1', SMPP_TLS_CA_FILE: '/nonexistent.pem' })
		).toThrow(/SMPP_TLS_CA_FILE: must be a readable PEM certificate file/);
		const tlsConfig = parseEnv({ ...base, SMPP_TLS: '1', SMPP_TLS_CA_FILE: caFile });
		expect(smppSettings(tlsConfig)?.ca).toBe(testGatewayCertificate);
	});
});
