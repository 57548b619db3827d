/**
 * security review (docs/security-review-2026-12.md) findings 1, 2 and 7 (ADR 024, ADR 025), over a real migrated SQLite file and a real
 * local SMTP server:
 * - an orientation's form key (held by the professional, maybe an employer) opens nothing;
 * - links in e-mails and QR codes never follow the request's Host header;
 * - a copy of the database file yields no working manage or staff link, before or after sending.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isRedirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { demandes, outbox } from '$lib/server/db/schema';
import { seedDemoData } from '$lib/server/db/seed';
import { closeDb, getDb } from '$lib/server/db/client';
import { createI18n } from '$lib/server/i18n';
import { findSetupLink } from '$lib/server/auth/accounts';
import { requestPasswordReset } from '$lib/server/auth/reset';
import { BookingService, newManageToken } from '$lib/server/booking/service';
import { createBookingEvents } from '$lib/server/booking/events';
import { OutboxWorker, type MailLogger } from '$lib/server/mail/worker';
import { hashToken } from '$lib/server/tokens';
import { enqueueMail } from '$lib/server/mail/outbox';
import { LINK_TOKEN } from '$lib/server/mail/seal';
import { actions as orientationActions } from '../../src/routes/professionnels/orienter/+page.server';
import { actions as forgotActions } from '../../src/routes/espace-pro/mot-de-passe-oublie/+page.server';
import { linkView } from '../../src/routes/professionnels/links.server';
import { parseMessage, startSmtp, textOf, transportTo } from '../helpers/smtp';
import { smppTo, startSmpp } from '../helpers/smpp';
import { SmppTransport } from '$lib/server/sms/transport';
import { SmsWorker } from '$lib/server/sms/worker';
import { sqliteOf } from '../../src/lib/server/db/index';
import { testDatabaseUrl } from '../helpers/db';

const FROM = 'Portail PDP <ne-pas-repondre@portail-pdp.example>';
const silent: MailLogger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
const AGENT = 'agent.69@demo.portail-pdp.invalid';
const EVIL = 'https://evil.example';

function jar(): Cookies {
	const values = new Map<string, string>();
	return {
		get: (name: string) => values.get(name),
		getAll: () => [...values].map(([name, value]) => ({ name, value })),
		set: (name: string, value: string) => void values.set(name, value),
		delete: (name: string) => void values.delete(name),
		serialize: () => ''
	} as unknown as Cookies;
}

let file = '';
// The actions use the process-wide database: a private copy of the migrated base. Neither
// PUBLIC_URL nor ORIGIN is set, as with `node scripts/serve.js` before the fix.
beforeAll(async () => {
	file = await testDatabaseUrl();
	process.env.DATABASE_URL = file;
	delete process.env.PUBLIC_URL;
	delete process.env.ORIGIN;
	await seedDemoData(getDb(), { onlyIfEmpty: false });
});
afterAll(closeDb);

const db = () => getDb();
const service = () => new BookingService(db(), createBookingEvents());

beforeEach(async () => {
	await db().delete(outbox);
	await db().delete(demandes);
});

/** Posts a form to a real action, as a browser on `origin` (Host header included). */
async function post(
	action: (event: never) => unknown,
	path: string,
	fields: Record<string, string>,
	origin = EVIL
) {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.set(name, value);
	const url = new URL(path, origin);
	const event = {
		request: new Request(url, { method: 'POST', body, headers: { host: url.host, origin } }),
		url,
		cookies: jar(),
		locals: { locale: 'fr', t: createI18n('fr').t, requestId: 'test', staff: null },
		setHeaders: () => {},
		getClientAddress: () => '203.0.113.9'
	} as unknown as RequestEvent;
	try {
		const result = (await action(event as never)) as { status: number };
		return { status: result.status, location: undefined };
	} catch (thrown) {
		if (isRedirect(thrown)) return { status: thrown.status, location: thrown.location };
		throw thrown;
	}
}

const orientation = {
	type: 'employeur',
	proNom: 'Marc Patron',
	proStructure: 'Entreprise Dupuis',
	proEmail: 'rh@dupuis.example',
	proTelephone: '',
	nom: 'Dupont',
	prenom: 'Jeanne',
	email: 'jeanne.dupont@example.org',
	telephone: '06 12 34 56 78',
	departement: '69',
	motif: 'Arrêt long.',
	accord: 'oui',
	website: ''
};

/** Every 32-character run of the token alphabet in a text (the shape of every bearer token). */
const candidates = (text: string) => new Set(text.match(/[a-z2-7]{32}/g) ?? []);

/**
 * What an attacker holding only a copy of the database file could try: every token-shaped
 * string in every text column of every table, and in the file's raw bytes (freed pages
 * included). Returns those that open a manage page or a staff activation/reset link.
 */
