import { describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { auditLog, demandes, evenements, inscriptions, outbox } from '$lib/server/db/schema';
import { cancelInscription, eraseInscription, register } from '$lib/server/evenements/registration';
import {
	attendeeList,
	cancelEvenement,
	recordAttendance,
	sendFollowUp,
	updateEvenement
} from '$lib/server/evenements/staff';
import { evenementOfVisitor } from '$lib/server/evenements/follow-up';
import { funnelOf, purgeInscriptions, queueEvenementReminders } from '$lib/server/evenements/jobs';
import type { Db } from '$lib/server/db/index';
import { hashToken } from '$lib/server/tokens';
import { testDb } from '../helpers/db';
import { addStaff } from '../fixtures/staff';
import { evenementForm, publishedEvenement, registration } from '../fixtures/evenements';

// Monday 7 December 2026; the évènement is Thursday 10 December, 14:00 in La Réunion (10:00 UTC).
const T0 = new Date('2026-12-07T08:00:00Z');
const config = { baseUrl: 'https://pdp.example.org', isDemo: false };

function world() {
	const db = testDb();
	const responsable = addStaff(db, 'Payet', 'responsable', ['974'], T0);
	const id = publishedEvenement(db, responsable, T0);
	return { db, responsable, id };
}

const statusOf = (db: Db, id: number) =>
	db.select({ status: inscriptions.status }).from(inscriptions).where(eq(inscriptions.id, id)).get()
		?.status;
const mailsTo = (db: Db, prefix: string) =>
	db
		.select()
		.from(outbox)
		.where(like(outbox.dedupeKey, `${prefix}%`))
		.all();

describe('registration to an évènement', () => {
	it('confirms while seats are free, then puts people on the waiting list; a replay makes nothing twice', () => {
		const { db, id } = world();
		const first = registration(id);
		const outcomes = [first, registration(id), registration(id), registration(id)].map((input) =>
			register(db, config, input, T0)
		);
		expect(outcomes.map((o) => o.ok && o.value.inscription.status)).toEqual([
			'confirmee',
			'confirmee',
			'confirmee',
			'attente'
		]);
		const replay = register(db, config, first, T0);
		expect(replay.ok && replay.value.replayed).toBe(true);
		expect(db.select().from(inscriptions).all()).toHaveLength(4);
		const firstId = outcomes[0]!.ok ? outcomes[0]!.value.inscription.id : 0;
		const [mail] = mailsTo(db, `inscription:${firstId}:confirmation`);
		expect(mail?.text).toContain('https://visio.example.org/pdp-974');
		expect(mail?.text).toContain('/evenements/inscription/');
		expect(mail?.ics).toContain('DTSTART:20261210T100000Z');
		const waiting = outcomes[3]!.ok ? outcomes[3]!.value.inscription.id : 0;
		const [waitMail] = mailsTo(db, `inscription:${waiting}:attente`);
		expect(waitMail?.text).not.toContain('visio.example.org');
	});

	it('never gives more seats than the capacity when 100 people register at once for the last 3', async () => {
		const db = testDb();
		const responsable = addStaff(db, 'Payet', 'responsable', ['974'], T0);
		const id = publishedEvenement(db, responsable, T0, { capacity: '10' });
		for (let i = 0; i < 7; i++) register(db, config, registration(id), T0);
		const outcomes = await Promise.all(
			Array.from({ length: 100 }, () =>
				Promise.resolve().then(() => register(db, config, registration(id), T0))
			)
		);
		expect(outcomes.every((o) => o.ok)).toBe(true);
		const statuses = outcomes.map((o) => (o.ok ? o.value.inscription.status : 'refused'));
		expect(statuses.filter((s) => s === 'confirmee')).toHaveLength(3);
		expect(statuses.filter((s) => s === 'attente')).toHaveLength(97);
	});

	it('gives a freed seat to the first on the waiting list and tells them', () => {
		const { db, id } = world();
		const inputs = Array.from({ length: 5 }, () => registration(id));
		const ids = inputs.map((input) => {
			const outcome = register(db, config, input, T0);
			return outcome.ok ? outcome.value.inscription.id : 0;
		});
		expect(cancelInscription(db, config, inputs[1]!.token, T0)).toEqual({
			ok: true,
			value: { promoted: [ids[3]] }
		});
		expect(statusOf(db, ids[1]!)).toBe('annulee');
		expect(statusOf(db, ids[3]!)).toBe('confirmee');
		expect(statusOf(db, ids[4]!)).toBe('attente');
		expect(mailsTo(db, `inscription:${ids[3]}:promotion`)).toHaveLength(1);
		// Erasing a confirmed registration frees its seat too, and leaves nothing of it.
		expect(eraseInscription(db, config, inputs[0]!.token, T0).ok).toBe(true);
		expect(statusOf(db, ids[0]!)).toBeUndefined();
		expect(mailsTo(db, `inscription:${ids[0]}:`).filter((m) => m.sentAt === null)).toEqual([]);
		expect(statusOf(db, ids[4]!)).toBe('confirmee');
	});

	it('gives the seats of a larger capacity to the waiting list, in order, and tells them', () => {
		const { db, id, responsable } = world();
		const ids = Array.from({ length: 6 }, () => {
			const outcome = register(db, config, registration(id), T0);
			return outcome.ok ? outcome.value.inscription.id : 0;
		});
		expect(ids.map((i) => statusOf(db, i))).toEqual([
			'confirmee',
			'confirmee',
			'confirmee',
			'attente',
			'attente',
			'attente'
		]);
		expect(
			updateEvenement(db, config, responsable, id, evenementForm({ capacity: '5' }), T0)
		).toEqual({ ok: true, value: id });
		expect(ids.map((i) => statusOf(db, i))).toEqual([
			'confirmee',
			'confirmee',
			'confirmee',
			'confirmee',
			'confirmee',
			'attente'
		]);
		expect(mailsTo(db, `inscription:${ids[3]}:promotion`)).toHaveLength(1);
		expect(mailsTo(db, `inscription:${ids[4]}:promotion`)).toHaveLength(1);
		expect(mailsTo(db, `inscription:${ids[5]}:promotion`)).toHaveLength(0);
		const [line] = db.select().from(auditLog).where(eq(auditLog.action, 'evenement_update')).all();
		expect(line?.details).toMatchObject({ evenement: id, promoted: 2 });
		// A smaller capacity takes no seat back.
		expect(
			updateEvenement(db, config, responsable, id, evenementForm({ capacity: '2' }), T0).ok
		).toBe(true);
		expect(ids.slice(0, 5).map((i) => statusOf(db, i))).toEqual(Array(5).fill('confirmee'));
	});

	it('refuses a closed évènement, an employer where employers are not admitted, a draft', () => {
		const { db, id, responsable } = world();
		expect(register(db, config, registration(id), new Date('2026-12-09T15:00:00Z'))).toMatchObject({
			ok: false,
			reason: 'evenements:errors.closed',
			status: 409
		});
		expect(
			register(db, config, registration(id, { participantKind: 'employeur' }), T0)
		).toMatchObject({ ok: false, reason: 'evenements:errors.employers' });
		const invitation = publishedEvenement(db, responsable, T0, { invitationOnly: 'oui' });
		expect(register(db, config, registration(invitation), T0)).toMatchObject({
			ok: false,
			reason: 'evenements:errors.code'
		});
		const code = db
			.select({ code: evenements.invitationCode })
			.from(evenements)
			.where(eq(evenements.id, invitation))
			.get()!.code;
		expect(
			register(db, config, registration(invitation, { code: code.toLowerCase() }), T0).ok
		).toBe(true);
		expect(db.select().from(inscriptions).where(eq(inscriptions.evenementId, id)).all()).toEqual(
			[]
		);
	});
});

describe('an évènement from publication to its funnel', () => {
	it('reminds, takes attendance, sends the follow-up whose demande carries the évènement, then keeps counts only', () => {
		const { db, id, responsable } = world();
		const input = registration(id, { telephone: '+262692123456' });
		const registered = register(db, config, input, T0);
		const inscriptionId = registered.ok ? registered.value.inscription.id : 0;
		register(db, config, registration(id, { contactConsent: false }), T0);

		// The day before (Wednesday 9 December, local 08:00), then one hour before.
		expect(queueEvenementReminders(db, config, new Date('2026-12-09T04:00:00Z'))).toBe(2);
		expect(queueEvenementReminders(db, config, new Date('2026-12-09T05:00:00Z'))).toBe(0);
		expect(queueEvenementReminders(db, config, new Date('2026-12-10T09:10:00Z'))).toBe(2);
		expect(queueEvenementReminders(db, config, new Date('2026-12-10T09:20:00Z'))).toBe(0);
		const hour = mailsTo(db, `inscription:${inscriptionId}:rappelHeure`);
		expect(hour.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
		expect(hour.every((m) => m.text.includes('https://visio.example.org/pdp-974'))).toBe(true);

		const agent = addStaff(db, 'Grondin', 'agent', ['974'], T0);
		const other = addStaff(db, 'Martin', 'responsable', ['971'], T0);
		const during = new Date('2026-12-10T10:30:00Z');
		expect(attendeeList(db, other, id, during)).toMatchObject({ ok: false, status: 404 });
		const list = attendeeList(db, agent, id, during);
		expect(list.ok && list.value.inscriptions).toHaveLength(2);
		expect(
			db.select().from(auditLog).where(eq(auditLog.action, 'evenement_attendees_read')).all()
		).toHaveLength(1);
		const ids = list.ok ? list.value.inscriptions.map((i) => i.id) : [];
		expect(recordAttendance(db, responsable, id, ids, during)).toEqual({
			ok: true,
			value: { present: 2, absent: 0 }
		});

		const after = new Date('2026-12-10T12:00:00Z');
		expect(sendFollowUp(db, config, agent, id, after)).toMatchObject({ ok: false, status: 403 });
		// Only the present person who agreed at registration receives it.
		expect(sendFollowUp(db, config, responsable, id, after)).toEqual({ ok: true, value: 1 });
		expect(sendFollowUp(db, config, responsable, id, after)).toMatchObject({ ok: false });
		const [followUp] = mailsTo(db, `inscription:${inscriptionId}:suite`);
		expect(followUp?.text).toContain('/evenements/suite/');

		// The link's token, as the worker would put it in: a booking with it carries the évènement.
		const token = 'a'.repeat(32);
		db.update(inscriptions)
			.set({ manageTokenHash: hashToken(token) })
			.where(eq(inscriptions.id, inscriptionId))
			.run();
		expect(evenementOfVisitor({ get: () => token }, db)).toBe(id);
		expect(evenementOfVisitor({ get: () => 'b'.repeat(32) }, db)).toBeNull();
		expect(evenementOfVisitor({ get: () => undefined }, db)).toBeNull();
	});

	it('cancelling notifies every registered and waiting person', () => {
		const { db, id, responsable } = world();
		for (let i = 0; i < 4; i++) register(db, config, registration(id), T0);
		expect(cancelEvenement(db, config, responsable, id, T0)).toEqual({ ok: true, value: 4 });
		expect(
			db
				.select()
				.from(outbox)
				.where(and(like(outbox.dedupeKey, '%:annulationEvenement'), eq(outbox.channel, 'email')))
				.all()
		).toHaveLength(4);
		expect(register(db, config, registration(id), T0)).toMatchObject({ ok: false, status: 409 });
	});

	it('purges registrations three months after, keeping the funnel on the évènement', () => {
		const { db, id, responsable } = world();
		const registered = register(db, config, registration(id), T0);
		const inscriptionId = registered.ok ? registered.value.inscription.id : 0;
		recordAttendance(db, responsable, id, [inscriptionId], new Date('2026-12-10T11:00:00Z'));
		db.insert(demandes)
			.values({
				reference: 'PDP-EVT00001',
				kind: 'rendez_vous',
				departementCode: '974',
				source: 'moi_meme',
				nom: 'X',
				prenom: 'Y',
				manageTokenHash: 'h-evt-1',
				createdAt: new Date('2026-12-14T08:00:00Z'),
				dueAt: new Date('2026-12-28T08:00:00Z'),
				evenementId: id
			})
			.run();
		expect(purgeInscriptions(db, new Date('2027-03-09T00:00:00Z'), 3)).toBe(0);
		expect(purgeInscriptions(db, new Date('2027-03-11T00:00:00Z'), 3)).toBe(1);
		expect(purgeInscriptions(db, new Date('2027-03-12T00:00:00Z'), 3)).toBe(0);
		expect(db.select().from(inscriptions).all()).toEqual([]);
		const evenement = db.select().from(evenements).where(eq(evenements.id, id)).get()!;
		expect(funnelOf(db, evenement)).toEqual({
			registered: 1,
			waitlisted: 0,
			present: 1,
			absent: 0,
			converted: 1
		});
	});
});
