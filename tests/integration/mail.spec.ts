import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { demandes, outbox } from '$lib/server/db/schema';
import type { Db } from '$lib/server/db/index';
import { parseEnv } from '$lib/server/env';
import { scoreAnswers } from '$lib/scoring/score';
import {
	MAX_ATTEMPTS,
	backoffDelayMs,
	deleteMailsTo,
	dueMails,
	enqueueMail,
	markFailed,
	outboxBacklog,
	purgeSentMails
} from '$lib/server/mail/outbox';
import { classifySendError, createTransport } from '$lib/server/mail/transport';
import { OutboxWorker, createOutboxWorker, type MailLogger } from '$lib/server/mail/worker';
import { confirmationMail, departementNotificationMail } from '$lib/server/mail/templates';
import { testDb } from '../helpers/db';
import { parseMessage, startSmtp, textOf, transportTo } from '../helpers/smtp';
import { sampleAnswers, sampleProfile } from '../fixtures/answers';

// ------------------------------------------------------------------ fixtures

interface LogLine {
	level: string;
	message: string;
	fields?: Record<string, unknown>;
}

function captureLogger(): { logger: MailLogger; lines: LogLine[] } {
	const lines: LogLine[] = [];
	const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
		lines.push({ level, message, fields });
	};
	return {
		logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
		lines
	};
}

const T0 = new Date('2026-11-24T09:00:00Z');
const MINUTE = 60_000;
const FROM = 'Portail PDP <ne-pas-repondre@portail-pdp.example>';

function clock(start = T0) {
	let now = start;
	return { now: () => now, set: (ms: number) => (now = new Date(start.getTime() + ms)) };
}

function sampleConfirmation(reference: string) {
	return confirmationMail({
		locale: 'fr',
		reference,
		prenom: 'Hélène',
		nom: 'Payet',
		mode: 'telephone',
		start: new Date('2026-12-01T06:30:00Z'),
		end: new Date('2026-12-01T07:15:00Z'),
		timeZone: 'Indian/Reunion',
		departementName: 'La Réunion',
		organismeName: 'CGSS La Réunion',
		manageUrl: 'https://portail-pdp.example/rendez-vous/gerer/abcdefghijklmnopqrstuvwxyz234567',
		isDemo: false,
		now: T0,
		email: 'helene@example.org',
		departementMailbox: 'service-social-974@cgss.example'
	});
}

async function rows(db: Db) {
	return await db.select().from(outbox).orderBy(outbox.id);
}

function expectNoAddressInLogs(lines: LogLine[]): void {
	expect(JSON.stringify(lines)).not.toMatch(/@example\.org|Hélène|Payet/);
}

// ------------------------------------------------------------------ tests

