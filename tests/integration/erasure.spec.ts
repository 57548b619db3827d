import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { seedDemoData } from '$lib/server/db/seed';
import { auditLog, demandeEvents, demandes, outbox, staffUsers } from '$lib/server/db/schema';
import { sqliteOf, openDatabase, type Db } from '$lib/server/db/index';
import { audit } from '$lib/server/auth/guard';
import { BookingService, newManageToken, type Contact } from '$lib/server/booking/service';
import { createBookingEvents, type EventsConfig } from '$lib/server/booking/events';
import { personalDataExport } from '$lib/server/booking/personal-data';
import { hashToken } from '$lib/server/tokens';
import { redirectLogs } from '$lib/server/log';
import { scoreAnswers } from '$lib/scoring/score';
import { testDb } from '../helpers/db';
import { sampleAnswers, sampleProfile } from '../fixtures/answers';

/*
 * The right to erasure (ADR 017): erasing a demande through its manage link leaves nothing
 * about the person, neither in any table nor in the bytes of the database file and its WAL,
 * and the only trace is an audit row with the reference. Real SQLite, real booking events.
 */

// Monday 23 November 2026, 10:00 in Paris.
const T0 = new Date('2026-11-23T09:00:00Z');

const person: Contact = {
	nom: 'Quaglietti',
	prenom: 'Zéphyrine',
	email: 'zephyrine.quaglietti@example.org',
	telephone: '0692471358',
	nir: '285057800608431',
	message: 'Disponible le matin, lumbagoxq chronique.'
};
/** What must never be found once the person erased their data (UTF-8, as SQLite stores text). */
const secrets = [
	person.nom,
	person.prenom,
	person.email!,
	person.telephone!,
	person.nir!,
	'lumbagoxq'
];
const other: Contact = {
	nom: 'Beaulieu',
	prenom: 'Armand',
	email: 'armand.beaulieu@example.org',
	telephone: null,
	nir: null,
	message: null
};
const share = {
	questionnaireVersion: '2026.1',
	profile: sampleProfile,
	answers: sampleAnswers,
	result: scoreAnswers(sampleAnswers, 'salarie')
};

beforeAll(() => {
	// The erasure's own log line must be written (and checked) whatever the default level.
	process.env.LOG_LEVEL = 'debug';
});

afterEach(() => {
	vi.restoreAllMocks();
});

async function setup() {
	const db = testDb();
	await seedDemoData(db, { onlyIfEmpty: false });
	const config: EventsConfig = { baseUrl: 'https://portail.example', isDemo: false, now: () => T0 };
	const service = new BookingService(db, createBookingEvents(config), () => T0);
	return { db, service };
}

async function book(service: BookingService, contact: Contact, index: number) {
	const slot = (await service.freeSlots('974', 'telephone'))[index]!;
	const token = newManageToken();
	const outcome = await service.book({
		departementCode: '974',
		source: 'medecin_traitant',
		contact,
		share,
		locale: 'fr',
		token,
		agendaId: slot.agendaId,
		start: slot.start
	});
	if (!outcome.ok) throw new Error('booking failed');
	return { token, demande: outcome.demande };
}

/** Every row of every table, as text. */
function everyRow(db: Db): string {
	const tables = sqliteOf(db)
		.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
		.pluck()
		.all() as string[];
	return tables
		.map(
			(table) =>
				`${table}: ${JSON.stringify(sqliteOf(db).prepare(`SELECT * FROM "${table}"`).all())}`
		)
		.join('\n');
}

/** The raw bytes of the database file and of its WAL (what a stolen disk would show). */
function rawBytes(file: string): Buffer {
	return Buffer.concat(
		[file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f))
	);
}

const found = (haystack: Buffer | string, needles: string[]) =>
	needles.filter((needle) =>
		typeof haystack === 'string'
			? haystack.includes(needle)
			: haystack.includes(Buffer.from(needle, 'utf8'))
	);

