import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { and, count, eq, gt, gte, inArray, isNotNull, isNull, lte } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import * as schema from '../../src/lib/server/db/schema.pg';
import { postgresDatabase, type OwnPostgresDatabase } from './db';
import { E2E_PORT, LEGAL_ENV, ONCE, OWN_PORTS } from './env';
import { confirms, freeSlots, newToken, postBooking, sha256, type Booker } from './http-booking';

/**
 * Two portal instances on one PostgreSQL database (ADR 049): two production servers (`node
 * build`) started together on a fresh database, with the same link and throttle keys, an outbox
 * worker each ticking every second, and one SMTP server on loopback.
 *
 * - 100 concurrent posts of one slot, alternating between the instances: exactly one booking;
 * - every message queued is sent once, by one instance or the other;
 * - one instance SIGKILLed mid-traffic: no acknowledged booking is lost, the other keeps
 *   answering, the killed one restarts and joins.
 *
 * It needs a PostgreSQL server whatever the suite's dialect (DATABASE_TEST_URL, set by `npm
 * test`): tagged ONCE, it runs in the SQLite run and the PostgreSQL run leaves it out.
 */
const INSTANCES = { a: OWN_PORTS.instanceA, b: OWN_PORTS.instanceB } as const;
type Instance = keyof typeof INSTANCES;
const BASE: Record<Instance, string> = {
	a: `http://127.0.0.1:${INSTANCES.a}`,
	b: `http://127.0.0.1:${INSTANCES.b}`
};
const DIR = `tests/.tmp/instances-${E2E_PORT}`;
/** The Message-ID's domain is MAIL_FROM's: it tells which instance sent a message. */
const MAIL_DOMAIN: Record<Instance, string> = {
	a: 'instance-a.invalid',
	b: 'instance-b.invalid'
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test.describe.configure({ mode: 'serial' });

/** Every server this file started: none may outlive it. */
const servers = new Set<ChildProcess>();
const running: Partial<Record<Instance, ChildProcess>> = {};
let database: OwnPostgresDatabase | undefined;
let db: NodePgDatabase<typeof schema>;
let smtp: { received: { messageId: string; to: string[] }[]; port: number; close(): Promise<void> };

/** A local SMTP server keeping each message's Message-ID and recipients; slow (300 ms a message). */
async function localSmtp(): Promise<typeof smtp> {
	const received: (typeof smtp)['received'] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				received.push({
					messageId: /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? '',
					to: session.envelope.rcptTo.map((r) => r.address)
				});
				// A send takes a while: a worker busy with its batch leaves the next messages to the other.
				setTimeout(() => callback(), 300);
			});
		}
	});
	server.on('error', () => undefined);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.server.address() as AddressInfo).port;
	return { received, port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function start(instance: Instance): ChildProcess {
	const server = spawn(process.execPath, ['build'], {
		env: {
			...process.env,
			PORT: String(INSTANCES[instance]),
			HOST: '127.0.0.1',
			ORIGIN: BASE[instance],
			DATABASE_URL: database!.url,
			// One secret mounted on every instance (ADR 049).
			LINK_KEY_FILE: `${DIR}/link.key`,
			THROTTLE_KEY_FILE: `${DIR}/throttle.key`,
			// Instance a is a demo (its agendas are this test's); b is configured as in production.
			DEMO_DATA: instance === 'a' ? '1' : '0',
			...LEGAL_ENV,
			NODE_ENV: 'production',
			SMTP_HOST: '127.0.0.1',
			SMTP_PORT: String(smtp.port),
			MAIL_FROM: `Portail PDP <ne-pas-repondre@${MAIL_DOMAIN[instance]}>`,
			OUTBOX_INTERVAL_SECONDS: '1',
			RATE_LIMIT_DISABLED: '1',
			// The client books from one address: the cap is not this test's subject.
			BOOKING_MAX_PER_ADDRESS: '100000',
			LOG_LEVEL: 'warn'
		},
		stdio: ['ignore', 'ignore', 'inherit']
	});
	servers.add(server);
	running[instance] = server;
	server.once('exit', () => servers.delete(server));
	return server;
}

async function healthOf(instance: Instance): Promise<{ status?: string } | null> {
	try {
		const response = await fetch(`${BASE[instance]}/healthz`);
		return response.ok ? ((await response.json()) as { status?: string }) : null;
	} catch {
		return null;
	}
}

async function waitUntilUp(instance: Instance, deadline = Date.now() + 90_000): Promise<void> {
	while (Date.now() < deadline) {
		const server = running[instance];
		if (server?.exitCode != null || server?.signalCode != null)
			throw new Error(`instance ${instance} stopped before it came up`);
		if ((await healthOf(instance))?.status === 'ok') return;
		await sleep(100);
	}
	throw new Error(`instance ${instance} did not come up`);
}

const exited = (server: ChildProcess) =>
	new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
		if (server.exitCode !== null || server.signalCode !== null)
			resolve({ code: server.exitCode, signal: server.signalCode });
		else server.once('exit', (code, signal) => resolve({ code, signal }));
	});

