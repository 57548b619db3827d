/**
 * Integrity on PostgreSQL equals SQLite's (ADR 048): the slot counter moves on every write to
 * what free slots come from, in the writer's transaction (ADR 023); the partial unique index
 * refuses a double booking, also between two concurrent transactions (ADR 009); the unique
 * keys of idempotency hold; foreign keys cascade or set null as on SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { eq, sql } from 'drizzle-orm';
import {
	agendaAbsences,
	agendaOpenings,
	agendas,
	closureLifts,
	closures,
	demandes,
	pointsAccueil,
	rendezVous,
	slotGeneration,
	staffUsers,
	suivis
} from '../../src/lib/server/db/schema.pg';
import { pgTestDb, type PgDb, type PgTestDatabase } from '../helpers/pg';

let database: PgTestDatabase;
let db: PgDb;
beforeAll(async () => {
	database = await pgTestDb();
	db = database.db;
});
afterAll(() => database.drop());

const now = new Date('2026-12-07T09:00:00.000Z');
const slot = new Date('2026-12-14T09:00:00.000Z');
const slotEnd = new Date('2026-12-14T09:45:00.000Z');
let sequence = 0;

async function counter(): Promise<number> {
	const [row] = await db.select().from(slotGeneration);
	return row!.value;
}

/** How much `write` moved the slot counter. */
async function moved(write: () => Promise<unknown>): Promise<number> {
	const before = await counter();
	await write();
	return (await counter()) - before;
}

async function newAgenda(): Promise<number> {
	const [agenda] = await db
		.insert(agendas)
		.values({ departementCode: '69', mode: 'telephone', weekly: [] })
		.returning();
	return agenda!.id;
}

async function newDemande(): Promise<number> {
	const n = ++sequence;
	const [demande] = await db
		.insert(demandes)
		.values({
			reference: `PDP-INTEG${n}`,
			kind: 'rendez_vous',
			departementCode: '69',
			source: 'moi_meme',
			nom: 'Test',
			prenom: 'Integrite',
			manageTokenHash: `manage-${n}`,
			requestKeyHash: `request-${n}`,
			createdAt: now,
			dueAt: now
		})
		.returning();
	return demande!.id;
}

const booking = (demandeId: number, agendaId: number) => ({
	demandeId,
	agendaId,
	mode: 'telephone' as const,
	startsAt: slot,
	endsAt: slotEnd,
	createdAt: now
});

/** The PostgreSQL error a promise rejects with (drizzle wraps the driver's in `cause`). */
async function pgError(promise: Promise<unknown>): Promise<{ code?: string; constraint?: string }> {
	try {
		await promise;
	} catch (error) {
		const cause = (error as { cause?: unknown }).cause ?? error;
		return cause as { code?: string; constraint?: string };
	}
	throw new Error('expected the statement to be refused');
}

describe('the slot counter (ADR 023) on PostgreSQL', () => {
	it('moves on every insert, update and delete of each table free slots come from', async () => {
		const agendaId = await newAgenda();
		const demandeId = await newDemande();
		const writes: Record<string, (() => Promise<unknown>)[]> = {
			agendas: [
				() => db.insert(agendas).values({ departementCode: '01', mode: 'visio', weekly: [] }),
				() => db.update(agendas).set({ slotMinutes: 30 }).where(eq(agendas.departementCode, '01')),
				() => db.delete(agendas).where(eq(agendas.departementCode, '01'))
			],
			agenda_openings: [
				() =>
					db
						.insert(agendaOpenings)
						.values({ agendaId, date: '2026-12-19', start: '09:00', end: '12:00' }),
				() => db.update(agendaOpenings).set({ end: '11:00' }),
				() => db.delete(agendaOpenings)
			],
			agenda_absences: [
				() =>
					db
						.insert(agendaAbsences)
						.values({ agendaId, startsAt: slot, endsAt: slotEnd, label: '' }),
				() => db.update(agendaAbsences).set({ label: 'formation' }),
				() => db.delete(agendaAbsences)
			],
			points_accueil: [
				() =>
					db.insert(pointsAccueil).values({ departementCode: '69', name: 'Lyon', address: 'Lyon' }),
				() => db.update(pointsAccueil).set({ active: false }),
				() => db.delete(pointsAccueil)
			],
			closures: [
				() => db.insert(closures).values({ departementCode: '69', date: '2026-12-24' }),
				() => db.update(closures).set({ date: '2026-12-31' }),
				() => db.delete(closures)
			],
			closure_lifts: [
				() => db.insert(closureLifts).values({ departementCode: '971', holiday: 'vendredi-saint' }),
				() => db.update(closureLifts).set({ holiday: 'victor-schoelcher' }),
				() => db.delete(closureLifts)
			],
			rendez_vous: [
				() => db.insert(rendezVous).values(booking(demandeId, agendaId)),
				() => db.update(rendezVous).set({ status: 'annule', cancelledAt: now }),
				() => db.delete(rendezVous)
			]
		};
		const moves: Record<string, number[]> = {};
		for (const [table, steps] of Object.entries(writes)) {
			moves[table] = [];
			for (const write of steps) moves[table].push(await moved(write));
		}
		expect(Object.keys(moves)).toHaveLength(7);
		// At least once: deleting an agenda also deletes (by cascade) from its openings and
		// absences, whose own triggers fire too.
		for (const table of Object.keys(moves))
			expect([table, moves[table]!.map((n) => n > 0)]).toEqual([table, [true, true, true]]);
	});

	it('moves on TRUNCATE, and not on a write elsewhere', async () => {
		await db.insert(closures).values({ departementCode: '38', date: '2026-12-24' });
		expect(await moved(() => db.execute(sql`truncate table closures`))).toBe(1);
		expect(await moved(() => newDemande())).toBe(0);
	});

	it("moves with the writer's transaction: a rolled-back write leaves it where it was", async () => {
		const before = await counter();
		const rolledBack = db.transaction(async (tx) => {
			await tx.insert(closures).values({ departementCode: '69', date: '2027-01-02' });
			tx.rollback();
		});
		await expect(rolledBack).rejects.toThrow('Rollback');
		expect(await counter()).toBe(before);
		expect(await db.select().from(closures).where(eq(closures.date, '2027-01-02'))).toEqual([]);
	});
});

