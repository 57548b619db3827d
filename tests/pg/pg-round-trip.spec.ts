/**
 * The same rows written through drizzle to SQLite (better-sqlite3, schema.ts) and to PostgreSQL
 * (node-postgres, schema.pg.ts) read back identical (ADR 048): instants as Dates to the
 * millisecond, booleans, JSON (objects, arrays, nulls inside), vocabulary words, nulls, ids as
 * numbers, defaults, and the generated name key folded alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { PgTable } from 'drizzle-orm/pg-core';
import * as lite from '../../src/lib/server/db/schema.sqlite';
import * as pgs from '../../src/lib/server/db/schema.pg';
import { scoreAnswers } from '../../src/lib/scoring/score';
import { variantFor } from '../../src/lib/questionnaire/definition';
import { foldName } from '../../src/lib/staff/search-query';
import { sampleAnswers, sampleProfile } from '../fixtures/answers';
import { pgTestDb, type PgDb, type PgTestDatabase } from '../helpers/pg';

let database: PgTestDatabase;
let pg: PgDb;
let sqlite: BetterSQLite3Database<typeof lite> & { $client: Database.Database };
beforeAll(async () => {
	database = await pgTestDb();
	pg = database.db;
	const file = new Database(':memory:');
	file.pragma('foreign_keys = ON');
	sqlite = drizzle(file, { schema: lite });
	migrate(sqlite, { migrationsFolder: './drizzle' });
});
afterAll(async () => {
	sqlite.$client.close();
	await database.drop();
});

/** Instants with milliseconds, one of them before 1970 (a negative epoch). */
const at = new Date('2026-12-07T09:15:30.123Z');
const later = new Date('2027-06-07T22:59:59.999Z');
const old = new Date('1969-07-20T20:17:40.001Z');

/** Every row of a table on both sides, in one order (the ids are assigned alike). */
async function bothRows(liteTable: SQLiteTable, pgTable: PgTable) {
	const order = (rows: unknown[]) => [...rows].sort(byJson);
	return {
		sqlite: order(await sqlite.select().from(liteTable)),
		pg: order(await pg.select().from(pgTable))
	};
}
const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));

