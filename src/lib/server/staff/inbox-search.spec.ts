/**
 * The inbox search, the prioritaire filter and the bulk assignment against real SQLite (ADR 040):
 * always inside the staff member's départements, combined with the filters, audited without the
 * typed name, e-mail or phone.
 */
import { describe, expect, it } from 'vitest';
import { addStaff as addStaffAt } from '../../../../tests/fixtures/staff';
import { desc, eq } from 'drizzle-orm';
import { testDb } from '../../../../tests/helpers/db';
import { seedDemoData } from '$lib/server/db/seed';
import type { Db } from '$lib/server/db/index';
import { auditLog, demandes, type StaffRole } from '$lib/server/db/schema';
import { BookingService, noBookingEvents, type Contact } from '$lib/server/booking/service';
import { requestCallbackOf } from '../../../../tests/helpers/booking';
import { listInbox, parseInboxQuery } from './inbox';
import { inboxPage } from './inbox-page';
import { assignMany, bulkReportHref, parseBulkReport } from './inbox-assign';

const NOW = new Date('2026-11-23T09:00:00Z');
const person = (nom: string, prenom: string, email: string, telephone: string): Contact => ({
	nom,
	prenom,
	email,
	telephone,
	nir: null,
	message: null
});

const addStaff = (db: Db, name: string, role: StaffRole, departements: string[]) =>
	addStaffAt(db, name, role, departements, NOW);

async function setup() {
	const db = testDb();
	await seedDemoData(db, { onlyIfEmpty: false });
	const service = new BookingService(db, noBookingEvents, () => NOW);
	const callback = (departementCode: string, contact: Contact) =>
		requestCallbackOf(service, departementCode, contact);
	const zoe = await callback(
		'69',
		person('Lefèvre-Ébrard', 'Zoé', 'Zoe.L@Example.org', '06 12 34 56 78')
	);
	const jean = await callback(
		'69',
		person('Dupont', 'Jean', 'jean@example.org', '+33 7 11 22 33 44')
	);
	const twin = await callback('974', person('Lefèvre', 'Zoé', 'zoe.l@example.org', '0612345678'));
	const search = async (q: string, extra: Record<string, string> = {}, scope = ['69']) =>
		(
			await listInbox(db, scope, parseInboxQuery(new URLSearchParams({ q, ...extra }), scope), NOW)
		).rows
			.map((row) => row.reference)
			.filter((reference) => [zoe, jean, twin].some((d) => d.reference === reference));
	return { db, zoe, jean, twin, search };
}

describe('inbox search (real SQLite)', () => {
	it('finds a name without accents, case or order, partially, in my départements only', async () => {
		const { zoe, search } = await setup();
		for (const q of ['lefevre', 'LEFÈVRE', 'zoe lef', 'ebrard', 'Ébr', 'lefevre-ebrard zoé'])
			expect(await search(q), q).toEqual([zoe.reference]);
		expect(await search('zoe martin')).toEqual([]);
	});

	it('finds a reference case- and dash-insensitively, never another département’s', async () => {
		const { zoe, twin, search } = await setup();
		expect(await search(zoe.reference.toLowerCase().replace('-', ''))).toEqual([zoe.reference]);
		expect(await search(twin.reference)).toEqual([]);
		expect(await search(twin.reference, {}, ['974'])).toEqual([twin.reference]);
	});

	it('finds a phone number in any usual format and an e-mail by its key', async () => {
		const { zoe, jean, twin, search } = await setup();
		for (const q of ['0612345678', '06.12.34.56.78', '+33 6 12 34 56 78'])
			expect(await search(q), q).toEqual([zoe.reference]);
		expect(await search('07 11 22 33 44')).toEqual([jean.reference]);
		expect(await search('ZOE.L+x@example.org')).toEqual([zoe.reference]);
		expect((await search('0612345678', {}, ['69', '974'])).sort()).toEqual(
			[zoe.reference, twin.reference].sort()
		);
	});

	it('combines the search with the filters, and an unreadable term matches nothing', async () => {
		const { db, zoe, search } = await setup();
		expect(await search('lefevre', { status: 'nouvelle' })).toEqual([zoe.reference]);
		expect(await search('lefevre', { status: 'cloturee' })).toEqual([]);
		expect(await search('lefevre', { priority: '1' })).toEqual([]);
		await db.update(demandes).set({ priority: 'rappel_rapide' }).where(eq(demandes.id, zoe.id));
		expect(await search('lefevre', { priority: '1' })).toEqual([zoe.reference]);
		expect(await search('06 12')).toEqual([]);
	});

	it('audits a search with its kind and count, never the typed name, e-mail or phone', async () => {
		const { db, zoe } = await setup();
		const agent = await addStaff(db, 'Agathe', 'agent', ['69']);
		const last = async () => (await db.select().from(auditLog).orderBy(desc(auditLog.id)))[0]!;
		const page = await inboxPage(db, agent, new URLSearchParams({ q: 'Lefèvre' }), NOW);
		expect(page.searchKind).toBe('name');
		expect(await last()).toMatchObject({
			action: 'inbox_search',
			demandeReference: null,
			details: { kind: 'name', results: 1, filters: 0, page: 1 }
		});
		expect(JSON.stringify(await last())).not.toMatch(/lef/i);
		await inboxPage(db, agent, new URLSearchParams({ q: '06 12 34 56 78' }), NOW);
		expect(JSON.stringify(await last())).not.toContain('12 34');
		expect((await last()).details).toMatchObject({ kind: 'phone', results: 1 });
		await inboxPage(db, agent, new URLSearchParams({ q: zoe.reference }), NOW);
		expect(await last()).toMatchObject({ action: 'inbox_search', demandeReference: zoe.reference });
		await inboxPage(db, agent, new URLSearchParams(), NOW);
		expect((await last()).action).toBe('inbox_list');
	});
});

