import { describe, expect, it } from 'vitest';
import { eq, like } from 'drizzle-orm';
import { demandes, outbox, suivis } from '$lib/server/db/schema';
import { newManageToken, type BookingService, type Contact } from '$lib/server/booking/service';
import { OutboxWorker, type MailLogger } from '$lib/server/mail/worker';
import { withdrawSuiviConsent } from '$lib/server/suivi/consent';
import { runSuivis, type SuiviConfig } from '$lib/server/suivi/job';
import { hashToken } from '$lib/server/tokens';
import { parseEnv } from '$lib/server/env';
import { SUIVI_CONSENT_VERSION } from '$lib/suivi/situation';
import type { Db } from '$lib/server/db/index';
import { bookingWorld } from '../helpers/booking';
import { parseMessage, startSmtp, textOf, transportTo } from '../helpers/smtp';

// Monday 23 November 2026, 10:00 in Paris.
const T0 = new Date('2026-11-23T09:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const silent: MailLogger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
const config: SuiviConfig = { months: 6, baseUrl: 'https://portail.example', isDemo: false };

const person = (prenom: string, email: string | null, telephone: string | null): Contact => ({
	nom: 'Grondin',
	prenom,
	email,
	telephone,
	nir: null,
	message: null
});

async function book(service: BookingService, contact: Contact, suiviConsent: boolean) {
	const slot = (await service.freeSlots('974', 'telephone'))[0]!;
	const token = newManageToken();
	const outcome = await service.book({
		departementCode: '974',
		source: 'moi_meme',
		contact,
		share: null,
		locale: 'fr',
		token,
		agendaId: slot.agendaId,
		start: slot.start,
		suiviConsent
	});
	if (!outcome.ok) throw new Error('booking failed');
	return { demande: outcome.demande, token };
}

const close = async (db: Db, id: number, at: Date) =>
	await db
		.update(demandes)
		.set({ status: 'cloturee', closedAt: at, outcome: 'emploi_poste_amenage' })
		.where(eq(demandes.id, id));

const suiviMessages = async (db: Db) =>
	await db.select().from(outbox).where(like(outbox.dedupeKey, '%suivi%')).orderBy(outbox.id);

describe('the 6-month follow-up job', () => {
	it('records the consent with its date and wording version, and none when not given', async () => {
		const { db, service } = await bookingWorld(T0);
		const agreed = await book(service, person('Agathe', 'agathe@example.org', null), true);
		const refused = await book(service, person('Bruno', 'bruno@example.org', null), false);
		const row = async (id: number) =>
			(await db.select().from(demandes).where(eq(demandes.id, id)))[0]!;
		expect(await row(agreed.demande.id)).toMatchObject({
			suiviConsentAt: T0,
			suiviConsentVersion: SUIVI_CONSENT_VERSION,
			suiviConsentWithdrawnAt: null
		});
		expect(await row(refused.demande.id)).toMatchObject({
			suiviConsentAt: null,
			suiviConsentVersion: null
		});
	});

	it('writes 6 months after closure only to people who agreed and did not withdraw, once, then reminds once after 10 days', async () => {
		const smtp = await startSmtp();
		const { db, service } = await bookingWorld(T0);
		const agreed = await book(service, person('Agathe', 'agathe@example.org', '0692123456'), true);
		const refused = await book(service, person('Bruno', 'bruno@example.org', '0692123457'), false);
		const withdrawn = await book(service, person('Chloé', 'chloe@example.org', '0692123458'), true);
		const closedAt = new Date(T0.getTime() + 2 * DAY);
		for (const { demande } of [agreed, refused, withdrawn]) await close(db, demande.id, closedAt);
		expect(await withdrawSuiviConsent(db, withdrawn.demande.id, closedAt)).toBe(true);
		expect(await withdrawSuiviConsent(db, refused.demande.id, closedAt)).toBe(false);

		// Five months on: too early.
		expect(await runSuivis(db, config, new Date(closedAt.getTime() + 150 * DAY))).toEqual({
			sent: 0,
			reminded: 0
		});
		// Six months and an hour after closure (23 May 2027 + 2 days).
		const due = new Date('2027-05-25T10:00:00Z');
		expect(await runSuivis(db, config, due)).toEqual({ sent: 1, reminded: 0 });
		expect(await runSuivis(db, config, new Date(due.getTime() + 3_600_000))).toEqual({
			sent: 0,
			reminded: 0
		});
		const messages = await suiviMessages(db);
		expect(messages.map((m) => [m.channel, m.recipient, m.dedupeKey])).toEqual([
			['email', 'agathe@example.org', `${agreed.demande.reference}:suivi`],
			['sms', '+262692123456', `${agreed.demande.reference}:sms:suivi`]
		]);
		// The link's token is sealed, never in the text at rest.
		expect(
			messages.every((m) => m.sealedToken !== null && !/suivi\/[a-z2-7]{32}/.test(m.text))
		).toBe(true);
		const suivi = await db.select().from(suivis);
		expect(suivi).toHaveLength(1);
		expect(suivi[0]).toMatchObject({
			demandeId: agreed.demande.id,
			sentAt: due,
			expiresAt: new Date(due.getTime() + 60 * DAY),
			answeredAt: null
		});

		let workerNow = due;
		// Sent through a real SMTP server: the link works (its token hashes to the row's).
		const worker = new OutboxWorker(db, transportTo(smtp.port), {
			from: 'Portail PDP <ne-pas-repondre@portail-pdp.example>',
			now: () => workerNow,
			logger: silent,
			devLog: false
		});
		await worker.runOnce();
		const toAgathe = () =>
			smtp.received
				.filter((m) => m.to.includes('agathe@example.org'))
				.map((m) => textOf(parseMessage(m.raw)))
				.filter((text) => text.includes('/suivi/'));
		const text = toAgathe()[0]!;
		expect(text).toContain('Bonjour Agathe,');
		expect(text).toContain(agreed.demande.reference);
		const token = /https:\/\/portail\.example\/suivi\/([a-z2-7]{32})/.exec(text)?.[1];
		expect(token && hashToken(token)).toBe(suivi[0]!.tokenHash);
		expect(
			smtp.received.some((m) => /bruno|chloe/.test(m.to.join()) && m.raw.includes('/suivi/'))
		).toBe(false);

		// Nine days on: no reminder yet; ten: one, with the same link; never a second.
		expect((await runSuivis(db, config, new Date(due.getTime() + 9 * DAY))).reminded).toBe(0);
		expect((await runSuivis(db, config, new Date(due.getTime() + 10 * DAY))).reminded).toBe(1);
		expect((await runSuivis(db, config, new Date(due.getTime() + 11 * DAY))).reminded).toBe(0);
		const reminders = (await suiviMessages(db)).filter((m) => m.dedupeKey?.endsWith(':rappel'));
		expect(reminders.map((m) => m.channel)).toEqual(['email', 'sms']);
		expect((await db.select().from(suivis))[0]?.sealedToken).toBeNull();
		workerNow = new Date(due.getTime() + 11 * DAY);
		await worker.runOnce();
		expect(toAgathe()).toHaveLength(2);
		expect(toAgathe()[1]).toContain('Nous vous avons écrit il y a quelques jours');
		expect(toAgathe()[1]).toContain(`https://portail.example/suivi/${token}`);
		// Nobody else, ever.
		expect((await suiviMessages(db)).every((m) => m.demandeId === agreed.demande.id)).toBe(true);
	});

	it('follows up an open demande 6 months after its rendez-vous, and never a demande that ended long before', async () => {
		const { db, service } = await bookingWorld(T0);
		const open = await book(service, person('Agathe', 'agathe@example.org', null), true);
		const old = await book(service, person('Denise', 'denise@example.org', null), true);
		await close(db, old.demande.id, new Date(T0.getTime() - 100 * DAY));
		// The rendez-vous is within days of T0; 6 months and 20 days later.
		const later = new Date(T0.getTime() + 205 * DAY);
		expect((await runSuivis(db, config, later)).sent).toBe(1);
		expect((await db.select().from(suivis)).map((s) => s.demandeId)).toEqual([open.demande.id]);
	});

	it('stops everything for a person who withdraws after the message: no reminder, the unsent messages go', async () => {
		const { db, service } = await bookingWorld(T0);
		const agreed = await book(service, person('Agathe', 'agathe@example.org', null), true);
		await close(db, agreed.demande.id, T0);
		const due = new Date(T0.getTime() + 185 * DAY);
		expect((await runSuivis(db, config, due)).sent).toBe(1);
		expect(await withdrawSuiviConsent(db, agreed.demande.id, due)).toBe(true);
		expect(await suiviMessages(db)).toEqual([]);
		expect(await db.select().from(suivis)).toEqual([]);
		expect(await runSuivis(db, config, new Date(due.getTime() + 10 * DAY))).toEqual({
			sent: 0,
			reminded: 0
		});
	});
});

describe('SUIVI_MONTHS', () => {
	it('defaults to 6 and accepts 3 to 12 months only, naming the variable otherwise', () => {
		expect(parseEnv({}).SUIVI_MONTHS).toBe(6);
		expect(parseEnv({ SUIVI_MONTHS: '3' }).SUIVI_MONTHS).toBe(3);
		expect(parseEnv({ SUIVI_MONTHS: '12' }).SUIVI_MONTHS).toBe(12);
		expect(() => parseEnv({ SUIVI_MONTHS: '2' })).toThrow(/SUIVI_MONTHS/);
		expect(() => parseEnv({ SUIVI_MONTHS: '13' })).toThrow(/SUIVI_MONTHS/);
	});
});
