import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testDb } from '../../../../tests/helpers/db';
import { sampleAnswers, sampleProfile } from '../../../../tests/fixtures/answers';
import { seedDemoData } from '$lib/server/db/seed';
import { demandes } from '$lib/server/db/schema';
import { scoreAnswers } from '$lib/scoring/score';
import { BookingService, type Contact, noBookingEvents } from '$lib/server/booking/service';
import { freeSlotInput, requestCallbackOf } from '../../../../tests/helpers/booking';
import { INBOX_PAGE_SIZE, activeFilterCount, listInbox, parseInboxQuery } from './inbox';
import { loadDemandeForStaff, maskNir } from './demande';

// Monday 23 November 2026, 10:00 in Paris.
const NOW = new Date('2026-11-23T09:00:00Z');
const contact: Contact = {
	nom: 'Martin',
	prenom: 'Claire',
	email: 'claire@example.org',
	telephone: '0612345678',
	nir: '185057800608400',
	message: null
};
const result = scoreAnswers(sampleAnswers, 'salarie');
const share = {
	questionnaireVersion: '2026.1',
	profile: sampleProfile,
	answers: sampleAnswers,
	result
};

async function setup() {
	const db = testDb();
	await seedDemoData(db, { onlyIfEmpty: false });
	const service = new BookingService(db, noBookingEvents, () => NOW);
	const book = async (
		departementCode: string,
		options: { shared?: boolean; mode?: 'telephone' | 'visio' | 'accueil'; slot?: number } = {}
	) => {
		const input = await freeSlotInput(service, departementCode, contact, {
			index: options.slot,
			mode: options.mode,
			source: 'medecin_traitant',
			share: options.shared ? share : null
		});
		const outcome = await service.book(input);
		if (!outcome.ok) throw new Error('booking failed');
		return outcome.demande;
	};
	const callback = (departementCode: string, sansCreneau = false) =>
		requestCallbackOf(service, departementCode, contact, { sansCreneau });
	return { db, book, callback };
}

const all = (params: Record<string, string> = {}, scope: readonly string[] = ['69', '01']) =>
	parseInboxQuery(new URLSearchParams(params), scope);

describe('inbox query parsing', () => {
	it('keeps valid filters and drops bad values politely', () => {
		const filters = parseInboxQuery(
			new URLSearchParams({
				status: 'nouvelle',
				kind: 'nope',
				mode: 'visio',
				source: '<script>',
				sansCreneau: 'oui',
				level: 'eleve',
				overdue: '1',
				page: '-3'
			}),
			['69']
		);
		expect(filters).toEqual({
			status: 'nouvelle',
			kind: undefined,
			mode: 'visio',
			source: undefined,
			sansCreneau: true,
			level: 'eleve',
			departement: undefined,
			overdue: true,
			assigned: undefined,
			priority: false,
			q: undefined,
			page: 1
		});
		expect(activeFilterCount(filters)).toBe(5);
		expect(all({ page: '99999999' }).page).toBe(1);
		expect(all({ page: '3' }).page).toBe(3);
		expect(all({ page: '2.5' }).page).toBe(1);
	});

	it('keeps a département filter only among the staff member’s départements', () => {
		expect(all({ departement: '01' }).departement).toBe('01');
		expect(all({ departement: '974' }).departement).toBeUndefined();
		expect(all({ departement: 'zz' }).departement).toBeUndefined();
	});
});

