import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedDemoData } from '$lib/server/db/seed';
import { closures, demandes, outbox } from '$lib/server/db/schema';
import { BookingService, newManageToken, type Contact } from '$lib/server/booking/service';
import { createBookingEvents, type EventsConfig } from '$lib/server/booking/events';
import type { DemandeInput, SharedResult } from '$lib/server/booking/types';
import { scoreAnswers } from '$lib/scoring/score';
import type { Answers } from '$lib/questionnaire/definition';
import { testDb } from '../helpers/db';
import { sampleAnswers, sampleProfile } from '../fixtures/answers';

/**
 * ADR 039: every demande whose shared result suggests distress is prioritaire (`detresse`),
 * not only the rapid callback; a prioritaire demande is due at the end of the 2nd working day
 * in its département's calendar; the département's e-mail says « prioritaire », nothing more.
 */

// Monday 23 November 2026, 13:00 in La Réunion (UTC+4).
const T0 = new Date('2026-11-23T09:00:00Z');
const contact: Contact = {
	nom: 'Grondin',
	prenom: 'Marie-Annick',
	email: 'ma.grondin@example.org',
	telephone: '0692000002',
	nir: null,
	message: null
};
const shareOf = (answers: Answers): SharedResult => ({
	questionnaireVersion: '2026.2',
	profile: sampleProfile,
	answers,
	result: scoreAnswers(answers, 'salarie')
});
const distress = shareOf({ ...sampleAnswers, difficultes_vie: 'a_bout' });
const ordinary = shareOf(sampleAnswers);

async function setup() {
	const db = testDb();
	await seedDemoData(db, { onlyIfEmpty: false });
	const config: EventsConfig = { baseUrl: 'https://portail.example', isDemo: false, now: () => T0 };
	const service = new BookingService(db, createBookingEvents(config), () => T0);
	const row = async (id: number) =>
		(await db.select().from(demandes).where(eq(demandes.id, id)))[0]!;
	const demandeInput = (share: SharedResult | null): DemandeInput => ({
		departementCode: '974',
		source: 'moi_meme' as const,
		contact,
		share,
		locale: 'fr',
		token: newManageToken()
	});
	const callback = async (share: SharedResult | null) =>
		row(
			(
				await service.requestCallback({
					...demandeInput(share),
					sansCreneau: false,
					priority: null
				})
			).demande.id
		);
	const book = async (share: SharedResult | null) => {
		const slot = (await service.freeSlots('974', 'telephone'))[0]!;
		const outcome = await service.book({
			...demandeInput(share),
			agendaId: slot.agendaId,
			start: slot.start
		});
		if (!outcome.ok) throw new Error('booking failed');
		return row(outcome.demande.id);
	};
	return { db, callback, book };
}

describe('prioritaire demandes beyond the rapid callback (ADR 039)', () => {
	it('makes an ordinary booking or callback with a shared distress result prioritaire', async () => {
		const { book, callback } = await setup();
		expect(distress.result.distress).toBe(true);
		expect((await book(distress)).priority).toBe('detresse');
		expect((await callback(distress)).priority).toBe('detresse');
	});

	it('says nothing when the result is not shared, and a high level alone is not prioritaire', async () => {
		const { callback } = await setup();
		expect((await callback(null)).priority).toBeNull();
		const high = shareOf({
			...sampleAnswers,
			capacite_travail: 1,
			attente_retour: 1
		});
		expect(high.result.level).toBe('eleve');
		expect(high.result.escalations.length).toBeGreaterThan(0);
		const stored = await callback(high);
		expect(stored.priority).toBeNull();
		expect(stored.dueAt.getTime() - T0.getTime()).toBe(14 * 86_400_000);
	});

	it('is due at the end of the 2nd working day in La Réunion, closure days skipped', async () => {
		const { db, callback } = await setup();
		// Monday 13:00 in La Réunion: due Wednesday 25, 23:59:59.999 there (UTC+4).
		expect((await callback(distress)).dueAt.toISOString()).toBe('2026-11-25T19:59:59.999Z');
		await db.insert(closures).values({ departementCode: '974', date: '2026-11-24' });
		expect((await callback(distress)).dueAt.toISOString()).toBe('2026-11-26T19:59:59.999Z');
		// An ordinary demande keeps its 14 calendar days.
		expect((await callback(ordinary)).dueAt.toISOString()).toBe('2026-12-07T09:00:00.000Z');
	});

	it('tells the département « prioritaire » for a booking, without any health data', async () => {
		const { db, book } = await setup();
		const demande = await book(distress);
		const notice = (await db.select().from(outbox)).find(
			(m) => m.subject.includes(demande.reference) && !m.demandeId
		);
		expect(notice?.subject).toContain('PRIORITAIRE');
		for (const word of ['détresse', 'detresse', 'a_bout', 'bout', 'Grondin', '0692'])
			expect(`${notice?.subject}\n${notice?.text}`).not.toContain(word);
	});
});
