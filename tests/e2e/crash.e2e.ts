import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { and, count, eq, gt, gte } from 'drizzle-orm';
import * as schema from '../../src/lib/server/db/schema';
import { integrityCheck, serverDatabase, withServerDb, type ServerDatabase } from './db';
import { E2E_ON_POSTGRES, OWN_PORTS } from './env';
import {
	bookingForm,
	freeSlots as offeredSlots,
	newToken,
	postBooking,
	sha256,
	type Booker
} from './http-booking';

/**
 * Nothing lost (ADR 019). The production server runs on its own port and database; a client
 * books distinct slots in a loop with plain form posts while the server is SIGKILLed and
 * restarted several times. Every booking the client saw confirmed must be in the database, no
 * slot booked twice. Then SIGTERM: a request in flight completes, new connections are refused,
 * the process exits 0 and closes the database.
 *
 * On both dialects (the database of `serverDatabase`). SQLite's file is also checked with
 * `PRAGMA integrity_check`, and its WAL gone after the clean stop; on PostgreSQL the durability
 * of a committed write is the server's own (its WAL and recovery).
 */
const PORT = OWN_PORTS.crash;
const BASE = `http://127.0.0.1:${PORT}`;
const DEPARTEMENTS = ['13', '33', '59', '69', '974'];

test.describe.configure({ mode: 'serial' });

/** Every server this file started: none may outlive it. */
const servers = new Set<ChildProcess>();

function startServer(): ChildProcess {
	const server = spawn(process.execPath, ['build'], {
		env: {
			...process.env,
			PORT: String(PORT),
			HOST: '127.0.0.1',
			ORIGIN: BASE,
			...database.env,
			DEMO_DATA: '1',
			NODE_ENV: 'production',
			RATE_LIMIT_DISABLED: '1',
			// The client books as fast as it can from one address: the cap is not this test's subject.
			BOOKING_MAX_PER_ADDRESS: '100000',
			LOG_LEVEL: 'warn',
			SHUTDOWN_TIMEOUT: '20'
		},
		stdio: ['ignore', 'ignore', 'inherit']
	});
	servers.add(server);
	server.once('exit', () => servers.delete(server));
	return server;
}

async function waitUntilUp(deadline = Date.now() + 30_000): Promise<void> {
	while (Date.now() < deadline) {
		try {
			if ((await fetch(`${BASE}/healthz`)).ok) return;
		} catch {
			/* not up yet */
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error('the server did not come up');
}

const exited = (server: ChildProcess) =>
	new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
		if (server.exitCode !== null || server.signalCode !== null)
			resolve({ code: server.exitCode, signal: server.signalCode });
		else server.once('exit', (code, signal) => resolve({ code, signal }));
	});

const CRASHTEST: Booker = { nom: 'Crashtest', prenom: 'Durable' };

/** One booking POST; null when the connection failed (server killed). */
async function book(
	departement: string,
	slot: string,
	token: string
): Promise<{ status: number; location: string | null } | null> {
	return postBooking(BASE, departement, slot, token, CRASHTEST);
}

const freeSlots = (departement: string) => offeredSlots(BASE, departement);

let database: ServerDatabase;

test.beforeAll(async () => {
	// Another server on this port would answer in place of ours.
	const taken = await fetch(`${BASE}/healthz`).then(
		() => true,
		() => false
	);
	expect(taken, `port ${PORT} is already in use`).toBe(false);
	database = await serverDatabase('crash');
});