describe('erasure through the manage link', () => {
	it('removes every row and every byte about the person; the audit keeps only the reference', async () => {
		const { db, service } = await setup();
		const file = sqliteOf(db).name;
		const { token, demande } = await book(service, person, 0);
		const kept = await book(service, other, 1);
		// A full life: moved once, worked by the service social (note, audited read), a mail sent.
		const slot = (await service.freeSlots('974', 'telephone'))[2]!;
		expect((await service.move(token, slot.agendaId, slot.start)).ok).toBe(true);
		const [agent] = await db.select({ id: staffUsers.id }).from(staffUsers);
		await db.insert(demandeEvents).values({
			demandeId: demande.id,
			at: T0,
			userId: agent?.id ?? null,
			type: 'note',
			note: `Appel de ${person.prenom} ${person.nom} au ${person.telephone}`
		});
		await audit(
			db,
			{
				userId: agent?.id ?? null,
				action: 'demande_read',
				demandeReference: demande.reference,
				departementCode: '974'
			},
			T0
		);
		await db.update(outbox).set({ sentAt: T0 }).where(eq(outbox.demandeId, demande.id));

		// Positive control: before the erasure the scans do find the person.
		sqliteOf(db).pragma('wal_checkpoint(TRUNCATE)');
		expect(found(everyRow(db), secrets)).toEqual(secrets);
		expect(found(rawBytes(file), secrets)).toEqual(secrets);

		const lines: string[] = [];
		redirectLogs({ write: (line: string) => void lines.push(line) });
		try {
			expect(await service.erase(token)).toEqual({ ok: true });
		} finally {
			redirectLogs();
		}

		const output = lines.join('');
		expect(output).toContain('demande erased');
		expect(found(output, [...secrets, demande.reference, token, hashToken(token)])).toEqual([]);

		// No row anywhere, and the bytes are gone from the file and the WAL (erase checkpoints it).
		expect(found(everyRow(db), secrets)).toEqual([]);
		expect(found(rawBytes(file), secrets)).toEqual([]);
		expect(await db.select().from(demandes).where(eq(demandes.id, demande.id))).toEqual([]);
		for (const table of ['rendez_vous', 'demande_events', 'outbox']) {
			const n = sqliteOf(db)
				.prepare(`SELECT count(*) FROM "${table}" WHERE demande_id = ?`)
				.pluck()
				.get(demande.id);
			expect(n, table).toBe(0);
		}
		// Still nothing once everything is checkpointed and the file closed.
		sqliteOf(db).pragma('wal_checkpoint(TRUNCATE)');
		sqliteOf(db).close();
		expect(found(rawBytes(file), secrets)).toEqual([]);

		// The audit trail: the erasure by reference and département only; earlier reads stay.
		const reopened = openDatabase(file, './drizzle');
		const erased = await reopened
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'demande_erased'));
		expect(erased).toEqual([
			{
				id: expect.any(Number),
				at: T0,
				userId: null,
				action: 'demande_erased',
				demandeReference: demande.reference,
				departementCode: '974',
				details: null
			}
		]);
		expect(
			(
				await reopened
					.select({ n: sql<number>`count(*)` })
					.from(auditLog)
					.where(eq(auditLog.demandeReference, demande.reference))
			)[0]?.n
		).toBe(2);
		// The département is told by reference only (a mail not linked to the demande).
		const [notice] = await reopened
			.select()
			.from(outbox)
			.where(eq(outbox.subject, `Portail PDP – demande effacée ${demande.reference}`));
		expect(notice?.recipient).toBe('service-social-974@demo.portail-pdp.invalid');
		// The other person's demande is untouched.
		const [survivor] = await reopened
			.select()
			.from(demandes)
			.where(eq(demandes.id, kept.demande.id));
		expect(survivor?.nom).toBe(other.nom);
		sqliteOf(reopened).close();
	});

	it('an unknown token erases nothing and leaves no trace', async () => {
		const { db, service } = await setup();
		await book(service, person, 0);
		const before = everyRow(db);
		expect(await service.erase(newManageToken())).toEqual({ ok: false });
		expect(everyRow(db)).toBe(before);
	});
});

describe('personal data download', () => {
	it('holds the contact data, the shared questionnaire, the rendez-vous, the history and the mails, and nothing secret', async () => {
		const { db, service } = await setup();
		const { token, demande } = await book(service, person, 0);
		const slot = (await service.freeSlots('974', 'telephone'))[3]!;
		expect((await service.move(token, slot.agendaId, slot.start)).ok).toBe(true);
		await db.insert(demandeEvents).values({
			demandeId: demande.id,
			at: T0,
			userId: null,
			type: 'tentative_contact',
			note: 'note interne'
		});
		const row = (await db.select().from(demandes).where(eq(demandes.id, demande.id)))[0]!;

		const data = await personalDataExport(db, row, T0);
		expect(data).toMatchObject({
			format: 'portail-pdp/donnees-personnelles',
			version: 1,
			exportedAt: T0.toISOString(),
			demande: {
				reference: demande.reference,
				kind: 'rendez_vous',
				status: 'nouvelle',
				departement: { code: '974', name: 'La Réunion', organisme: 'CGSS La Réunion' },
				source: 'medecin_traitant'
			},
			contact: person,
			questionnaire: {
				shared: true,
				version: '2026.1',
				profile: sampleProfile,
				answers: sampleAnswers,
				result: share.result
			},
			history: [{ at: T0.toISOString(), type: 'tentative_contact' }]
		});
		expect(data.rendezVous.map((r) => r.status)).toEqual(['annule', 'confirme']);
		expect(data.rendezVous[1]).toMatchObject({
			mode: 'telephone',
			startsAt: slot.start.toISOString(),
			cancelledAt: null
		});
		expect(data.rendezVous[0]).toMatchObject({ cancelledBy: 'assure' });
		expect(data.emails.length).toBe(2);
		expect(data.emails.every((mail) => mail.subject.includes(demande.reference))).toBe(true);
		const text = JSON.stringify(data);
		for (const secret of [token, hashToken(token), 'note interne', 'manageTokenHash'])
			expect(text, secret).not.toContain(secret);
	});

	it('says the questionnaire was not shared, without any answer, when the person said no', async () => {
		const { db, service } = await setup();
		const slot = (await service.freeSlots('974', 'telephone'))[4]!;
		const outcome = await service.book({
			departementCode: '974',
			source: 'moi_meme',
			contact: other,
			share: null,
			locale: 'en',
			token: newManageToken(),
			agendaId: slot.agendaId,
			start: slot.start
		});
		if (!outcome.ok) throw new Error('booking failed');
		const data = await personalDataExport(db, outcome.demande, T0);
		expect(data.questionnaire).toEqual({ shared: false });
		expect(data.demande.locale).toBe('en');
	});
});