/** The confirmed rendez-vous of a token (its demande's manage-token hash), as `<agenda>|<start>`. */
async function bookedSlotsOf(token: string): Promise<string[]> {
	const rows = await db
		.select({ agendaId: schema.rendezVous.agendaId, startsAt: schema.rendezVous.startsAt })
		.from(schema.demandes)
		.innerJoin(schema.rendezVous, eq(schema.rendezVous.demandeId, schema.demandes.id))
		.where(
			and(
				eq(schema.demandes.manageTokenHash, sha256(token)),
				eq(schema.rendezVous.status, 'confirme')
			)
		);
	return rows.map((row) => `${row.agendaId}|${row.startsAt.toISOString()}`);
}

const sameSlot = (a: string, b: string) => {
	const [agendaA, startA] = a.split('|');
	const [agendaB, startB] = b.split('|');
	return agendaA === agendaB && Date.parse(startA!) === Date.parse(startB!);
};

test.beforeAll(async () => {
	test.setTimeout(180_000);
	for (const instance of ['a', 'b'] as const)
		expect(await healthOf(instance), `port ${INSTANCES[instance]} is already in use`).toBeNull();
	rmSync(DIR, { recursive: true, force: true });
	mkdirSync(DIR, { recursive: true });
	// Its own database on DATABASE_TEST_URL's server, whatever the suite's dialect.
	database = await postgresDatabase('instances.e2e.ts');
	db = database.db;
	smtp = await localSmtp();
	// Both at once on the empty database: they apply the migrations in turn (an advisory lock).
	start('a');
	start('b');
	await Promise.all([waitUntilUp('a'), waitUntilUp('b')]);
});

test.afterAll(async () => {
	for (const server of servers) {
		server.kill('SIGKILL');
		await exited(server);
	}
	await database?.drop();
	await smtp?.close();
	rmSync(DIR, { recursive: true, force: true });
});

test(
	'100 concurrent posts of one slot through both instances: exactly one booking, the others told it is taken',
	{ tag: ONCE },
	async () => {
		// 100 bookings of one agenda check their overlaps one at a time: 10 to 30 s on a busy machine.
		test.setTimeout(150_000);
		const [slot] = await freeSlots(BASE.a, '13');
		expect(slot).toBeDefined();
		const tokens = Array.from({ length: 100 }, () => newToken());
		const booker: Booker = { nom: 'Instances', prenom: 'Concurrence' };
		const answers = await Promise.all(
			tokens.map((token, i) => postBooking(BASE[i % 2 ? 'b' : 'a'], '13', slot!, token, booker))
		);

		const confirmed = tokens.filter((token, i) => confirms(answers[i]!, token));
		expect(confirmed).toHaveLength(1);
		const refused = answers.filter((answer, i) => !confirms(answer, tokens[i]!));
		expect(refused.map((answer) => answer?.status)).toEqual(Array(99).fill(409));
		for (const answer of refused)
			expect(answer!.body).toContain("Ce créneau vient d'être réservé par quelqu'un d'autre.");

		const [agendaId, startsAt] = slot!.split('|');
		const [booked] = await db
			.select({ n: count() })
			.from(schema.rendezVous)
			.where(
				and(
					eq(schema.rendezVous.agendaId, Number(agendaId)),
					eq(schema.rendezVous.startsAt, new Date(startsAt!)),
					eq(schema.rendezVous.status, 'confirme')
				)
			);
		expect(booked!.n).toBe(1);
		// Nothing half-stored: one demande among the 100 tokens, the confirmed one's.
		const demandes = await db
			.select({ hash: schema.demandes.manageTokenHash })
			.from(schema.demandes)
			.where(inArray(schema.demandes.manageTokenHash, tokens.map(sha256)));
		expect(demandes).toEqual([{ hash: sha256(confirmed[0]!) }]);
		// Neither instance offers the slot any more (each its own cache, checked against the counter).
		for (const instance of ['a', 'b'] as const)
			expect((await freeSlots(BASE[instance], '13')).some((s) => sameSlot(s, slot!))).toBe(false);
	}
);