describe('outbox worker with a real SMTP server', () => {
	it('sends the due mails, the .ics attached, and marks them sent', async () => {
		const smtp = await startSmtp();
		const db = testDb();
		const { logger, lines } = captureLogger();
		const mail = sampleConfirmation('PDP-SEND0001');
		expect(await enqueueMail(db, { recipient: 'helene@example.org', ...mail }, T0)).toBe(true);
		expect(
			await enqueueMail(
				db,
				{ recipient: 'autre@example.org', subject: 'Rappel PDP-SEND0002', text: 'Texte simple' },
				T0
			)
		).toBe(true);

		const worker = new OutboxWorker(db, transportTo(smtp.port), {
			from: FROM,
			now: () => T0,
			logger,
			devLog: false
		});
		expect(await worker.runOnce()).toEqual({ sent: 2, failed: 0 });

		expect(smtp.received.map((r) => r.to)).toEqual([['helene@example.org'], ['autre@example.org']]);
		expect(smtp.received[0]!.from).toBe('ne-pas-repondre@portail-pdp.example');
		const first = parseMessage(smtp.received[0]!.raw);
		expect(first.subject).toBe(mail.subject);
		expect(first.headers.get('auto-submitted')).toBe('auto-generated');
		expect(textOf(first).replace(/\r\n/g, '\n')).toBe(mail.text);
		const attachment = first.parts.find((p) =>
			(p.headers.get('content-type') ?? '').startsWith('text/calendar')
		);
		expect(attachment?.headers.get('content-type')).toMatch(/method=REQUEST/);
		expect(attachment?.headers.get('content-disposition')).toMatch(
			/attachment; filename=("?)rendez-vous\.ics\1/
		);
		const ics = attachment!.body.toString('utf8');
		expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
		expect(ics).toBe(mail.ics);
		const second = parseMessage(smtp.received[1]!.raw);
		expect(second.subject).toBe('Rappel PDP-SEND0002');
		expect(
			second.parts.some((p) => (p.headers.get('content-type') ?? '').startsWith('text/calendar'))
		).toBe(false);

		for (const row of await rows(db)) {
			expect(row.sentAt).toEqual(T0);
			expect(row.attempts).toBe(1);
			expect(row.lastError).toBeNull();
		}
		expect(await outboxBacklog(db)).toEqual({ unsent: 0, abandoned: 0 });
		expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });
		expect(smtp.received).toHaveLength(2);
		expectNoAddressInLogs(lines);
	});

	it('survives an outage: failures back off, nothing is lost, everything is sent once the relay is back', async () => {
		const probe = await startSmtp();
		const port = probe.port;
		await probe.close(); // the relay is down: connection refused
		const db = testDb();
		const time = clock();
		const { logger, lines } = captureLogger();
		await enqueueMail(db, { recipient: 'a@example.org', subject: 'A PDP-OUTAGE0A', text: 'a' }, T0);
		await enqueueMail(db, { recipient: 'b@example.org', subject: 'B PDP-OUTAGE0B', text: 'b' }, T0);
		const worker = new OutboxWorker(db, transportTo(port), {
			from: FROM,
			now: time.now,
			logger,
			devLog: false
		});

		// The run stops at the first relay failure: B is left untouched for the next run.
		expect(await worker.runOnce()).toEqual({ sent: 0, failed: 1 });
		let [a, b] = await rows(db);
		expect(a).toMatchObject({
			attempts: 1,
			lastError: 'conn_refused',
			sentAt: null,
			nextAttemptAt: new Date(T0.getTime() + MINUTE)
		});
		expect(b).toMatchObject({ attempts: 0, lastError: null, nextAttemptAt: T0 });

		expect(await worker.runOnce()).toEqual({ sent: 0, failed: 1 });
		time.set(30_000);
		expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 }); // nothing due yet
		time.set(MINUTE);
		expect(await worker.runOnce()).toEqual({ sent: 0, failed: 1 });
		[a, b] = await rows(db);
		expect(a).toMatchObject({ attempts: 2, nextAttemptAt: new Date(T0.getTime() + 3 * MINUTE) });
		expect(b).toMatchObject({ attempts: 1, nextAttemptAt: new Date(T0.getTime() + MINUTE) });
		expect((await outboxBacklog(db)).unsent).toBe(2);

		const smtp = await startSmtp({ port }); // the relay is back
		expect(await worker.runOnce()).toEqual({ sent: 1, failed: 0 }); // B was due, A is not yet
		time.set(3 * MINUTE);
		expect(await worker.runOnce()).toEqual({ sent: 1, failed: 0 });
		[a, b] = await rows(db);
		expect(a).toMatchObject({
			attempts: 3,
			sentAt: new Date(T0.getTime() + 3 * MINUTE),
			lastError: null
		});
		expect(b).toMatchObject({ attempts: 2, sentAt: new Date(T0.getTime() + MINUTE) });
		expect(smtp.received.map((r) => parseMessage(r.raw).subject)).toEqual([
			'B PDP-OUTAGE0B',
			'A PDP-OUTAGE0A'
		]);
		expect(await outboxBacklog(db)).toEqual({ unsent: 0, abandoned: 0 });
		expect(lines.filter((l) => l.level === 'warn').map((l) => l.fields?.code)).toEqual([
			'conn_refused',
			'conn_refused',
			'conn_refused'
		]);
		expectNoAddressInLogs(lines);
	});

	it('a refused recipient fails alone with its SMTP code; the others go', async () => {
		const smtp = await startSmtp({ reject: { greylisted: 451, unknown: 550 } });
		const db = testDb();
		const { logger, lines } = captureLogger();
		await enqueueMail(db, { recipient: 'greylisted@example.org', subject: 's1', text: 't' }, T0);
		await enqueueMail(db, { recipient: 'unknown@example.org', subject: 's2', text: 't' }, T0);
		await enqueueMail(db, { recipient: 'ok@example.org', subject: 's3', text: 't' }, T0);
		const worker = new OutboxWorker(db, transportTo(smtp.port), {
			from: FROM,
			now: () => T0,
			logger,
			devLog: false
		});
		expect(await worker.runOnce()).toEqual({ sent: 1, failed: 2 });
		expect((await rows(db)).map((r) => [r.lastError, r.sentAt !== null])).toEqual([
			['smtp_4xx_451', false],
			['smtp_5xx_550', false],
			[null, true]
		]);
		expect(smtp.received.map((r) => r.to)).toEqual([['ok@example.org']]);
		expectNoAddressInLogs(lines);
	});

	it('gives up after MAX_ATTEMPTS and keeps the row with its last error', async () => {
		const probe = await startSmtp();
		await probe.close();
		const db = testDb();
		const time = clock();
		const { logger, lines } = captureLogger();
		await enqueueMail(db, { recipient: 'x@example.org', subject: 's', text: 't' }, T0);
		const worker = new OutboxWorker(db, transportTo(probe.port), {
			from: FROM,
			now: time.now,
			logger,
			devLog: false
		});
		let elapsed = 0;
		for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
			expect(await worker.runOnce()).toEqual({ sent: 0, failed: 1 });
			elapsed += backoffDelayMs(attempt);
			time.set(elapsed);
		}
		time.set(elapsed + 24 * 60 * MINUTE);
		expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });
		expect((await rows(db))[0]).toMatchObject({
			attempts: MAX_ATTEMPTS,
			lastError: 'conn_refused',
			sentAt: null
		});
		expect(await outboxBacklog(db)).toEqual({ unsent: 1, abandoned: 1 });
		expect(lines.filter((l) => l.level === 'error').map((l) => l.message)).toEqual([
			'mail given up after too many attempts'
		]);
	});

	it('start() never overlaps runs and stop() waits for the run in flight', async () => {
		const smtp = await startSmtp({ delayMs: 150 });
		const db = testDb();
		const { logger } = captureLogger();
		for (const n of [1, 2, 3])
			await enqueueMail(db, { recipient: `p${n}@example.org`, subject: `s${n}`, text: 't' }, T0);
		const worker = new OutboxWorker(db, transportTo(smtp.port), {
			from: FROM,
			now: () => T0,
			logger,
			devLog: false
		});
		worker.start(5);
		while (smtp.stats.connections === 0) await new Promise((r) => setTimeout(r, 5));
		await worker.stop();
		// The run in flight finished its batch before stop() resolved.
		expect((await rows(db)).every((r) => r.sentAt !== null)).toBe(true);
		expect(smtp.received).toHaveLength(3);
		expect(smtp.stats.maxOpen).toBe(1);
		// Stopped: a new mail waits.
		await enqueueMail(db, { recipient: 'p4@example.org', subject: 's4', text: 't' }, T0);
		await new Promise((r) => setTimeout(r, 60));
		expect(smtp.received).toHaveLength(3);
		expect((await outboxBacklog(db)).unsent).toBe(1);
	});
});

