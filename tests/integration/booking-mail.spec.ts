import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { demandes, outbox } from '$lib/server/db/schema';
import { BookingService, newManageToken, type Contact } from '$lib/server/booking/service';
import { queueReminders } from '$lib/server/booking/events';
import { OutboxWorker, type MailLogger } from '$lib/server/mail/worker';
import { scoreAnswers } from '$lib/scoring/score';
import { bookFirstSlot, bookingWorld } from '../helpers/booking';
import { parseMessage, startSmtp, textOf, transportTo } from '../helpers/smtp';
import { sampleAnswers, sampleProfile } from '../fixtures/answers';

// Monday 23 November 2026, 10:00 in Paris.
const T0 = new Date('2026-11-23T09:00:00Z');
const FROM = 'Portail PDP <ne-pas-repondre@portail-pdp.example>';
const contact: Contact = {
	nom: 'Payet',
	prenom: 'Josiane',
	email: 'josiane.payet@example.org',
	telephone: '0692000000',
	nir: '285057800608431',
	message: 'Mal au dos depuis mon accident, je ne sais pas si je pourrai reprendre.'
};
const share = {
	questionnaireVersion: '2026.1',
	profile: sampleProfile,
	answers: sampleAnswers,
	result: scoreAnswers(sampleAnswers, 'salarie')
};
const silent: MailLogger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

const setup = () => bookingWorld(T0);

const bookFirst = (service: BookingService, departementCode = '974') =>
	bookFirstSlot(service, departementCode, contact, { share, source: 'medecin_traitant' });

