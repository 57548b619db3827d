import { describe, expect, it } from 'vitest';
import { testDb } from '../../../../tests/helpers/db';
import { seedDemoData } from '$lib/server/db/seed';
import { BookingService, newManageToken, noBookingEvents } from '$lib/server/booking/service';
import { cancelRendezVous, demandeOfLink, managePage, moveRendezVous } from './manage';

const NOW = new Date('2026-11-23T09:00:00Z');

async function booked() {
	const db = testDb();
	await seedDemoData(db, { onlyIfEmpty: false });
	const service = new BookingService(db, noBookingEvents, () => NOW);
	const [slot, other] = await service.freeSlots('69', 'telephone');
	const token = newManageToken();
	const outcome = await service.book({
		departementCode: '69',
		source: 'moi_meme',
		contact: {
			nom: 'Martin',
			prenom: 'Claire',
			email: null,
			telephone: '0612345678',
			nir: null,
			message: null
		},
		share: null,
		locale: 'fr',
		token,
		agendaId: slot!.agendaId,
		start: slot!.start
	});
	expect(outcome.ok).toBe(true);
	return { service, token, slot: slot!, other: other! };
}

describe('the personal link page (real SQLite, demo agendas)', () => {
	it('answers 404 for a malformed or unknown token', async () => {
		const { service } = await booked();
		expect(await demandeOfLink(service, 'pas-un-jeton')).toMatchObject({ ok: false, status: 404 });
		expect(await demandeOfLink(service, newManageToken())).toMatchObject({
			ok: false,
			status: 404
		});
	});

	it('shows the rendez-vous and the free slots only when moving', async () => {
		const { service, token } = await booked();
		const demande = await demandeOfLink(service, token);
		if (!demande.ok) throw new Error('not found');
		const t = (key: string) => key;
		const page = await managePage(service, token, demande.value, new URLSearchParams(), t, NOW);
		expect(page.rdv?.mode).toBe('telephone');
		expect(page.slots).toEqual([]);
		const moving = await managePage(
			service,
			token,
			demande.value,
			new URLSearchParams('changer=1'),
			t,
			NOW
		);
		expect(moving.slots.length).toBeGreaterThan(0);
	});

	it('moves to a free slot; refuses a malformed slot (400) and cancels once (then 409)', async () => {
		const { service, token, other } = await booked();
		expect(await moveRendezVous(service, token, 'x')).toMatchObject({
			ok: false,
			status: 400,
			reason: 'booking:errors.slot',
			nearest: null
		});
		expect(
			await moveRendezVous(service, token, `${other.agendaId}|${other.start.toISOString()}`)
		).toEqual({ ok: true, value: undefined });
		expect(await cancelRendezVous(service, token)).toEqual({ ok: true, value: undefined });
		expect(await cancelRendezVous(service, token)).toMatchObject({
			ok: false,
			status: 409,
			reason: 'booking:errors.nothingToCancel'
		});
	});
});