describe('prioritaire filter', () => {
	it('lists only prioritaire demandes of my départements', async () => {
		const { db, zoe, twin } = await setup();
		await db.update(demandes).set({ priority: 'rappel_rapide' });
		await db.update(demandes).set({ priority: null }).where(eq(demandes.id, zoe.id));
		const page = await listInbox(
			db,
			['69'],
			parseInboxQuery(new URLSearchParams({ priority: '1' }), ['69']),
			NOW
		);
		expect(page.total).toBeGreaterThan(0);
		expect(page.rows.every((row) => row.priority !== null && row.departementCode === '69')).toBe(
			true
		);
		expect(page.rows.map((row) => row.reference)).not.toContain(zoe.reference);
		expect(page.rows.map((row) => row.reference)).not.toContain(twin.reference);
	});
});

describe('bulk assignment', () => {
	it('assigns each demande by the demande page’s rule and reports every refusal', async () => {
		const { db, zoe, jean, twin } = await setup();
		const agent = await addStaff(db, 'Agathe', 'agent', ['69']);
		const colleague = await addStaff(db, 'Camille', 'agent', ['69']);
		await db.update(demandes).set({ status: 'cloturee' }).where(eq(demandes.id, jean.id));
		const outcome = await assignMany(
			db,
			agent,
			[zoe.reference, jean.reference, twin.reference, zoe.reference],
			colleague.user.id,
			NOW
		);
		expect(outcome).toEqual({
			ok: true,
			value: {
				assigned: 1,
				refused: [
					{ reference: jean.reference, reason: 'wrong_status' },
					{ reference: twin.reference, reason: 'not_found' }
				]
			}
		});
		const assignee = async (id: number) =>
			(await db.select({ to: demandes.assignedTo }).from(demandes).where(eq(demandes.id, id)))[0]
				?.to;
		expect(await assignee(zoe.id)).toBe(colleague.user.id);
		expect(await assignee(jean.id)).toBeNull();
		expect(await assignee(twin.id)).toBeNull();
		expect(
			await db.select().from(auditLog).where(eq(auditLog.demandeReference, zoe.reference))
		).toEqual([expect.objectContaining({ action: 'demande_assignation', userId: agent.user.id })]);
	});

	it('refuses an agent who does not work the demande’s département', async () => {
		const { db, zoe } = await setup();
		const agent = await addStaff(db, 'Agathe', 'agent', ['69']);
		const foreigner = await addStaff(db, 'Rémi', 'agent', ['974']);
		const outcome = await assignMany(db, agent, [zoe.reference], foreigner.user.id, NOW);
		expect(outcome.ok && outcome.value.refused).toEqual([
			{ reference: zoe.reference, reason: 'assignee_invalid' }
		]);
	});

	it('carries the report through the redirect, dropping tampered items', () => {
		const href = bulkReportHref(new URLSearchParams({ status: 'nouvelle', q: 'x', refus: 'y' }), {
			assigned: 2,
			refused: [{ reference: 'PDP-AB3DEF7H', reason: 'wrong_status' }]
		});
		expect(href).toBe(
			'/espace-pro?status=nouvelle&q=x&assignees=2&refus=PDP-AB3DEF7H.wrong_status'
		);
		const params = new URL(href, 'http://x').searchParams;
		params.append('refus', '<script>.not_found');
		params.append('refus', 'PDP-AB3DEF7H.too_long');
		expect(parseBulkReport(params)).toEqual({
			assigned: 2,
			refused: [{ reference: 'PDP-AB3DEF7H', reason: 'wrong_status' }]
		});
		expect(parseBulkReport(new URLSearchParams('assignees=abc'))).toBeNull();
	});
});
