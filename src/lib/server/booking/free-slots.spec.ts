import { describe, expect, it } from 'vitest';
import { testDb } from '../../../../tests/helpers/db';
import type { WeeklyOpening } from '$lib/booking/slots';
import { agendas, demandes, rendezVous } from '$lib/server/db/schema';
import { hashToken } from '$lib/server/tokens';
import { FreeSlots, isTaken } from './free-slots';

// Monday 23 November 2026, 10:00 in Paris.
const NOW = new Date('2026-11-23T09:00:00Z');
const weekly: WeeklyOpening[] = [{ weekday: 2, start: '09:00', end: '11:00' }];

async function setup() {
	const db = testDb();
	const [agenda] = await db
		.insert(agendas)
		.values({ departementCode: '69', mode: 'telephone', weekly, slotMinutes: 60 })
		.returning();
	const [demande] = await db
		.insert(demandes)
		.values({
			reference: 'PDP-TESTFREE',
			kind: 'rendez_vous',
			departementCode: '69',
			source: 'medecin_traitant',
			nom: 'Martin',
			prenom: 'Claire',
			email: null,
			telephone: null,
			nir: null,
			message: null,
			sansCreneau: false,
			shareResult: false,
			manageTokenHash: hashToken('free-slots-spec'),
			requestKeyHash: hashToken('free-slots-spec'),
			locale: 'fr',
			createdAt: NOW,
			dueAt: NOW
		})
		.returning();
	return { db, agenda, demande, slots: new FreeSlots(db, () => NOW) };
}

const iso = (list: { start: Date }[]) => list.map((s) => s.start.toISOString());

describe('free-slot read model (real SQLite)', () => {
	it('lists the free slots of the département and mode, minus what a rendez-vous overlaps', async () => {
		const { db, agenda, demande, slots } = await setup();
		// Tuesdays 24 Nov and 1 Dec, 09:00 and 10:00 in Paris (UTC+1).
		expect(iso(await slots.list('69', 'telephone'))).toEqual([
			'2026-11-24T08:00:00.000Z',
			'2026-11-24T09:00:00.000Z',
			'2026-12-01T08:00:00.000Z',
			'2026-12-01T09:00:00.000Z'
		]);
		expect(await slots.list('69', 'visio')).toEqual([]);
		expect(await slots.list('974', 'telephone')).toEqual([]);
		// A rendez-vous booked at 09:30 (hours edited since) overlaps both slots of the 24th.
		await db.insert(rendezVous).values({
			demandeId: demande!.id,
			agendaId: agenda!.id,
			mode: 'telephone',
			startsAt: new Date('2026-11-24T08:30:00Z'),
			endsAt: new Date('2026-11-24T09:30:00Z'),
			createdAt: NOW
		});
		expect(iso(await slots.list('69', 'telephone'))).toEqual([
			'2026-12-01T08:00:00.000Z',
			'2026-12-01T09:00:00.000Z'
		]);
		expect(await isTaken(db, agenda!.id, new Date('2026-11-24T08:00:00Z'), 60, NOW)).toBe(true);
		expect(await isTaken(db, agenda!.id, new Date('2026-11-24T08:30:00Z'), 60, NOW)).toBe(true);
		expect(await isTaken(db, agenda!.id, new Date('2026-12-01T08:00:00Z'), 60, NOW)).toBe(false);
	});

	it('offers the three free slots nearest to a refused choice, the refused one left out', async () => {
		const { slots } = await setup();
		expect(iso(await slots.nearest('69', 'telephone', new Date('2026-12-01T08:00:00Z')))).toEqual([
			'2026-11-24T08:00:00.000Z',
			'2026-11-24T09:00:00.000Z',
			'2026-12-01T09:00:00.000Z'
		]);
	});
});
