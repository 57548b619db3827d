import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testDb } from '../../../../tests/helpers/db';
import { sampleAnswers, sampleProfile } from '../../../../tests/fixtures/answers';
import { sampleContact as contact } from '../../../../tests/fixtures/contact';
import { seedDemoData } from '$lib/server/db/seed';
import { demandes, rendezVous } from '$lib/server/db/schema';
import { hashToken } from '$lib/server/tokens';
import { scoreAnswers } from '$lib/scoring/score';
import { BookingService, newManageToken, type BookingEvents } from './service';

// Monday 23 November 2026, 10:00 in Paris.
const NOW = new Date('2026-11-23T09:00:00Z');

async function setup(now = NOW) {
	const db = testDb();
	await seedDemoData(db, { onlyIfEmpty: false });
	const log: string[] = [];
	const events: BookingEvents = {
		booked: async (_tx, d, r) => void log.push(`booked ${d.reference} ${r.startsAt.toISOString()}`),
		moved: async (_tx, d, p, r) =>
			void log.push(
				`moved ${d.reference} ${p.startsAt.toISOString()} -> ${r.startsAt.toISOString()}`
			),
		cancelled: async (_tx, d) => void log.push(`cancelled ${d.reference}`),
		callbackRequested: async (_tx, d) => void log.push(`callback ${d.reference}`),
		erased: async (_tx, d) => void log.push(`erased ${d.reference}`)
	};
	return { db, log, service: new BookingService(db, events, () => now) };
}

const share = {
	questionnaireVersion: '2026.1',
	profile: sampleProfile,
	answers: sampleAnswers,
	result: scoreAnswers(sampleAnswers, 'salarie')
};

async function firstSlot(
	service: BookingService,
	departementCode: string,
	mode: 'telephone' | 'visio' | 'accueil' = 'telephone'
) {
	const slot = (await service.freeSlots(departementCode, mode))[0];
	if (!slot) throw new Error(`no slot in ${departementCode}`);
	return slot;
}

/** A booking of `slot` by `contact` on their own, without consent (a test adds its token). */
const bookingOf = (departementCode: string, slot: { agendaId: number; start: Date }) => ({
	departementCode,
	source: 'moi_meme' as const,
	contact,
	share: null,
	locale: 'fr',
	agendaId: slot.agendaId,
	start: slot.start
});

