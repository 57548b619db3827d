import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedDemoData } from '$lib/server/db/seed';
import { demandes, outbox } from '$lib/server/db/schema';
import { BookingService, newManageToken, type Contact } from '$lib/server/booking/service';
import { createBookingEvents, type EventsConfig } from '$lib/server/booking/events';
import { listInbox, parseInboxQuery } from '$lib/server/staff/inbox';
import { demandePage } from '$lib/server/staff/demande-page';
import type { StaffContext } from '$lib/server/auth/guard';
import { scoreAnswers } from '$lib/scoring/score';
import { variantFor, type Answers } from '$lib/questionnaire/definition';
import { testDb } from '../helpers/db';
import { sampleAnswers, sampleProfile } from '../fixtures/answers';

/**
 * Issue #13 §1 (ADR 035): prioritaire demandes from the rapid callback (stored reason, first
 * in the inbox, « prioritaire » in the département's e-mail without health data), and 2026.1
 * « autre » results still read with the salarié wording in the back office.
 */

// Monday 23 November 2026, 10:00 in Paris.
const T0 = new Date('2026-11-23T09:00:00Z');
const contact: Contact = {
	nom: 'Hoarau',
	prenom: 'Line',
	email: 'line.hoarau@example.org',
	telephone: '0692000001',
	nir: null,
	message: null
};
const distressAnswers: Answers = { ...sampleAnswers, difficultes_vie: 'a_bout' };
const distressShare = {
	questionnaireVersion: '2026.2',
	profile: sampleProfile,
	answers: distressAnswers,
	result: scoreAnswers(distressAnswers, 'salarie')
};
const admin: StaffContext = {
	user: { id: 1, email: 'admin@example.org', name: 'Admin', role: 'administrateur' },
	departements: ['974'],
	sessionId: 'session-1'
};

async function setup() {
	const db = testDb();
	await seedDemoData(db, { onlyIfEmpty: false });
	let now = T0;
	const config: EventsConfig = {
		baseUrl: 'https://portail.example',
		isDemo: false,
		now: () => now
	};
	const service = new BookingService(db, createBookingEvents(config), () => now);
	const callback = async (priority: 'rappel_rapide' | 'detresse' | null, share = false) =>
		(
			await service.requestCallback({
				departementCode: '974',
				source: 'moi_meme',
				contact,
				share: share ? distressShare : null,
				locale: 'fr',
				token: newManageToken(),
				sansCreneau: false,
				priority
			})
		).demande;
	return { db, callback, later: () => (now = new Date(now.getTime() + 60_000)) };
}

describe('prioritaire demandes (rapid callback)', () => {
	it('stores the reason, and nothing on an ordinary callback', async () => {
		const { db, callback } = await setup();
		const rapid = await callback('rappel_rapide');
		const ordinary = await callback(null);
		const row = async (id: number) =>
			(await db.select().from(demandes).where(eq(demandes.id, id)))[0]!;
		expect((await row(rapid.id)).priority).toBe('rappel_rapide');
		expect((await row(ordinary.id)).priority).toBeNull();
	});

	it('lists open prioritaire demandes first in the default order, with their reason', async () => {
		const { db, callback, later } = await setup();
		const rapid = await callback('detresse', true);
		later();
		const newer = await callback(null);
		const filters = parseInboxQuery(new URLSearchParams(), ['974']);
		const rows = (await listInbox(db, ['974'], filters, new Date(T0.getTime() + 120_000))).rows;
		const ours = rows.filter((r) => [rapid.reference, newer.reference].includes(r.reference));
		expect(ours.map((r) => [r.reference, r.priority])).toEqual([
			[rapid.reference, 'detresse'],
			[newer.reference, null]
		]);
		expect(rows[0]!.reference).toBe(rapid.reference);
		// The list row carries the reason only, never an answer.
		expect(Object.keys(rows[0]!)).not.toContain('answers');
	});

	it('no longer puts a closed prioritaire demande first', async () => {
		const { db, callback, later } = await setup();
		const rapid = await callback('rappel_rapide');
		await db.update(demandes).set({ status: 'cloturee' }).where(eq(demandes.id, rapid.id));
		later();
		const newer = await callback(null);
		const filters = parseInboxQuery(new URLSearchParams({ status: 'cloturee' }), ['974']);
		expect((await listInbox(db, ['974'], filters, T0)).rows[0]?.priority).toBe('rappel_rapide');
		const open = await listInbox(db, ['974'], parseInboxQuery(new URLSearchParams(), ['974']), T0);
		const order = open.rows.map((r) => r.reference);
		expect(order[0]).toBe(newer.reference);
		expect(order.indexOf(rapid.reference)).toBeGreaterThan(0);
	});

	it('tells the département « prioritaire » without any health data or reason', async () => {
		const { db, callback } = await setup();
		const rapid = await callback('detresse', true);
		const mails = await db.select().from(outbox);
		const notice = mails.find((m) => m.subject.includes(rapid.reference) && !m.demandeId);
		expect(notice?.subject).toContain('PRIORITAIRE');
		expect(notice?.text).toContain('prioritaire');
		for (const word of ['détresse', 'detresse', 'a_bout', 'bout', 'Hoarau', 'Line', '0692'])
			expect(`${notice?.subject}\n${notice?.text}`).not.toContain(word);
		const ordinary = await callback(null);
		const plain = (await db.select().from(outbox)).find(
			(m) => m.subject.includes(ordinary.reference) && !m.demandeId
		);
		expect(plain?.subject).not.toContain('PRIORITAIRE');
	});

	it('shows the reason on the demande page', async () => {
		const { db, callback } = await setup();
		const rapid = await callback('rappel_rapide');
		const page = await demandePage(db, admin, rapid.reference, T0);
		if (!page.ok) throw new Error('not found');
		expect(page.value.demande.priority).toBe('rappel_rapide');
	});
});

describe('2026.1 « autre » results in the back office', () => {
	it('are read with the salarié wording they were answered in; 2026.2 ones with their own', async () => {
		const { db } = await setup();
		const service = new BookingService(
			db,
			createBookingEvents({ baseUrl: 'https://x', isDemo: false, now: () => T0 }),
			() => T0
		);
		const profile = { ...sampleProfile, statut: 'autre' as const };
		const send = async (version: string, answers: Answers) =>
			(
				await service.requestCallback({
					departementCode: '974',
					source: 'moi_meme',
					contact,
					share: {
						questionnaireVersion: version,
						profile,
						answers,
						result: scoreAnswers(answers, variantFor('autre', version), version)
					},
					locale: 'fr',
					token: newManageToken(),
					sansCreneau: false
				})
			).demande;
		const old = await send('2026.1', { ...sampleAnswers, relation_travail: 'conflit' });
		const current = await send('2026.2', { ...sampleAnswers, relation_travail: 'desaccord' });
		const relationOf = async (reference: string) => {
			const page = await demandePage(db, admin, reference, T0);
			if (!page.ok || !page.value.shared) throw new Error('no shared result');
			return page.value.shared.answers.find((a) => a.id === 'relation_travail');
		};
		expect(await relationOf(old.reference)).toMatchObject({
			wordingKey: 'questionnaire:questions.relation_travail',
			optionsKey: 'questionnaire:questions.relation_travail.options',
			value: 'conflit'
		});
		expect(await relationOf(current.reference)).toMatchObject({
			wordingKey: 'questionnaire:questions.relation_travail.autre',
			optionsKey: 'questionnaire:questions.relation_travail.autre.options',
			value: 'desaccord'
		});
	});
});
