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

async function world() {
	const db = testDb();
	const responsable = await addStaff(db, 'Payet', 'responsable', ['974'], T0);
	const id = await publishedEvenement(db, responsable, T0);
	return { db, responsable, id };
}

const statusOf = async (db: Db, id: number) =>
	(
		await db
			.select({ status: inscriptions.status })
			.from(inscriptions)
			.where(eq(inscriptions.id, id))
	)[0]?.status;
const mailsTo = async (db: Db, prefix: string) =>
	await db
		.select()
		.from(outbox)
		.where(like(outbox.dedupeKey, `${prefix}%`));

describe('registration to an évènement', () => {
	it('confirms while seats are free, then puts people on the waiting list; a replay makes nothing twice', async () => {
		const { db, id } = await world();
		const first = registration(id);
		const outcomes = [];
		for (const input of [first, registration(id), registration(id), registration(id)])
			outcomes.push(await register(db, config, input, T0));
		expect(outcomes.map((o) => o.ok && o.value.inscription.status)).toEqual([
			'confirmee',
			'confirmee',
			'confirmee',
			'attente'
		]);
		const replay = await register(db, config, first, T0);
		expect(replay.ok && replay.value.replayed).toBe(true);
		expect(await db.select().from(inscriptions)).toHaveLength(4);
		const firstId = outcomes[0]!.ok ? outcomes[0]!.value.inscription.id : 0;
		const [mail] = await mailsTo(db, `inscription:${firstId}:confirmation`);
		expect(mail?.text).toContain('https://visio.example.org/pdp-974');
		expect(mail?.text).toContain('/evenements/inscription/');
		expect(mail?.ics).toContain('DTSTART:20261210T100000Z');
		const waiting = outcomes[3]!.ok ? outcomes[3]!.value.inscription.id : 0;
		const [waitMail] = await mailsTo(db, `inscription:${waiting}:attente`);
		expect(waitMail?.text).not.toContain('visio.example.org');
	});

	it('never gives more seats than the capacity when 100 people register at once for the last 3', async () => {
		const db = testDb();
		const responsable = await addStaff(db, 'Payet', 'responsable', ['974'], T0);
		const id = await publishedEvenement(db, responsable, T0, { capacity: '10' });
		for (let i = 0; i < 7; i++) await register(db, config, registration(id), T0);
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

	it('gives a freed seat to the first on the waiting list and tells them', async () => {
		const { db, id } = await world();
		const inputs = Array.from({ length: 5 }, () => registration(id));
		const ids: number[] = [];
		for (const input of inputs) {
			const outcome = await register(db, config, input, T0);
			ids.push(outcome.ok ? outcome.value.inscription.id : 0);
		}
		expect(await cancelInscription(db, config, inputs[1]!.token, T0)).toEqual({
			ok: true,
			value: { promoted: [ids[3]] }
		});
		expect(await statusOf(db, ids[1]!)).toBe('annulee');
		expect(await statusOf(db, ids[3]!)).toBe('confirmee');
		expect(await statusOf(db, ids[4]!)).toBe('attente');
		expect(await mailsTo(db, `inscription:${ids[3]}:promotion`)).toHaveLength(1);
		// Erasing a confirmed registration frees its seat too, and leaves nothing of it.
		expect((await eraseInscription(db, config, inputs[0]!.token, T0)).ok).toBe(true);
		expect(await statusOf(db, ids[0]!)).toBeUndefined();
		expect((await mailsTo(db, `inscription:${ids[0]}:`)).filter((m) => m.sentAt === null)).toEqual(
			[]
		);
		expect(await statusOf(db, ids[4]!)).toBe('confirmee');
	});

	it('gives the seats of a larger capacity to the waiting list, in order, and tells them', async () => {
		const { db, id, responsable } = await world();
		const ids: number[] = [];
		for (let i = 0; i < 6; i++) {
			const outcome = await register(db, config, registration(id), T0);
			ids.push(outcome.ok ? outcome.value.inscription.id : 0);
		}
		const statuses = async (list: number[]) => Promise.all(list.map((i) => statusOf(db, i)));
		expect(await statuses(ids)).toEqual([
			'confirmee',
			'confirmee',
			'confirmee',
			'attente',
			'attente',
			'attente'
		]);
		expect(
			await updateEvenement(db, config, responsable, id, evenementForm({ capacity: '5' }), T0)
		).toEqual({ ok: true, value: id });
		expect(await statuses(ids)).toEqual([
			'confirmee',
			'confirmee',
			'confirmee',
			'confirmee',
			'confirmee',
			'attente'
		]);
		expect(await mailsTo(db, `inscription:${ids[3]}:promotion`)).toHaveLength(1);
		expect(await mailsTo(db, `inscription:${ids[4]}:promotion`)).toHaveLength(1);
		expect(await mailsTo(db, `inscription:${ids[5]}:promotion`)).toHaveLength(0);
		const [line] = await db.select().from(auditLog).where(eq(auditLog.action, 'evenement_update'));
		expect(line?.details).toMatchObject({ evenement: id, promoted: 2 });
		// A smaller capacity takes no seat back.
		expect(
			(await updateEvenement(db, config, responsable, id, evenementForm({ capacity: '2' }), T0)).ok
		).toBe(true);
		expect(await statuses(ids.slice(0, 5))).toEqual(Array(5).fill('confirmee'));
	});

	it('refuses a closed évènement, an employer where employers are not admitted, a draft', async () => {
		const { db, id, responsable } = await world();
		expect(
			await register(db, config, registration(id), new Date('2026-12-09T15:00:00Z'))
		).toMatchObject({
			ok: false,
			reason: 'evenements:errors.closed',
			status: 409
		});
		expect(
			await register(db, config, registration(id, { participantKind: 'employeur' }), T0)
		).toMatchObject({ ok: false, reason: 'evenements:errors.employers' });
		const invitation = await publishedEvenement(db, responsable, T0, { invitationOnly: 'oui' });
		expect(await register(db, config, registration(invitation), T0)).toMatchObject({
			ok: false,
			reason: 'evenements:errors.code'
		});
		const code = (
			await db
				.select({ code: evenements.invitationCode })
				.from(evenements)
				.where(eq(evenements.id, invitation))
		)[0]!.code;
		expect(
			(await register(db, config, registration(invitation, { code: code.toLowerCase() }), T0)).ok
		).toBe(true);
		expect(await db.select().from(inscriptions).where(eq(inscriptions.evenementId, id))).toEqual(
			[]
		);
	});
});

describe('an évènement from publication to its funnel', () => {
	it('reminds, takes attendance, sends the follow-up whose demande carries the évènement, then keeps counts only', async () => {
		const { db, id, responsable } = await world();
		const input = registration(id, { telephone: '+262692123456' });
		const registered = await register(db, config, input, T0);
		const inscriptionId = registered.ok ? registered.value.inscription.id : 0;
		await register(db, config, registration(id, { contactConsent: false }), T0);

		// The day before (Wednesday 9 December, local 08:00), then one hour before.
		expect(await queueEvenementReminders(db, config, new Date('2026-12-09T04:00:00Z'))).toBe(2);
		expect(await queueEvenementReminders(db, config, new Date('2026-12-09T05:00:00Z'))).toBe(0);
		expect(await queueEvenementReminders(db, config, new Date('2026-12-10T09:10:00Z'))).toBe(2);
		expect(await queueEvenementReminders(db, config, new Date('2026-12-10T09:20:00Z'))).toBe(0);
		const hour = await mailsTo(db, `inscription:${inscriptionId}:rappelHeure`);
		expect(hour.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
		expect(hour.every((m) => m.text.includes('https://visio.example.org/pdp-974'))).toBe(true);

		const agent = await addStaff(db, 'Grondin', 'agent', ['974'], T0);
		const other = await addStaff(db, 'Martin', 'responsable', ['971'], T0);
		const during = new Date('2026-12-10T10:30:00Z');
		expect(await attendeeList(db, other, id, during)).toMatchObject({ ok: false, status: 404 });
		const list = await attendeeList(db, agent, id, during);
		expect(list.ok && list.value.inscriptions).toHaveLength(2);
		expect(
			await db.select().from(auditLog).where(eq(auditLog.action, 'evenement_attendees_read'))
		).toHaveLength(1);
		const ids = list.ok ? list.value.inscriptions.map((i) => i.id) : [];
		expect(await recordAttendance(db, responsable, id, ids, during)).toEqual({
			ok: true,
			value: { present: 2, absent: 0 }
		});

		const after = new Date('2026-12-10T12:00:00Z');
		expect(await sendFollowUp(db, config, agent, id, after)).toMatchObject({
			ok: false,
			status: 403
		});
		// Only the present person who agreed at registration receives it.
		expect(await sendFollowUp(db, config, responsable, id, after)).toEqual({ ok: true, value: 1 });
		expect(await sendFollowUp(db, config, responsable, id, after)).toMatchObject({ ok: false });
		const [followUp] = await mailsTo(db, `inscription:${inscriptionId}:suite`);
		expect(followUp?.text).toContain('/evenements/suite/');

		// The link's token, as the worker would put it in: a booking with it carries the évènement.
		const token = 'a'.repeat(32);
		await db
			.update(inscriptions)
			.set({ manageTokenHash: hashToken(token) })
			.where(eq(inscriptions.id, inscriptionId));
		expect(await evenementOfVisitor({ get: () => token }, db)).toBe(id);
		expect(await evenementOfVisitor({ get: () => 'b'.repeat(32) }, db)).toBeNull();
		expect(await evenementOfVisitor({ get: () => undefined }, db)).toBeNull();
	});

	it('cancelling notifies every registered and waiting person', async () => {
		const { db, id, responsable } = await world();
		for (let i = 0; i < 4; i++) await register(db, config, registration(id), T0);
		expect(await cancelEvenement(db, config, responsable, id, T0)).toEqual({ ok: true, value: 4 });
		expect(
			await db
				.select()
				.from(outbox)
				.where(and(like(outbox.dedupeKey, '%:annulationEvenement'), eq(outbox.channel, 'email')))
		).toHaveLength(4);
		expect(await register(db, config, registration(id), T0)).toMatchObject({
			ok: false,
			status: 409
		});
	});

	it('purges registrations three months after, keeping the funnel on the évènement', async () => {
		const { db, id, responsable } = await world();
		const registered = await register(db, config, registration(id), T0);
		const inscriptionId = registered.ok ? registered.value.inscription.id : 0;
		await recordAttendance(db, responsable, id, [inscriptionId], new Date('2026-12-10T11:00:00Z'));
		await db.insert(demandes).values({
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
		});
		expect(await purgeInscriptions(db, new Date('2027-03-09T00:00:00Z'), 3)).toBe(0);
		expect(await purgeInscriptions(db, new Date('2027-03-11T00:00:00Z'), 3)).toBe(1);
		expect(await purgeInscriptions(db, new Date('2027-03-12T00:00:00Z'), 3)).toBe(0);
		expect(await db.select().from(inscriptions)).toEqual([]);
		const evenement = (await db.select().from(evenements).where(eq(evenements.id, id)))[0]!;
		expect(await funnelOf(db, evenement)).toEqual({
			registered: 1,
			waitlisted: 0,
			present: 1,
			absent: 0,
			converted: 1
		});
	});
});