describe('outbox rules', () => {
	it('a dedupe key queues a mail once, ever: one row, one mail', async () => {
		const smtp = await startSmtp();
		const db = testDb();
		const reminder = {
			recipient: 'r@example.org',
			subject: 'Rappel',
			text: 't',
			dedupeKey: 'PDP-DEDUPE01:reminder:2026-12-01T06:30Z'
		};
		expect(await enqueueMail(db, reminder, T0)).toBe(true);
		expect(await enqueueMail(db, { ...reminder, subject: 'Rappel bis' }, T0)).toBe(false);
		expect(await rows(db)).toHaveLength(1);
		const worker = new OutboxWorker(db, transportTo(smtp.port), {
			from: FROM,
			now: () => T0,
			logger: captureLogger().logger,
			devLog: false
		});
		expect(await worker.runOnce()).toEqual({ sent: 1, failed: 0 });
		expect(await enqueueMail(db, reminder, new Date(T0.getTime() + MINUTE))).toBe(false); // even once sent
		expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });
		expect(smtp.received).toHaveLength(1);
		expect(parseMessage(smtp.received[0]!.raw).subject).toBe('Rappel');
		// Mails without a key are never deduplicated.
		expect(await enqueueMail(db, { recipient: 'r@example.org', subject: 'x', text: 't' }, T0)).toBe(
			true
		);
		expect(await enqueueMail(db, { recipient: 'r@example.org', subject: 'x', text: 't' }, T0)).toBe(
			true
		);
	});

	it("is written in the caller's transaction: a rolled-back booking leaves no mail", async () => {
		const db = testDb();
		await expect(
			db.transaction(async (tx) => {
				expect(
					await enqueueMail(tx, { recipient: 'r@example.org', subject: 's', text: 't' }, T0)
				).toBe(true);
				throw new Error('booking failed');
			})
		).rejects.toThrow('booking failed');
		expect(await rows(db)).toHaveLength(0);
		await db.transaction(async (tx) => {
			await enqueueMail(tx, { recipient: 'r@example.org', subject: 's', text: 't' }, T0);
		});
		expect(await rows(db)).toHaveLength(1);
	});

	it('refuses a recipient list or a header injection; flattens a subject to one line', async () => {
		const db = testDb();
		for (const recipient of [
			'a@example.org, b@example.org',
			'a@example.org\r\nBcc: b@example.org',
			'Nom <a@example.org>',
			'pas-une-adresse'
		]) {
			await expect(enqueueMail(db, { recipient, subject: 's', text: 't' }, T0)).rejects.toThrow(
				RangeError
			);
		}
		await enqueueMail(
			db,
			{ recipient: ' a@example.org ', subject: 'Objet\r\nBcc: x@example.org', text: 't' },
			T0
		);
		expect((await rows(db))[0]).toMatchObject({
			recipient: 'a@example.org',
			subject: 'Objet Bcc: x@example.org'
		});
	});

	it('backs off 1, 2, 4, 8… minutes, capped at one hour', async () => {
		expect([1, 2, 3, 4, 5, 6, 7, 8, 30].map((n) => backoffDelayMs(n) / MINUTE)).toEqual([
			1, 2, 4, 8, 16, 32, 60, 60, 60
		]);
		const db = testDb();
		await enqueueMail(db, { recipient: 'r@example.org', subject: 's', text: 't' }, T0);
		const id = (await rows(db))[0]!.id;
		expect(await markFailed(db, id, T0, 'timeout')).toEqual({
			attempts: 1,
			nextAttemptAt: new Date(T0.getTime() + MINUTE),
			abandoned: false
		});
		expect(await dueMails(db, new Date(T0.getTime() + MINUTE - 1), 10)).toHaveLength(0);
		expect(await dueMails(db, new Date(T0.getTime() + MINUTE), 10)).toHaveLength(1);
		expect((await markFailed(db, id, T0, 'timeout'))?.nextAttemptAt).toEqual(
			new Date(T0.getTime() + 2 * MINUTE)
		);
		expect(await markFailed(db, 9999, T0, 'timeout')).toBeUndefined();
	});

	it("purges sent mails after a while and erases a person's mails on request", async () => {
		const db = testDb();
		await enqueueMail(db, { recipient: 'old@example.org', subject: 's', text: 't' }, T0);
		await enqueueMail(db, { recipient: 'pending@example.org', subject: 's', text: 't' }, T0);
		await enqueueMail(db, { recipient: 'pending@example.org', subject: 's2', text: 't' }, T0);
		await db.update(outbox).set({ sentAt: T0 }).where(eq(outbox.recipient, 'old@example.org'));
		expect(await purgeSentMails(db, T0)).toBe(0);
		expect(await purgeSentMails(db, new Date(T0.getTime() + 1))).toBe(1);
		expect(await deleteMailsTo(db, 'pending@example.org')).toBe(2);
		expect(await rows(db)).toHaveLength(0);
	});

	it('classifies sending errors into short codes without any message', () => {
		expect(
			classifySendError(
				Object.assign(new Error('connect ECONNREFUSED 1.2.3.4:25'), {
					code: 'ESOCKET',
					errno: -111
				})
			)
		).toBe('conn_refused');
		expect(
			classifySendError(Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' }))
		).toBe('timeout');
		expect(
			classifySendError(Object.assign(new Error('x'), { code: 'EAUTH', responseCode: 535 }))
		).toBe('auth_535');
		expect(
			classifySendError(Object.assign(new Error('x'), { code: 'EENVELOPE', responseCode: 550 }))
		).toBe('smtp_5xx_550');
		expect(classifySendError(Object.assign(new Error('x'), { code: 'EDNS' }))).toBe('dns');
		expect(classifySendError('weird')).toBe('unknown');
	});
});