describe('a row written and read back through drizzle', () => {
	it('is the same on SQLite and on PostgreSQL, column by column', async () => {
		const staff = {
			email: 'agent@example.org',
			name: 'Agent',
			role: 'responsable' as const,
			totpLastStep: 59_000_000,
			createdAt: old
		};
		await sqlite.insert(lite.staffUsers).values(staff);
		await pg.insert(pgs.staffUsers).values(staff);

		const sessions = [
			{ id: 'session-a', userId: 1, expiresAt: later, createdAt: at },
			{ id: 'session-b', userId: 1, expiresAt: later, createdAt: at, twoFactorVerified: true }
		];
		await sqlite.insert(lite.staffSessions).values(sessions);
		await pg.insert(pgs.staffSessions).values(sessions);

		const campagne = {
			code: 'ABCD2345',
			name: 'Arrêts de 90 jours',
			startsOn: '2027-03-01',
			endsOn: '2027-03-31',
			createdBy: 1,
			createdAt: at,
			updatedAt: later
		};
		await sqlite.insert(lite.campagnes).values(campagne);
		await pg.insert(pgs.campagnes).values(campagne);

		const agenda = {
			departementCode: '974',
			mode: 'accueil' as const,
			weekly: [
				{ weekday: 1 as const, start: '08:30' as const, end: '12:00' as const },
				{ weekday: 4 as const, start: '13:30' as const, end: '16:45' as const }
			]
		};
		await sqlite.insert(lite.agendas).values(agenda);
		await pg.insert(pgs.agendas).values(agenda);

		const demandes = [
			{
				reference: 'PDP-RTRIP234',
				kind: 'rendez_vous' as const,
				departementCode: '974',
				source: 'medecin_traitant',
				nom: 'Łukasz-Élodie',
				prenom: 'Zoë D’Arc',
				email: 'zoe@example.org',
				telephone: '+262692000000',
				emailKey: 'zoe@example.org',
				phoneKey: '+262692000000',
				smsRefused: true,
				priority: 'detresse' as const,
				shareResult: true,
				questionnaireVersion: '2026-01',
				profile: sampleProfile,
				answers: sampleAnswers,
				result: scoreAnswers(sampleAnswers, variantFor(sampleProfile.statut)),
				manageTokenHash: 'manage-1',
				requestKeyHash: 'request-1',
				createdAt: at,
				dueAt: later,
				assignedTo: 1,
				orienteur: {
					type: 'medecin_travail',
					nom: 'Dr Orient',
					structure: 'SPST',
					email: 'o@example.org',
					telephone: null
				},
				campagneId: 1,
				suiviConsentAt: at,
				suiviConsentVersion: 'v1'
			},
			{
				reference: 'PDP-RTRIP567',
				kind: 'rappel' as const,
				departementCode: '69',
				source: 'moi_meme',
				nom: 'MARTIN',
				prenom: 'Claire',
				manageTokenHash: 'manage-2',
				createdAt: old,
				dueAt: at,
				outcome: 'emploi_poste_amenage' as const,
				closedAt: later
			}
		];
		await sqlite.insert(lite.demandes).values(demandes);
		await pg.insert(pgs.demandes).values(demandes);

		const rendezVous = {
			demandeId: 1,
			agendaId: 1,
			mode: 'accueil' as const,
			startsAt: later,
			endsAt: later,
			createdAt: at,
			status: 'annule' as const,
			cancelledBy: 'service' as const,
			attendance: 'absent' as const,
			reminderChannel: 'email_sms' as const
		};
		await sqlite.insert(lite.rendezVous).values(rendezVous);
		await pg.insert(pgs.rendezVous).values(rendezVous);

		const evenements = [
			{
				kind: 'forum' as const,
				titleFr: 'Forum PDP',
				startsAt: later,
				durationMinutes: 180,
				timeZone: 'Indian/Reunion',
				mode: 'presentiel' as const,
				capacity: 120,
				registrationDeadline: at,
				partners: ['Cap emploi', 'Été « solidaire »'],
				invitationOnly: true,
				invitationCode: 'FORUM234',
				createdAt: at,
				updatedAt: at
			},
			{
				kind: 'atelier' as const,
				titleFr: 'Atelier',
				startsAt: at,
				durationMinutes: 90,
				timeZone: 'Europe/Paris',
				mode: 'visio' as const,
				capacity: 12,
				registrationDeadline: at,
				invitationCode: 'ATELI567',
				createdAt: at,
				updatedAt: at
			}
		];
		await sqlite.insert(lite.evenements).values(evenements);
		await pg.insert(pgs.evenements).values(evenements);

		const audit = {
			at,
			userId: 1,
			action: 'demande.view',
			demandeReference: 'PDP-RTRIP234',
			details: { field: 'statut', count: 3, ratio: 0.25, changed: true, before: null }
		};
		await sqlite.insert(lite.auditLog).values(audit);
		await pg.insert(pgs.auditLog).values(audit);

		const outbox = {
			demandeId: 1,
			dedupeKey: 'rappel-1',
			channel: 'sms' as const,
			recipient: '+262692000000',
			subject: '',
			text: 'Rappel : rendez-vous demain à 9 h.',
			nextAttemptAt: at,
			createdAt: at,
			deliveryStatus: 'delivered' as const,
			deliveredAt: later
		};
		await sqlite.insert(lite.outbox).values(outbox);
		await pg.insert(pgs.outbox).values(outbox);

		const pairs: [string, SQLiteTable, PgTable][] = [
			['staff_users', lite.staffUsers, pgs.staffUsers],
			['staff_sessions', lite.staffSessions, pgs.staffSessions],
			['campagnes', lite.campagnes, pgs.campagnes],
			['agendas', lite.agendas, pgs.agendas],
			['demandes', lite.demandes, pgs.demandes],
			['rendez_vous', lite.rendezVous, pgs.rendezVous],
			['evenements', lite.evenements, pgs.evenements],
			['audit_log', lite.auditLog, pgs.auditLog],
			['outbox', lite.outbox, pgs.outbox],
			['slot_generation', lite.slotGeneration, pgs.slotGeneration]
		];
		for (const [name, liteTable, pgTable] of pairs) {
			const rows = await bothRows(liteTable, pgTable);
			expect(rows.sqlite.length, name).toBeGreaterThan(0);
			// Strict: the same keys, the same classes (Date, number, boolean), no undefined for null.
			expect(rows.pg, name).toStrictEqual(rows.sqlite);
		}
	});

	it('gives instants to the millisecond, booleans, JSON and ids their JavaScript types', async () => {
		const [demande] = await pg.select().from(pgs.demandes).where(eq(pgs.demandes.id, 1));
		if (!demande) throw new Error('no demande');
		expect(demande.createdAt).toBeInstanceOf(Date);
		expect(demande.createdAt.getTime()).toBe(at.getTime());
		expect(demande.id).toBe(1);
		expect(demande.smsRefused).toBe(true);
		expect(demande.orienteur?.telephone).toBeNull();
		const [evenement] = await pg.select().from(pgs.evenements).where(eq(pgs.evenements.id, 1));
		expect(evenement?.partners).toEqual(['Cap emploi', 'Été « solidaire »']);
		const [staff] = await pg.select().from(pgs.staffUsers);
		expect(staff?.createdAt.toISOString()).toBe('1969-07-20T20:17:40.001Z');
	});

	it('folds the name key alike on both, as the inbox search folds a typed name', async () => {
		const keys = await bothRows(lite.demandes, pgs.demandes);
		const pgKeys = keys.pg.map((row) => (row as { nameKey: string }).nameKey);
		expect(pgKeys).toEqual(keys.sqlite.map((row) => (row as { nameKey: string }).nameKey));
		expect(pgKeys).toContain(foldName(' Łukasz-Élodie Zoë D’Arc'));
		expect(pgKeys).toContain(' martin claire');
	});
});