test(
	'a message queued once is sent once: bookings through both instances, both workers sending',
	{ tag: ONCE },
	async () => {
		test.setTimeout(120_000);
		const slots = await freeSlots(BASE.b, '33');
		const sentBy = (instance: Instance) =>
			smtp.received.some((m) => m.messageId.endsWith(`@${MAIL_DOMAIN[instance]}>`));
		const recipients: string[] = [];
		// One booking every 400 ms, alternating, until both workers have sent (at least 10, at most 40).
		for (let i = 0; i < 40 && (i < 10 || !sentBy('a') || !sentBy('b')); i++) {
			const token = newToken();
			const email = `instances-courrier-${i}@example.org`;
			const answer = await postBooking(BASE[i % 2 ? 'b' : 'a'], '33', slots[i]!, token, {
				nom: 'Instances',
				prenom: 'Courrier',
				email
			});
			expect(confirms(answer, token), `booking ${i}: ${answer?.status}`).toBe(true);
			recipients.push(email);
			await sleep(400);
		}

		// Every due e-mail of the outbox sent (the bookings' and any other), then three more ticks of each.
		const unsent = () =>
			db
				.select({ n: count() })
				.from(schema.outbox)
				.where(
					and(
						eq(schema.outbox.channel, 'email'),
						isNull(schema.outbox.sentAt),
						lte(schema.outbox.nextAttemptAt, new Date())
					)
				);
		const deadline = Date.now() + 60_000;
		while ((await unsent())[0]!.n > 0) {
			expect(Date.now() < deadline, 'the outbox was not emptied within a minute').toBe(true);
			await sleep(250);
		}
		await sleep(3_000);

		const sent = await db
			.select({
				id: schema.outbox.id,
				createdAt: schema.outbox.createdAt,
				recipient: schema.outbox.recipient,
				attempts: schema.outbox.attempts
			})
			.from(schema.outbox)
			.where(and(eq(schema.outbox.channel, 'email'), isNotNull(schema.outbox.sentAt)));
		const idOf = (messageId: string) => /^<outbox-(\d+-\d+)@/.exec(messageId)?.[1];
		const received = smtp.received.map((m) => idOf(m.messageId));
		// Each message received once, and nothing the outbox did not hold.
		expect(received.filter((id, i) => received.indexOf(id) !== i)).toEqual([]);
		expect([...received].sort()).toEqual(
			sent.map((row) => `${row.id}-${row.createdAt.getTime()}`).sort()
		);
		expect(sent.filter((row) => row.attempts !== 1)).toEqual([]);
		// Each booking's confirmation, by recipient: as many received as queued, at least one.
		for (const email of recipients) {
			const queued = sent.filter((row) => row.recipient === email).length;
			expect(queued, email).toBeGreaterThanOrEqual(1);
			expect(smtp.received.filter((m) => m.to.includes(email)).length, email).toBe(queued);
		}
		// Both instances' workers took part.
		expect(sentBy('a')).toBe(true);
		expect(sentBy('b')).toBe(true);
		test.info().annotations.push({
			type: 'outbox',
			description: `${recipients.length} bookings, ${sent.length} e-mails sent once: ${
				smtp.received.filter((m) => m.messageId.endsWith(`@${MAIL_DOMAIN.a}>`)).length
			} by a, ${smtp.received.filter((m) => m.messageId.endsWith(`@${MAIL_DOMAIN.b}>`)).length} by b`
		});
	}
);