describe('without SMTP', () => {
	it('createTransport is null without SMTP_HOST', () => {
		expect(createTransport(parseEnv({}))).toBeNull();
	});

	it('in production: mails stay queued and one warning gives the backlog', async () => {
		const db = testDb();
		const { logger, lines } = captureLogger();
		await enqueueMail(
			db,
			{ recipient: 'helene@example.org', ...sampleConfirmation('PDP-NOSMTP01') },
			T0
		);
		await enqueueMail(db, { recipient: 'b@example.org', subject: 's', text: 't' }, T0);
		const worker = createOutboxWorker(db, parseEnv({ NODE_ENV: 'production' }), logger);
		expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });
		expect(await worker.runOnce()).toEqual({ sent: 0, failed: 0 });
		expect((await rows(db)).every((r) => r.sentAt === null && r.attempts === 0)).toBe(true);
		expect(lines).toEqual([
			{
				level: 'warn',
				message: 'SMTP_HOST is not set: e-mails stay in the outbox',
				fields: { backlog: 2 }
			}
		]);
	});

	it('in development: each mail is announced once in the debug log by its id only (no recipient, subject or text) and stays queued', async () => {
		const db = testDb();
		const { logger, lines } = captureLogger();
		const mail = sampleConfirmation('PDP-DEVLOG01');
		await enqueueMail(db, { recipient: 'helene@example.org', ...mail }, T0);
		const worker = createOutboxWorker(db, parseEnv({ NODE_ENV: 'development' }), logger);
		await worker.runOnce();
		await enqueueMail(
			db,
			{ recipient: 'b@example.org', subject: 'second', text: 'texte du second' },
			T0
		);
		await worker.runOnce();
		await worker.runOnce();
		const ids = (await db.select({ id: outbox.id }).from(outbox).orderBy(outbox.id)).map(
			(row) => row.id
		);
		expect(ids).toHaveLength(2);
		expect(lines.map((l) => [l.level, l.fields?.outboxId])).toEqual(ids.map((id) => ['debug', id]));
		const logged = JSON.stringify(lines);
		expect(logged).not.toContain('@example.org');
		expect(logged).not.toContain(mail.subject);
		expect(logged).not.toContain('PDP-DEVLOG01');
		expect(logged).not.toContain('second');
		expect((await outboxBacklog(db)).unsent).toBe(2);
	});
});