describe('double booking (ADR 009) on PostgreSQL', () => {
	it('refuses a second confirmed rendez-vous on one slot; a cancelled one frees it', async () => {
		const agendaId = await newAgenda();
		const [first, second, third] = [await newDemande(), await newDemande(), await newDemande()];
		const [booked] = await db.insert(rendezVous).values(booking(first, agendaId)).returning();
		const refused = await pgError(db.insert(rendezVous).values(booking(second, agendaId)));
		expect(refused).toMatchObject({ code: '23505', constraint: 'rendez_vous_one_per_slot' });
		await db.update(rendezVous).set({ status: 'annule' }).where(eq(rendezVous.id, booked!.id));
		await db.insert(rendezVous).values(booking(third, agendaId));
		const confirmed = await db
			.select({ demandeId: rendezVous.demandeId })
			.from(rendezVous)
			.where(sql`${rendezVous.agendaId} = ${agendaId} and ${rendezVous.status} = 'confirme'`);
		expect(confirmed).toEqual([{ demandeId: third }]);
	});

	it('refuses it between two concurrent transactions: the second fails when the first commits', async () => {
		const agendaId = await newAgenda();
		const [a, b] = [await newDemande(), await newDemande()];
		const one = new pg.Client({ connectionString: database.url });
		const two = new pg.Client({ connectionString: database.url });
		await Promise.all([one.connect(), two.connect()]);
		const insert =
			'insert into rendez_vous (demande_id, agenda_id, mode, starts_at, ends_at, created_at) values ($1, $2, $3, $4, $5, $6)';
		try {
			await one.query('begin');
			await two.query('begin');
			await one.query(insert, [a, agendaId, 'telephone', slot, slotEnd, now]);
			const second = two.query(insert, [b, agendaId, 'telephone', slot, slotEnd, now]).then(
				() => 'inserted',
				(error: { code: string; constraint: string }) => `${error.code} ${error.constraint}`
			);
			await one.query('commit');
			expect(await second).toBe('23505 rendez_vous_one_per_slot');
			await two.query('rollback');
		} finally {
			await Promise.all([one.end(), two.end()]);
		}
		const booked = await db.select().from(rendezVous).where(eq(rendezVous.agendaId, agendaId));
		expect(booked.map((row) => row.demandeId)).toEqual([a]);
	});
});

describe('keys and foreign keys on PostgreSQL', () => {
	it("refuses a replayed form's second demande (idempotency key) and a reused reference", async () => {
		const id = await newDemande();
		const [existing] = await db.select().from(demandes).where(eq(demandes.id, id));
		const { id: _id, nameKey: _nameKey, ...copy } = existing!;
		expect(
			await pgError(db.insert(demandes).values({ ...copy, reference: 'PDP-OTHER234' }))
		).toMatchObject({ code: '23505', constraint: 'demandes_manage_token_hash_unique' });
		expect(
			await pgError(
				db.insert(demandes).values({ ...copy, manageTokenHash: 'other', requestKeyHash: 'other' })
			)
		).toMatchObject({ code: '23505', constraint: 'demandes_reference_unique' });
		expect(
			await pgError(
				db
					.insert(demandes)
					.values({ ...copy, reference: 'PDP-OTHER567', manageTokenHash: 'another' })
			)
		).toMatchObject({ code: '23505', constraint: 'demandes_request_key_hash_unique' });
	});

	it("cascades a demande's erasure to its rendez-vous, and unassigns a deleted staff member's demandes", async () => {
		const agendaId = await newAgenda();
		const demandeId = await newDemande();
		await db.insert(rendezVous).values({ ...booking(demandeId, agendaId), status: 'annule' });
		const [staff] = await db
			.insert(staffUsers)
			.values({ email: 'fk@example.org', name: 'FK', role: 'agent', createdAt: now })
			.returning();
		await db.update(demandes).set({ assignedTo: staff!.id }).where(eq(demandes.id, demandeId));
		await db.delete(staffUsers).where(eq(staffUsers.id, staff!.id));
		const [demande] = await db.select().from(demandes).where(eq(demandes.id, demandeId));
		expect(demande!.assignedTo).toBeNull();
		await db.delete(demandes).where(eq(demandes.id, demandeId));
		expect(await db.select().from(rendezVous).where(eq(rendezVous.demandeId, demandeId))).toEqual(
			[]
		);
	});

	it('refuses a follow-up with no owner or with two (the CHECK of migration 0017)', async () => {
		const demandeId = await newDemande();
		const row = (n: number) => ({ createdAt: now, tokenHash: `suivi-check-${n}` });
		expect(await pgError(db.insert(suivis).values(row(1)))).toMatchObject({
			code: '23514',
			constraint: 'suivis_one_owner'
		});
		expect(
			await pgError(db.insert(suivis).values({ ...row(2), demandeId, inscriptionId: 999_999 }))
		).toMatchObject({ code: '23514', constraint: 'suivis_one_owner' });
		await db.insert(suivis).values({ ...row(3), demandeId });
		expect(await db.select().from(suivis).where(eq(suivis.demandeId, demandeId))).toHaveLength(1);
	});
});