async function workingLinksIn(copy: string): Promise<string[]> {
	const found = new Set<string>();
	const raw = new Database(copy, { readonly: true });
	const tables = raw
		.prepare("select name from sqlite_master where type = 'table'")
		.pluck()
		.all() as string[];
	for (const table of tables) {
		for (const row of raw.prepare(`select * from "${table}"`).all() as Record<string, unknown>[]) {
			for (const value of Object.values(row))
				if (typeof value === 'string') for (const c of candidates(value)) found.add(c);
		}
	}
	raw.close();
	for (const c of candidates(readFileSync(copy, 'latin1'))) found.add(c);
	const live: string[] = [];
	for (const token of found)
		if (
			(await service().findByToken(token)) !== undefined ||
			(await findSetupLink(db(), token)) !== undefined
		)
			live.push(token);
	return live;
}

/** A consistent copy of the database file, as a backup or a thief would take it. */
function copyOfDatabase(name: string): string {
	sqliteOf(db()).pragma('wal_checkpoint(TRUNCATE)');
	const copy = `tests/.tmp/vitest/sec-links-${process.pid}-${name}.db`;
	copyFileSync(file, copy);
	return copy;
}

describe('item 1: an orientation gives its sender nothing usable', () => {
	it("the professional's form key is an idempotency key only: it opens no manage page, a replay creates nothing", async () => {
		const key = newManageToken();
		const first = await post(orientationActions.default!, '/professionnels/orienter', {
			...orientation,
			token: key
		});
		expect(first).toEqual({ status: 303, location: '/professionnels/orienter/merci' });
		const rows = await db().select().from(demandes);
		expect(rows).toHaveLength(1);
		expect(rows[0]!.orienteur?.email).toBe('rh@dupuis.example');
		// The key the sender holds (and could replay) is not the manage token.
		expect(await service().findByToken(key)).toBeUndefined();
		expect(rows[0]!.manageTokenHash).not.toBe(hashToken(key));
		// Replayed: still one demande, still no manage link for the sender.
		expect(
			await post(orientationActions.default!, '/professionnels/orienter', {
				...orientation,
				token: key
			})
		).toEqual(first);
		expect(await db().select().from(demandes)).toHaveLength(1);
		// The acknowledgement holds no link and nothing about the person.
		const ack = (await db().select().from(outbox)).find(
			(m) => m.recipient === 'rh@dupuis.example'
		)!;
		expect(ack.text).not.toMatch(/gerer|[a-z2-7]{32}|Dupont|Jeanne|Arrêt/);
		expect(await workingLinksIn(copyOfDatabase('orientation'))).toEqual([]);
	});

	it("the person's own booking form still gives them their manage link (their key is theirs)", async () => {
		const token = newManageToken();
		const slot = (await service().freeSlots('69', 'telephone'))[0]!;
		const outcome = await service().book({
			departementCode: '69',
			source: 'moi_meme',
			contact: {
				nom: 'Martin',
				prenom: 'Paul',
				email: null,
				telephone: '0612345678',
				nir: null,
				message: null
			},
			share: null,
			locale: 'fr',
			token,
			agendaId: slot.agendaId,
			start: slot.start
		});
		expect(outcome.ok).toBe(true);
		expect((await service().findByToken(token))?.reference).toBe(
			outcome.ok ? outcome.demande.reference : ''
		);
	});
});