test('bookings confirmed to the client survive repeated SIGKILLs; no slot is booked twice; the database is intact', async () => {
	test.setTimeout(120_000);
	let server = startServer();
	await waitUntilUp();
	// Demo data (seeded before the server answers) holds bookings of its own: only later ones are the client's.
	const testStartedAt = Date.now();
	const slots = (
		await Promise.all(
			DEPARTEMENTS.map(async (d) => (await freeSlots(d)).map((slot) => ({ departement: d, slot })))
		)
	).flat();
	expect(slots.length).toBeGreaterThan(100);

	const confirmed: { token: string; slot: string }[] = [];
	/** Posts whose outcome the client never learnt (cut by a kill, then the run ended): may or may not be booked. */
	const inDoubt: string[] = [];
	const unexpected: string[] = [];
	let kills = 0;
	let retried = 0;
	let stop = false;

	// The client: one slot after the other; after a failed connection it retries the same form
	// (same token) once the server is back, as a person pressing the button again would.
	const client = (async () => {
		for (const { departement, slot } of slots) {
			if (stop) break;
			const token = newToken();
			for (;;) {
				const outcome = await book(departement, slot, token);
				if (outcome === null) {
					if (stop) {
						inDoubt.push(token);
						break;
					}
					retried++;
					await new Promise((resolve) => setTimeout(resolve, 100));
					continue;
				}
				if (
					outcome.status === 303 &&
					outcome.location === `/rendez-vous/gerer/${token}?confirmation=1`
				)
					confirmed.push({ token, slot });
				else unexpected.push(`${outcome.status} ${slot}`);
				break;
			}
		}
	})();

	// The killer: SIGKILL at random moments, restart at once.
	const started = Date.now();
	while (kills < 3 || (kills < 4 && Date.now() - started < 40_000)) {
		await new Promise((resolve) => setTimeout(resolve, 1_000 + Math.random() * 2_500));
		server.kill('SIGKILL');
		expect((await exited(server)).signal).toBe('SIGKILL');
		kills++;
		server = startServer();
		await waitUntilUp();
	}
	await new Promise((resolve) => setTimeout(resolve, 1_500));
	stop = true;
	await client;
	server.kill('SIGKILL');
	await exited(server);

	test.info().annotations.push({
		type: 'crash',
		description: `${kills} SIGKILLs, ${confirmed.length} bookings confirmed, ${retried} failed connections retried with the same token`
	});
	expect(kills).toBeGreaterThanOrEqual(3);
	// Bounded by the machine's speed (the suite shares two cores): a handful per kill at least.
	expect(confirmed.length).toBeGreaterThanOrEqual(10);
	// A retried form whose first POST committed before the kill is answered 303 too (idempotent
	// token): nothing else than confirmations is expected.
	expect(unexpected).toEqual([]);

	// SQLite: opened read-write, the killed server's WAL replayed first, then checked.
	if (!E2E_ON_POSTGRES) expect(integrityCheck(database.url, { recover: true })).toBe('ok');
	await withServerDb(database.url, async (db) => {
		const confirmedOf = (hash: string) =>
			and(eq(schema.demandes.manageTokenHash, hash), eq(schema.rendezVous.status, 'confirme'));
		for (const { token, slot } of confirmed) {
			const rows = (
				await db
					.select({ agendaId: schema.rendezVous.agendaId, startsAt: schema.rendezVous.startsAt })
					.from(schema.demandes)
					.innerJoin(schema.rendezVous, eq(schema.rendezVous.demandeId, schema.demandes.id))
					.where(confirmedOf(sha256(token)))
			).map((row) => ({ ...row, startsAt: row.startsAt.getTime() }));
			const [agendaId, start] = slot.split('|');
			expect(rows, `booking of ${slot}`).toEqual([
				{ agendaId: Number(agendaId), startsAt: Date.parse(start!) }
			]);
		}
		const doubles = await db
			.select({
				agendaId: schema.rendezVous.agendaId,
				startsAt: schema.rendezVous.startsAt,
				n: count()
			})
			.from(schema.rendezVous)
			.where(eq(schema.rendezVous.status, 'confirme'))
			.groupBy(schema.rendezVous.agendaId, schema.rendezVous.startsAt)
			.having(gt(count(), 1));
		expect(doubles).toEqual([]);
		// Every booking in the database is one the client made (no phantom rows).
		const known = new Set([...confirmed.map((c) => sha256(c.token)), ...inDoubt.map(sha256)]);
		const booked = await db
			.select({ hash: schema.demandes.manageTokenHash })
			.from(schema.demandes)
			.innerJoin(schema.rendezVous, eq(schema.rendezVous.demandeId, schema.demandes.id))
			.where(
				and(
					eq(schema.rendezVous.status, 'confirme'),
					gte(schema.demandes.createdAt, new Date(testStartedAt))
				)
			);
		expect(booked.filter((row) => !known.has(row.hash))).toEqual([]);
		expect(booked.length).toBeGreaterThanOrEqual(confirmed.length);
	});
});

test('SIGTERM: the request in flight completes, new connections are refused, exit 0, database closed', async () => {
	test.setTimeout(60_000);
	const server = startServer();
	await waitUntilUp();
	// A département the crash test left alone.
	const [slot] = await freeSlots('75');
	expect(slot).toBeDefined();
	const token = newToken();
	const body = bookingForm('75', slot!, token, CRASHTEST).toString();
	const query = new URLSearchParams({ departement: '75', mode: 'telephone', slot: slot! });

	// A slow client: headers and half the body now, the rest after SIGTERM.
	const answer = new Promise<{ status: number; location: string | undefined }>(
		(resolve, reject) => {
			const req = httpRequest(`${BASE}/rendez-vous/coordonnees?${query}&/book`, {
				method: 'POST',
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(body),
					origin: BASE,
					accept: 'text/html'
				}
			});
			req.on('response', (res) => {
				res.resume();
				res.on('end', () => resolve({ status: res.statusCode!, location: res.headers.location }));
			});
			req.on('error', reject);
			req.write(body.slice(0, 40));
			setTimeout(() => {
				server.kill('SIGTERM');
				setTimeout(async () => {
					// Stopped accepting: a new connection is refused while the slow request is still open.
					const refused = await fetch(`${BASE}/healthz`).then(
						() => false,
						() => true
					);
					req.end(body.slice(40), () => void 0);
					if (!refused) reject(new Error('a new connection was accepted after SIGTERM'));
				}, 700);
			}, 500);
		}
	);
	const { status, location } = await answer;
	expect(status).toBe(303);
	expect(location).toBe(`/rendez-vous/gerer/${token}?confirmation=1`);
	const exit = await exited(server);
	expect(exit).toEqual({ code: 0, signal: null });

	// SQLite: the database was closed, its WAL checkpointed and removed. (On PostgreSQL an exited
	// process's connections are gone whether or not it closed its pool: the exit code 0 above,
	// after the request in flight was answered, is the graceful stop.) The booking is there.
	if (!E2E_ON_POSTGRES) {
		expect(existsSync(`${database.url}-wal`)).toBe(false);
		expect(integrityCheck(database.url)).toBe('ok');
	}
	const [row] = await withServerDb(
		database.url,
		async (db) =>
			await db
				.select({ n: count() })
				.from(schema.demandes)
				.where(eq(schema.demandes.manageTokenHash, sha256(token))),
		{ readonly: true }
	);
	expect(row!.n).toBe(1);
});

test.afterAll(async () => {
	for (const server of servers) {
		server.kill('SIGKILL');
		await exited(server);
	}
	await database?.drop();
});
