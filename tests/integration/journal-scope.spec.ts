import { describe, expect, it } from 'vitest';
import { audit } from '$lib/server/auth/guard';
import { createStaffUser } from '$lib/server/auth/accounts';
import { listJournal, parseJournalQuery } from '$lib/server/staff/journal';
import { testDb } from '../helpers/db';

/*
 * security review (docs/security-review-2026-12.md) finding 11: a responsable's journal shows the lines about objects of their
 * départements, and their staff's lines about no département (logins, account changes), never
 * a line about another département's object, even when the colleague who acted also works one
 * of the responsable's départements.
 */
const T0 = new Date('2026-11-23T09:00:00Z');

describe('journal scope', () => {
	it("hides lines about another département's objects written by a shared colleague", async () => {
		const db = testDb();
		const shared = await createStaffUser(
			db,
			{ email: 'shared@example.org', name: 'Partagée', role: 'agent', departements: ['69', '974'] },
			T0
		);
		const lyonOnly = await createStaffUser(
			db,
			{ email: 'lyon@example.org', name: 'Lyon', role: 'agent', departements: ['69'] },
			T0
		);
		await createStaffUser(
			db,
			{ email: 'rose@example.org', name: 'Rose', role: 'responsable', departements: ['974'] },
			T0
		);
		await audit(
			db,
			{
				userId: shared,
				action: 'demande_note',
				demandeReference: 'PDP-69-AAAA',
				departementCode: '69'
			},
			T0
		);
		await audit(
			db,
			{
				userId: shared,
				action: 'demande_read',
				demandeReference: 'PDP-974-BBBB',
				departementCode: '974'
			},
			T0
		);
		await audit(
			db,
			{ userId: shared, action: 'agenda_update', departementCode: '69', details: { agenda: 1 } },
			T0
		);
		await audit(
			db,
			{ userId: shared, action: 'login_success', details: { secondFactor: false } },
			T0
		);
		await audit(
			db,
			{ userId: lyonOnly, action: 'login_success', details: { secondFactor: false } },
			T0
		);
		// A line naming a demande but no département is never shown by authorship alone.
		await audit(
			db,
			{ userId: shared, action: 'demande_note', demandeReference: 'PDP-01-CCCC' },
			T0
		);

		const view = (departements: string[]) =>
			listJournal(
				db,
				{ role: 'responsable', departements },
				parseJournalQuery(new URLSearchParams()),
				'Indian/Reunion'
			);
		const rose = await view(['974']);
		expect(
			rose.rows.map((r) => `${r.action}:${r.departementCode ?? '-'}:${r.userName}`).sort()
		).toEqual(['demande_read:974:Partagée', 'login_success:-:Partagée']);
		expect(rose.total).toBe(2);
		expect(
			(await view(['69'])).rows
				.map((r) => `${r.action}:${r.departementCode ?? '-'}:${r.userName}`)
				.sort()
		).toEqual([
			'agenda_update:69:Partagée',
			'demande_note:69:Partagée',
			'login_success:-:Lyon',
			'login_success:-:Partagée'
		]);
		expect(
			(
				await listJournal(
					db,
					{ role: 'administrateur', departements: [] },
					parseJournalQuery(new URLSearchParams()),
					'Europe/Paris'
				)
			).total
		).toBe(6);
	});
});