describe("item 2: links are never built on the request's Host", () => {
	it('a password reset asked through Host: evil.example mails a link to the configured public URL', async () => {
		const answer = await post(forgotActions.default!, '/espace-pro/mot-de-passe-oublie', {
			email: AGENT
		});
		expect(answer).toEqual({ status: 303, location: '/espace-pro/mot-de-passe-oublie?envoye=1' });
		const [mail] = await db().select().from(outbox);
		expect(mail!.recipient).toBe(AGENT);
		expect(mail!.text).not.toContain('evil.example');
		expect(mail!.text).toMatch(/http:\/\/localhost:\d+\/espace-pro\/activation\//);
	});

	it('the QR code and the printed link of a request to evil.example point to the public URL', () => {
		const url = new URL('/professionnels?type=medecin-traitant', EVIL);
		const view = linkView({ url, locals: { t: createI18n('fr').t } } as never);
		expect(view.url).toMatch(/^http:\/\/localhost:\d+\/questionnaire\?source=medecin-traitant$/);
		expect(view.svg).not.toContain('evil.example');
	});
});

describe('item 7: a copy of the database file yields no working link', () => {
	it('after a booking, a callback, a move, a cancellation and reset requests: nothing works, queued or sent', async () => {
		const events = createBookingEvents({
			baseUrl: 'https://portail.example',
			isDemo: false,
			now: () => new Date()
		});
		const booking = new BookingService(db(), events);
		const person = {
			nom: 'Martin',
			prenom: 'Paul',
			email: 'paul.martin@example.org',
			telephone: '0612345678',
			nir: null,
			message: null
		};
		const [first, second] = await booking.freeSlots('69', 'telephone');
		const booked = newManageToken();
		expect(
			(
				await booking.book({
					departementCode: '69',
					source: 'moi_meme',
					contact: person,
					share: null,
					locale: 'fr',
					token: booked,
					agendaId: first!.agendaId,
					start: first!.start
				})
			).ok
		).toBe(true);
		expect((await booking.move(booked, second!.agendaId, second!.start)).ok).toBe(true);
		const cancelled = newManageToken();
		const [third] = await booking.freeSlots('01', 'telephone');
		await booking.book({
			departementCode: '01',
			source: 'moi_meme',
			contact: person,
			share: null,
			locale: 'en',
			token: cancelled,
			agendaId: third!.agendaId,
			start: third!.start
		});
		expect((await booking.cancel(cancelled)).ok).toBe(true);
		const callback = newManageToken();
		await booking.requestCallback({
			departementCode: '69',
			source: 'moi_meme',
			contact: person,
			share: null,
			locale: 'fr',
			token: callback,
			sansCreneau: true
		});
		await requestPasswordReset(db(), AGENT, {
			baseUrl: 'https://portail.example',
			isDemo: false,
			locale: 'fr'
		});
		await requestPasswordReset(db(), 'admin@demo.portail-pdp.invalid', {
			baseUrl: 'https://portail.example',
			isDemo: false,
			locale: 'en'
		});
		expect(
			(await db().select().from(outbox)).filter(
				(m) => m.channel === 'email' && !m.recipient.startsWith('service-social')
			)
		).toHaveLength(7);

		// Queued, not sent (no SMTP yet): the file holds no working link.
		expect(await workingLinksIn(copyOfDatabase('queued'))).toEqual([]);

		// Sent: the mails carry working links, the file still none.
		const smtp = await startSmtp();
		const worker = new OutboxWorker(db(), transportTo(smtp.port), {
			from: FROM,
			now: () => new Date(),
			logger: silent,
			devLog: false
		});
		expect(await worker.runOnce()).toMatchObject({ failed: 0 });
		const texts = smtp.received.map((m) => {
			const message = parseMessage(m.raw);
			return [textOf(message), ...message.parts.map((p) => p.body.toString('utf8'))]
				.join('\n')
				.replace(/\r\n[ \t]/g, '');
		});
		const delivered = [
			...new Set(
				texts.flatMap((text) =>
					[
						...text.matchAll(/\/(?:rendez-vous\/gerer|espace-pro\/activation)\/([a-z2-7]{32})/g)
					].map((m) => m[1]!)
				)
			)
		];
		const staffLinks: string[] = [];
		for (const t of delivered) if ((await findSetupLink(db(), t)) !== undefined) staffLinks.push(t);
		expect(staffLinks).toHaveLength(2);
		expect(new Set(delivered)).toEqual(new Set([booked, cancelled, callback, ...staffLinks]));
		// The SMS (ADR 041) carry the same links behind /g/, sealed the same way.
		const gateway = await startSmpp();
		const sms = new SmsWorker(db(), new SmppTransport(smppTo(gateway.port), () => undefined), {
			logger: silent
		});
		expect(await sms.runOnce()).toMatchObject({ failed: 0 });
		await sms.stop();
		const texted = gateway.received.flatMap((m) =>
			[...m.text.matchAll(/\/g\/([a-z2-7]{32})/g)].map((match) => match[1]!)
		);
		expect(new Set(texted)).toEqual(new Set([booked, cancelled]));
		expect(await workingLinksIn(copyOfDatabase('sent'))).toEqual([]);
		expect(
			(await db().select().from(outbox)).every((m) => m.sentAt !== null && m.sealedToken === null)
		).toBe(true);
	});

	it('a mail whose link key was replaced is not sent with a dead link: it fails with link_key and is retried', async () => {
		await enqueueMail(
			db(),
			{
				recipient: 'paul.martin@example.org',
				subject: 'Lien',
				text: `https://portail.example/rendez-vous/gerer/${LINK_TOKEN}`,
				token: newManageToken()
			},
			new Date()
		);
		const smtp = await startSmtp();
		const worker = new OutboxWorker(db(), transportTo(smtp.port), {
			from: FROM,
			now: () => new Date(),
			logger: silent,
			devLog: false,
			linkKey: () => randomBytes(32)
		});
		expect(await worker.runOnce()).toEqual({ sent: 0, failed: 1 });
		expect(smtp.received).toEqual([]);
		expect(await db().select().from(outbox)).toMatchObject([
			{ sentAt: null, attempts: 1, lastError: 'link_key' }
		]);
	});
});
