import { describe, expect, it } from 'vitest';
import { count, max } from 'drizzle-orm';
import { testDb } from '../../../../tests/helpers/db';
import { seedDemoData } from './seed';
import { HISTORY_DEPARTEMENTS } from './seed-history';
import { demandeEvents, demandes, rendezVous } from './schema';
import { loadStats } from '$lib/server/staff/stats';
import { monthIn } from '$lib/stats/compute';

// Seeding hashes the demo passwords (argon2id) and writes ~400 demandes: slow on a busy machine.
describe('demo history (seedDemoData at a demo server start)', { timeout: 90_000 }, () => {
	it('writes a year of finished, fictitious demandes in the demo staff’s départements, once', async () => {
		const db = testDb();
		const now = new Date();
		expect(await seedDemoData(db, { onlyIfEmpty: true })).toBe(true);
		const rows = await db.select().from(demandes);
		expect(rows.length).toBeGreaterThan(HISTORY_DEPARTEMENTS.length * 12 * 8 - 1);
		expect(new Set(rows.map((r) => r.departementCode))).toEqual(new Set(HISTORY_DEPARTEMENTS));
		for (const row of rows) {
			expect(['cloturee', 'annulee']).toContain(row.status);
			expect(row.nom).toBe('Fictive');
			expect(row.email ?? '').toMatch(/@demo\.portail-pdp\.invalid$/);
			expect(row.createdAt.getTime()).toBeLessThan(now.getTime());
			expect(row.closedAt === null || row.closedAt.getTime() < now.getTime()).toBe(true);
			expect(row.status === 'cloturee' ? row.outcome !== null : row.outcome === null).toBe(true);
		}
		// Every rendez-vous is in the past: no free slot of the demo agendas is taken.
		const latest = (await db.select({ max: max(rendezVous.startsAt) }).from(rendezVous))[0]!.max;
		expect(latest!.getTime()).toBeLessThan(now.getTime());
		expect((await db.select({ n: count() }).from(demandeEvents))[0]!.n).toBeGreaterThan(0);

		// Again at the next start: nothing added.
		expect(await seedDemoData(db, { onlyIfEmpty: true })).toBe(false);
		expect(await db.select().from(demandes)).toHaveLength(rows.length);

		// The statistics of the demo agent's départements are not empty.
		const current = monthIn(now, 'Europe/Paris');
		const [year, month] = current.split('-').map(Number) as [number, number];
		const from = `${month === 12 ? year : year - 1}-${String((month % 12) + 1).padStart(2, '0')}`;
		const stats = (await loadStats(db, ['01', '69'], { departement: null, from, to: current }, now))
			.total;
		expect(stats.demandes).toBeGreaterThan(100);
		expect(stats.closed).toBeGreaterThan(50);
		expect(stats.shareWithinTarget).toBeGreaterThan(0.4);
		expect(stats.noShowRate).toBeGreaterThan(0);
		expect(stats.rappels).toBeGreaterThan(0);
	});

	it('is the same every time (fixed sequence), and a reset without history leaves no demande', async () => {
		const a = testDb();
		const b = testDb();
		await seedDemoData(a, { onlyIfEmpty: true });
		await seedDemoData(b, { onlyIfEmpty: true });
		const refs = async (db: typeof a) =>
			await db
				.select({ r: demandes.reference, s: demandes.source, o: demandes.outcome })
				.from(demandes)
				.orderBy(demandes.reference);
		expect(await refs(a)).toEqual(await refs(b));
		// Tests (and `npm run db:seed`) reset with onlyIfEmpty: false: no history, no leftover events.
		await seedDemoData(a, { onlyIfEmpty: false });
		expect(await a.select().from(demandes)).toEqual([]);
		expect(await a.select().from(demandeEvents)).toEqual([]);
		expect(await a.select().from(rendezVous)).toEqual([]);
	});
});