describe('BookingService (real SQLite, demo agendas)', () => {
	it('offers slots from the next working day up to 14 days, per mode, in the département zone', async () => {
		const { service } = await setup();
		const phone = await service.freeSlots('69', 'telephone');
		expect(phone[0]?.date).toBe('2026-11-24');
		expect(phone[0]?.time).toBe('09:00');
		expect(phone.at(-1)!.date <= '2026-12-07').toBe(true);
		expect(
			(await service.freeSlots('69', 'visio')).every((s) =>
				[2, 4].includes(new Date(s.date).getUTCDay())
			)
		).toBe(true);
		const inPerson = await service.freeSlots('69', 'accueil');
		expect(inPerson[0]?.pointAccueil?.isDemo).toBe(true);
		// La Réunion (UTC+4): 09:00 local is 05:00 UTC.
		expect((await firstSlot(service, '974')).start.toISOString()).toBe('2026-11-24T05:00:00.000Z');
	});

	it('books a slot, routes the demande to its département with the consented result, and is idempotent', async () => {
		const { db, service, log } = await setup();
		const slot = await firstSlot(service, '974');
		const token = newManageToken();
		const input = {
			departementCode: '974',
			source: 'medecin_traitant' as const,
			contact,
			share,
			locale: 'fr',
			token,
			agendaId: slot.agendaId,
			start: slot.start
		};
		const first = await service.book(input);
		expect(first.ok).toBe(true);
		const replay = await service.book(input);
		expect(replay).toMatchObject({ ok: true, replayed: true });
		if (!first.ok || !replay.ok) throw new Error('unreachable');
		expect(replay.demande.id).toBe(first.demande.id);
		expect(await db.select().from(demandes)).toHaveLength(1);
		expect(log).toEqual([`booked ${first.demande.reference} 2026-11-24T05:00:00.000Z`]);
		const stored = (await db.select().from(demandes).where(eq(demandes.id, first.demande.id)))[0]!;
		expect(stored).toMatchObject({
			kind: 'rendez_vous',
			status: 'nouvelle',
			departementCode: '974',
			source: 'medecin_traitant',
			nom: 'Martin',
			shareResult: true,
			questionnaireVersion: '2026.1',
			answers: sampleAnswers,
			manageTokenHash: hashToken(token)
		});
		expect(stored.result?.level).toBe(share.result.level);
		expect(stored.reference).toMatch(/^PDP-[A-Z2-9]{8}$/);
		expect(stored.dueAt.getTime() - stored.createdAt.getTime()).toBe(14 * 24 * 60 * 60 * 1000);
		// The slot is no longer offered.
		expect((await service.freeSlots('974', 'telephone'))[0]?.start.getTime()).not.toBe(
			slot.start.getTime()
		);
	});

	it('without consent, stores no questionnaire data', async () => {
		const { service } = await setup();
		const slot = await firstSlot(service, '2A');
		const outcome = await service.book({
			...bookingOf('2A', slot),
			locale: 'en',
			token: newManageToken()
		});
		expect(outcome).toMatchObject({
			ok: true,
			demande: {
				shareResult: false,
				answers: null,
				result: null,
				profile: null,
				questionnaireVersion: null,
				locale: 'en'
			}
		});
	});

	it('refuses a taken slot with the nearest free ones, and never books a slot twice', async () => {
		const { db, service } = await setup();
		const slot = await firstSlot(service, '69');
		const base = bookingOf('69', slot);
		expect((await service.book({ ...base, token: newManageToken() })).ok).toBe(true);
		const second = await service.book({ ...base, token: newManageToken() });
		expect(second).toMatchObject({ ok: false, reason: 'slot_taken' });
		if (second.ok || second.reason !== 'slot_taken') throw new Error('unreachable');
		expect(second.nearest).toHaveLength(3);
		expect(second.nearest.every((s) => s.start.getTime() !== slot.start.getTime())).toBe(true);
		expect(await db.select().from(rendezVous)).toHaveLength(1);
		expect(await db.select().from(demandes)).toHaveLength(1);
	});

	it('refuses past, out-of-window, misaligned slots and agendas of another département', async () => {
		const { db, service } = await setup();
		const slot = await firstSlot(service, '69');
		const other = await firstSlot(service, '75');
		const base = bookingOf('69', slot);
		for (const start of [
			new Date('2026-11-20T09:00:00Z'),
			new Date('2026-12-15T08:00:00Z'),
			new Date(slot.start.getTime() + 60_000),
			new Date('2026-11-23T15:00:00Z')
		]) {
			expect(await service.book({ ...base, start, token: newManageToken() })).toEqual({
				ok: false,
				reason: 'slot_invalid'
			});
		}
		expect(
			await service.book({
				...base,
				agendaId: other.agendaId,
				start: other.start,
				token: newManageToken()
			})
		).toEqual({ ok: false, reason: 'slot_invalid' });
		expect(
			await service.book({ ...base, agendaId: 999_999, start: slot.start, token: newManageToken() })
		).toEqual({ ok: false, reason: 'slot_invalid' });
		expect(await db.select().from(demandes)).toEqual([]);
	});

	it('moves within the window (freeing the old slot), cancels, and erases everything', async () => {
		const { db, service, log } = await setup();
		const [a, b] = await service.freeSlots('57', 'visio');
		const token = newManageToken();
		const booked = await service.book({
			departementCode: '57',
			source: 'employeur',
			contact,
			share,
			locale: 'fr',
			token,
			agendaId: a!.agendaId,
			start: a!.start
		});
		expect(booked.ok).toBe(true);
		expect(await service.move(token, b!.agendaId, b!.start)).toMatchObject({ ok: true });
		expect((await service.freeSlots('57', 'visio'))[0]?.start.getTime()).toBe(a!.start.getTime());
		// Moving to another mode is refused.
		const phone = await firstSlot(service, '57');
		expect(await service.move(token, phone.agendaId, phone.start)).toEqual({
			ok: false,
			reason: 'slot_invalid'
		});
		expect(await service.cancel(token)).toEqual({ ok: true });
		expect(await service.cancel(token)).toEqual({ ok: false, reason: 'none' });
		expect((await service.freeSlots('57', 'visio'))[1]?.start.getTime()).toBe(b!.start.getTime());
		expect(await service.erase(token)).toEqual({ ok: true });
		expect(await db.select().from(demandes)).toEqual([]);
		expect(await db.select().from(rendezVous)).toEqual([]);
		expect(await service.findByToken(token)).toBeUndefined();
		expect(log.map((l) => l.split(' ')[0])).toEqual(['booked', 'moved', 'cancelled', 'erased']);
	});

	it('records callback requests flagged "sans créneau", idempotently', async () => {
		const { service, log } = await setup();
		const token = newManageToken();
		const input = {
			departementCode: '973',
			source: 'partenaire' as const,
			contact: { ...contact, email: null, telephone: '0594000000' },
			share: null,
			locale: 'fr',
			token,
			sansCreneau: true
		};
		const first = await service.requestCallback(input);
		expect(await service.requestCallback(input)).toMatchObject({
			replayed: true,
			demande: { id: first.demande.id }
		});
		expect(first.demande).toMatchObject({
			kind: 'rappel',
			sansCreneau: true,
			departementCode: '973',
			telephone: '0594000000'
		});
		expect(log).toHaveLength(1);
	});
});