describe('département notification', () => {
	it('carries no personal or health data, even when built from a demande that has them', async () => {
		const db = testDb();
		const result = scoreAnswers(sampleAnswers, 'salarie');
		const [demande] = await db
			.insert(demandes)
			.values({
				reference: 'PDP-NOTIF001',
				kind: 'rendez_vous',
				departementCode: '974',
				source: 'medecin_traitant',
				nom: 'Grondin-Secretnom',
				prenom: 'Ophélie-Secretprenom',
				email: 'ophelie.secret@example.org',
				telephone: '0692 12 34 56',
				nir: '2 85 05 97 412 345 67',
				message: 'Hernie discale, dépression depuis mon licenciement',
				shareResult: true,
				questionnaireVersion: result.questionnaireVersion,
				profile: sampleProfile,
				answers: sampleAnswers,
				result,
				manageTokenHash: 'f'.repeat(64),
				locale: 'en',
				createdAt: T0,
				dueAt: T0
			})
			.returning();

		// A careless caller passing the whole row: only the listed fields are read.
		const mail = departementNotificationMail({
			...demande!,
			event: 'nouvelle',
			mode: 'telephone',
			start: new Date('2026-12-01T06:30:00Z'),
			timeZone: 'Indian/Reunion',
			departementName: 'La Réunion',
			backOfficeUrl: 'https://portail-pdp.example/agents/demandes/PDP-NOTIF001'
		});
		const smtp = await startSmtp();
		await enqueueMail(db, { recipient: 'service-social-974@example.org', ...mail }, T0);
		const worker = new OutboxWorker(db, transportTo(smtp.port), {
			from: FROM,
			now: () => T0,
			logger: captureLogger().logger,
			devLog: false
		});
		expect(await worker.runOnce()).toEqual({ sent: 1, failed: 0 });
		const received = parseMessage(smtp.received[0]!.raw);
		const everything =
			`${received.subject}\n${textOf(received)}\n${JSON.stringify(await rows(db))}`.replace(
				/service-social-974@example\.org/g,
				''
			);

		expect(received.subject).toBe('Portail PDP – nouvelle demande PDP-NOTIF001');
		expect(textOf(received)).toContain(
			'Une nouvelle demande PDP-NOTIF001 (rendez-vous) vous attend.'
		);
		expect(textOf(received)).toContain('https://portail-pdp.example/agents/demandes/PDP-NOTIF001');
		expect(received.parts).toHaveLength(1); // no attachment
		const forbidden = [
			'Grondin',
			'Ophélie',
			'Secret',
			'ophelie',
			'0692',
			'12 34 56',
			'412 345',
			'Hernie',
			'dépression',
			'licenciement',
			...Object.keys(sampleAnswers),
			...Object.values(sampleAnswers).filter((v): v is string => typeof v === 'string'),
			...Object.values(sampleProfile),
			'faible',
			'modere',
			'modéré',
			'eleve',
			'élevé',
			'score',
			'Hello' // the person's locale is not used: always French
		];
		for (const word of forbidden)
			expect(everything.toLowerCase(), word).not.toContain(word.toLowerCase());
	});
});