describe('listInbox (real SQLite): never outside the staff member’s départements', () => {
	it('lists the demandes of my départements only, newest first, whatever the filter', async () => {
		const { db, book, callback } = await setup();
		const a = await book('69');
		const b = await book('01', { shared: true });
		const foreign = await book('974', { shared: true });
		const foreignCallback = await callback('974', true);
		// Make the order deterministic: b is newer than a.
		await db
			.update(demandes)
			.set({ createdAt: new Date(NOW.getTime() + 1000) })
			.where(eq(demandes.id, b.id));

		const mine = await listInbox(db, ['69', '01'], all(), NOW);
		expect(mine.rows.map((r) => r.reference)).toEqual([b.reference, a.reference]);
		expect(mine.total).toBe(2);

		const foreignRefs = new Set([foreign.reference, foreignCallback.reference]);
		const tries: Record<string, string>[] = [
			{},
			{ departement: '974' },
			{ status: 'nouvelle' },
			{ kind: 'rappel' },
			{ sansCreneau: 'oui' },
			{ level: result.level },
			{ mode: 'telephone' },
			{ source: 'moi_meme' },
			{ overdue: '1' },
			{ page: '2' }
		];
		for (const params of tries) {
			// The parsed filters, and a tampered département that bypasses the parser.
			for (const filters of [all(params), { ...all(params), departement: '974' }]) {
				const page = await listInbox(db, ['69', '01'], filters, NOW);
				expect(
					page.rows.some((r) => foreignRefs.has(r.reference)),
					JSON.stringify(params)
				).toBe(false);
				expect(page.rows.every((r) => ['69', '01'].includes(r.departementCode))).toBe(true);
			}
		}
		// Tampered past the parser: the scope still applies in SQL.
		expect((await listInbox(db, ['69', '01'], { ...all(), departement: '974' }, NOW)).rows).toEqual(
			[]
		);
		// No scope, nothing.
		expect((await listInbox(db, [], all(), NOW)).rows).toEqual([]);
		// The 974 team sees its own.
		expect(
			(await listInbox(db, ['974'], all({}, ['974']), NOW)).rows.map((r) => r.reference).sort()
		).toEqual([...foreignRefs].sort());
	});

	it('filters by status, kind, mode, sansCreneau, shared level, département and overdue', async () => {
		const { db, book, callback } = await setup();
		const rdv69 = await book('69', { mode: 'visio' });
		const shared01 = await book('01', { shared: true });
		const cb69 = await callback('69', true);
		await db.update(demandes).set({ status: 'cloturee' }).where(eq(demandes.id, rdv69.id));
		const refs = async (params: Record<string, string>, now = NOW) =>
			(await listInbox(db, ['69', '01'], all(params), now)).rows.map((r) => r.reference).sort();

		expect(await refs({ status: 'cloturee' })).toEqual([rdv69.reference]);
		expect(await refs({ kind: 'rappel' })).toEqual([cb69.reference]);
		expect(await refs({ sansCreneau: 'oui' })).toEqual([cb69.reference]);
		expect(await refs({ mode: 'visio' })).toEqual([rdv69.reference]);
		expect(await refs({ departement: '01' })).toEqual([shared01.reference]);
		expect(await refs({ level: result.level })).toEqual([shared01.reference]);
		expect(await refs({ source: 'moi_meme' })).toEqual([cb69.reference]);
		expect(await refs({ overdue: '1' })).toEqual([]);
		// 15 days later, the open ones are late; the closed one is not.
		const later = new Date(NOW.getTime() + 15 * 24 * 3600 * 1000);
		expect(await refs({ overdue: '1' }, later)).toEqual(
			[shared01.reference, cb69.reference].sort()
		);
		const row = (await listInbox(db, ['69', '01'], all({ departement: '01' }), later)).rows[0]!;
		expect(row).toMatchObject({
			overdue: true,
			level: result.level,
			mode: 'telephone',
			kind: 'rendez_vous',
			departementCode: '01'
		});
		expect(row.rdvStart).toBeInstanceOf(Date);
	});

	it('shows the level only when the person consented', async () => {
		const { db, book } = await setup();
		await book('69');
		// A row with a result but no consent (should never happen, still never shown).
		const leaked = await book('01', { shared: true });
		await db.update(demandes).set({ shareResult: false }).where(eq(demandes.id, leaked.id));
		const page = await listInbox(db, ['69', '01'], all(), NOW);
		expect(page.rows.map((r) => r.level)).toEqual([null, null]);
		expect((await listInbox(db, ['69', '01'], all({ level: result.level }), NOW)).rows).toEqual([]);
	});

	it('pages by 25 and clamps the page number to the last page', async () => {
		const { db, callback } = await setup();
		for (let i = 0; i < INBOX_PAGE_SIZE + 3; i++) await callback(i % 2 ? '69' : '01');
		const first = await listInbox(db, ['69', '01'], all(), NOW);
		expect(first).toMatchObject({ total: 28, page: 1, pageCount: 2 });
		expect(first.rows).toHaveLength(INBOX_PAGE_SIZE);
		const last = await listInbox(db, ['69', '01'], all({ page: '50' }), NOW);
		expect(last.page).toBe(2);
		expect(last.rows).toHaveLength(3);
		expect(new Set([...first.rows, ...last.rows].map((r) => r.reference)).size).toBe(28);
	});
});

describe('loadDemandeForStaff (real SQLite)', () => {
	it('loads a demande of my départements, with its rendez-vous and consented questionnaire', async () => {
		const { db, book } = await setup();
		const d = await book('01', { shared: true, mode: 'accueil' });
		const view = (await loadDemandeForStaff(db, ['69', '01'], d.reference))!;
		expect(view).toMatchObject({
			reference: d.reference,
			departementCode: '01',
			kind: 'rendez_vous'
		});
		expect(view.contact.nirMasked).toBe('•••••••••••8400');
		expect(JSON.stringify(view)).not.toContain('185057800608400');
		expect(view.rdv).toMatchObject({
			mode: 'accueil',
			status: 'confirme',
			point: { isDemo: true }
		});
		expect(view.shared?.result.level).toBe(result.level);
		expect(view.shared?.answers).toEqual(sampleAnswers);
	});

	it('returns nothing for a demande of another département, or a malformed reference', async () => {
		const { db, book } = await setup();
		const foreign = await book('974', { shared: true });
		expect(await loadDemandeForStaff(db, ['69', '01'], foreign.reference)).toBeUndefined();
		expect(await loadDemandeForStaff(db, [], foreign.reference)).toBeUndefined();
		expect((await loadDemandeForStaff(db, ['974'], foreign.reference))?.reference).toBe(
			foreign.reference
		);
		expect(
			await loadDemandeForStaff(db, ['974'], `${foreign.reference}' OR 1=1 --`)
		).toBeUndefined();
		expect(await loadDemandeForStaff(db, ['974'], foreign.reference.toLowerCase())).toBeUndefined();
	});

	it('never shares the questionnaire without consent', async () => {
		const { db, book } = await setup();
		const d = await book('69');
		const view = (await loadDemandeForStaff(db, ['69'], d.reference))!;
		expect(view.shared).toBeNull();
		expect(view.contact.email).toBe('claire@example.org');
	});

	it('masks a NIR but its last 4 characters', () => {
		expect(maskNir('1 85 05 78 006 084 00')).toBe('•••••••••••8400');
		expect(maskNir(null)).toBeNull();
		expect(maskNir('')).toBeNull();
	});
});
