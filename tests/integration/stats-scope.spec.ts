/*
 * The follow-up and évènement statistics refuse a département outside the staff member's scope
 * (the routes answer 404, as the main statistics page does): they never fall back silently to
 * the staff member's own départements, and nothing is read nor audited.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog } from '$lib/server/db/schema';
import { readEvenementStats } from '$lib/server/evenements/stats';
import { readSuiviStats } from '$lib/server/suivi/stats';
import { testDb } from '../helpers/db';
import { addStaff } from '../fixtures/staff';
import { publishedEvenement } from '../fixtures/evenements';

const T0 = new Date('2026-12-07T08:00:00Z');

async function world() {
	const db = testDb();
	const staff = await addStaff(db, 'Payet', 'responsable', ['974', '976'], T0);
	const other = await addStaff(db, 'Martin', 'responsable', ['971'], T0);
	await publishedEvenement(db, staff, T0);
	await publishedEvenement(db, other, T0, { departements: ['971'], titleFr: 'Hors périmètre' });
	return { db, staff };
}

const audited = async (db: ReturnType<typeof testDb>) =>
	(await db.select().from(auditLog).where(eq(auditLog.action, 'stats_view'))).length;

describe('statistics of a département outside the scope', () => {
	it('évènements: another département or an unknown code is refused; one of the scope or none is read', async () => {
		const { db, staff } = await world();
		for (const departement of ['971', 'zz', '<script>'])
			expect(
				await readEvenementStats(db, staff, new URLSearchParams({ departement }), 'stats_view', T0)
			).toBeNull();
		expect(await audited(db)).toBe(0);
		const mine = (await readEvenementStats(
			db,
			staff,
			new URLSearchParams({ departement: '974' }),
			'stats_view',
			T0
		))!;
		expect(mine.departement).toBe('974');
		expect(mine.stats.byEvenement.map((row) => row.title)).toEqual(['Réunion d’information PDP']);
		const all = (await readEvenementStats(db, staff, new URLSearchParams(), 'stats_view', T0))!;
		expect(all.departement).toBeNull();
		expect(all.stats.byEvenement).toHaveLength(1);
		expect(await audited(db)).toBe(2);
	});

	it('follow-up: another département is refused; one of the scope is read and audited', async () => {
		const { db, staff } = await world();
		const read = (departement: string) =>
			readSuiviStats(db, staff, new URLSearchParams({ departement }), 'suivi_stats_view', T0);
		expect(await read('971')).toBeNull();
		expect(await read('zz')).toBeNull();
		expect(
			await db.select().from(auditLog).where(eq(auditLog.action, 'suivi_stats_view'))
		).toHaveLength(0);
		expect((await read('976'))?.query.departement).toBe('976');
		expect((await read(''))?.query.departement).toBeUndefined();
	});
});