describe('booking e-mails through a real SMTP server', () => {
	it('sends the confirmation with a valid .ics and the manage link, and a notification without health or personal data', async () => {
		const smtp = await startSmtp();
		const { db, service, at } = await setup();
		const { demande, token } = await bookFirst(service);
		const worker = new OutboxWorker(db, transportTo(smtp.port), {
			from: FROM,
			now: at,
			logger: silent,
			devLog: false
		});
		expect(await worker.runOnce()).toMatchObject({ sent: 2, failed: 0 });

		const toPerson = smtp.received.find((m) => m.to.includes(contact.email!));
		const toTeam = smtp.received.find((m) =>
			m.to.includes('service-social-974@demo.portail-pdp.invalid')
		);
		expect(toPerson && toTeam).toBeTruthy();

		const confirmation = parseMessage(toPerson!.raw);
		const text = textOf(confirmation);
		expect(text).toContain(demande.reference);
		expect(text).toContain(`https://portail.example/rendez-vous/gerer/${token}`);
		// 05:00 UTC is 09:00 in La Réunion.
		expect(text).toContain('mardi 24 novembre 2026');
		expect(text).toMatch(/\b9 h\b/);
		expect(text).toContain('heure de La Réunion');
		const ics = confirmation.parts.find((p) =>
			(p.headers.get('content-type') ?? '').startsWith('text/calendar')
		);
		const calendar = ics!.body.toString('utf8');
		expect(calendar).toMatch(/^BEGIN:VCALENDAR\r\n/);
		expect(calendar).toContain('DTSTART:20261124T050000Z');
		expect(calendar).toContain(`UID:${demande.reference}@portail-pdp`);
		expect(calendar).toContain('METHOD:REQUEST');
		expect(calendar.trimEnd()).toMatch(/END:VCALENDAR$/);

		const notification = textOf(parseMessage(toTeam!.raw)) + parseMessage(toTeam!.raw).subject;
		expect(notification).toContain(demande.reference);
		expect(notification).toContain(
			`https://portail.example/espace-pro/demandes/${demande.reference}`
		);
		for (const secret of [
			'Payet',
			'Josiane',
			'josiane',
			'0692000000',
			'285057800608431',
			'accident',
			'dos',
			share.result.level,
			'modéré',
			'élevé'
		]) {
			expect(notification, secret).not.toContain(secret);
		}
		expect(toTeam!.raw).not.toContain('VCALENDAR');
	});

	it('confirms a booking during an SMTP outage and sends its mails after recovery', async () => {
		const smtp = await startSmtp();
		const port = smtp.port;
		await smtp.close();
		const { db, service, at, advance } = await setup();
		const { demande } = await bookFirst(service, '69');
		expect((await db.select().from(demandes).where(eq(demandes.id, demande.id)))[0]?.status).toBe(
			'nouvelle'
		);

		const down = new OutboxWorker(db, transportTo(port), {
			from: FROM,
			now: at,
			logger: silent,
			devLog: false
		});
		const failedRun = await down.runOnce();
		expect(failedRun.sent).toBe(0);
		expect(
			(await db.select().from(outbox).where(eq(outbox.channel, 'email'))).every(
				(m) => m.sentAt === null
			)
		).toBe(true);

		const back = await startSmtp({ port });
		advance(2 * 60 * 60 * 1000);
		const worker = new OutboxWorker(db, transportTo(back.port), {
			from: FROM,
			now: at,
			logger: silent,
			devLog: false
		});
		expect(await worker.runOnce()).toMatchObject({ sent: 2 });
		expect(back.received).toHaveLength(2);
		expect(
			(await db.select().from(outbox).where(eq(outbox.channel, 'email'))).every(
				(m) => m.sentAt !== null
			)
		).toBe(true);
	});

	it("queues move and cancellation mails and frees the slot; erasing deletes the person's mails", async () => {
		const { db, service } = await setup();
		const { demande, token, slot } = await bookFirst(service, '57');
		const next = (await service.freeSlots('57', 'telephone')).find((s) => s.start > slot.start)!;
		expect((await service.move(token, next.agendaId, next.start)).ok).toBe(true);
		expect((await service.cancel(token)).ok).toBe(true);
		const subjects = (await db.select().from(outbox).where(eq(outbox.channel, 'email'))).map(
			(m) =>
				`${m.recipient.startsWith('service-social') ? 'team' : 'person'}:${m.ics?.match(/METHOD:(\w+)/)?.[1] ?? '-'}:${m.ics?.match(/SEQUENCE:(\d+)/)?.[1] ?? '-'}`
		);
		expect(subjects).toEqual([
			'person:REQUEST:0',
			'team:-:-',
			'person:REQUEST:1',
			'team:-:-',
			'person:CANCEL:2',
			'team:-:-'
		]);
		expect((await service.erase(token)).ok).toBe(true);
		const left = await db.select().from(outbox);
		expect(left.some((m) => m.recipient === contact.email)).toBe(false);
		expect(left.every((m) => !m.text.includes('Payet'))).toBe(true);
		expect(left.at(-1)?.text).toContain(demande.reference);
	});

	it('queues one reminder the day before, whatever the number of runs', async () => {
		const { db, service, config, advance } = await setup();
		await bookFirst(service, '974'); // Tuesday 24 November, 09:00 in La Réunion
		// Monday 10:00 in Paris is Monday 13:00 in La Réunion: the rendez-vous is tomorrow there.
		expect(await queueReminders(db, config)).toBe(1);
		expect(await queueReminders(db, config)).toBe(0);
		advance(60 * 60 * 1000);
		expect(await queueReminders(db, config)).toBe(0);
		const reminders = (await db.select().from(outbox).where(eq(outbox.channel, 'email'))).filter(
			(m) => m.dedupeKey?.includes(':reminder:')
		);
		expect(reminders).toHaveLength(1);
		expect(reminders[0]!.text).not.toContain('/rendez-vous/gerer/');
	});

	it('does not remind a rendez-vous that is more than a day away', async () => {
		const { db, service, config } = await setup();
		const slots = await service.freeSlots('75', 'telephone');
		const later = slots.find((s) => s.date >= '2026-11-26')!;
		await service.book({
			departementCode: '75',
			source: 'moi_meme',
			contact,
			share: null,
			locale: 'en',
			token: newManageToken(),
			agendaId: later.agendaId,
			start: later.start
		});
		expect(await queueReminders(db, config)).toBe(0);
	});
});