test(
	'instance a SIGKILLed mid-traffic: every acknowledged booking is stored, b keeps answering, a restarts and joins',
	{ tag: ONCE },
	async () => {
		test.setTimeout(120_000);
		const testStartedAt = new Date();
		const slots = (
			await Promise.all(
				['59', '69', '974'].map(async (d) =>
					(await freeSlots(BASE.b, d)).map((slot) => ({ departement: d, slot }))
				)
			)
		).flat();
		expect(slots.length).toBeGreaterThan(60);

		type Phase = 'before' | 'down' | 'after';
		let phase: Phase = 'before';
		const confirmed: { token: string; slot: string; via: Instance; phase: Phase }[] = [];
		const posted: string[] = [];
		const unexpected: string[] = [];
		let failedOver = 0;
		let stop = false;
		const booker: Booker = { nom: 'Instances', prenom: 'Panne' };

		// The client, behind a load balancer: each booking to a and b in turn; a post whose
		// connection failed goes again, same form (same token), to the other instance.
		const client = (async () => {
			for (const [i, { departement, slot }] of slots.entries()) {
				if (stop) break;
				const token = newToken();
				posted.push(token);
				let via: Instance = i % 2 ? 'b' : 'a';
				for (;;) {
					const answer = await postBooking(BASE[via], departement, slot, token, booker);
					if (answer === null) {
						failedOver++;
						via = via === 'a' ? 'b' : 'a';
						await sleep(50);
						continue;
					}
					if (confirms(answer, token)) confirmed.push({ token, slot, via, phase });
					else unexpected.push(`${answer.status} ${slot}`);
					break;
				}
			}
		})();

		const until = async (condition: () => boolean, ms: number) => {
			const deadline = Date.now() + ms;
			while (!condition() && Date.now() < deadline) await sleep(50);
		};
		// Traffic through both, then a is killed in the middle of it.
		await until(() => confirmed.filter((c) => c.via === 'a').length >= 5, 30_000);
		const killed = running.a!;
		killed.kill('SIGKILL');
		phase = 'down';
		expect((await exited(killed)).signal).toBe('SIGKILL');
		const killedAt = Date.now();
		// b alone for two seconds at least and a few bookings.
		await until(
			() =>
				Date.now() - killedAt > 2_000 && confirmed.filter((c) => c.phase === 'down').length >= 5,
			30_000
		);
		start('a');
		await waitUntilUp('a');
		const downMs = Date.now() - killedAt;
		phase = 'after';
		await until(
			() => confirmed.filter((c) => c.phase === 'after' && c.via === 'a').length >= 3,
			30_000
		);
		stop = true;
		await client;

		const during = confirmed.filter((c) => c.phase === 'down');
		test.info().annotations.push({
			type: 'kill',
			description: `${confirmed.length} bookings acknowledged (${confirmed.filter((c) => c.phase === 'before').length} before the kill, ${during.length} while a was down for ${downMs} ms, ${confirmed.filter((c) => c.phase === 'after').length} after its restart), ${failedOver} posts failed over to b`
		});
		expect(unexpected).toEqual([]);
		expect(during.length).toBeGreaterThanOrEqual(1);
		expect(during.every((c) => c.via === 'b')).toBe(true);
		expect(confirmed.filter((c) => c.phase === 'after' && c.via === 'a').length).toBeGreaterThan(0);
		expect((await healthOf('a'))?.status).toBe('ok');
		expect((await healthOf('b'))?.status).toBe('ok');

		// Every acknowledged booking is in the database, at its slot.
		for (const { token, slot } of confirmed) {
			const booked = await bookedSlotsOf(token);
			expect(booked, `booking of ${slot}`).toHaveLength(1);
			expect(sameSlot(booked[0]!, slot), `booking of ${slot}`).toBe(true);
		}
		// No slot booked twice, and every booking since the start is one the client posted.
		const doubles = await db
			.select({ agendaId: schema.rendezVous.agendaId, n: count() })
			.from(schema.rendezVous)
			.where(eq(schema.rendezVous.status, 'confirme'))
			.groupBy(schema.rendezVous.agendaId, schema.rendezVous.startsAt)
			.having(gt(count(), 1));
		expect(doubles).toEqual([]);
		const known = new Set(posted.map(sha256));
		const booked = await db
			.select({ hash: schema.demandes.manageTokenHash })
			.from(schema.demandes)
			.where(gte(schema.demandes.createdAt, testStartedAt));
		expect(booked.filter((row) => !known.has(row.hash))).toEqual([]);
		expect(booked.length).toBe(confirmed.length);
	}
);
