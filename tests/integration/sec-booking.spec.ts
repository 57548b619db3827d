import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { seedDemoData } from '$lib/server/db/seed';
import {
	agendas,
	demandes,
	loginAttempts,
	outbox,
	pointsAccueil,
	rendezVous
} from '$lib/server/db/schema';
import { sqliteOf, type Db } from '$lib/server/db/index';
import { dialect } from '$lib/server/db/dialect';
import { personKeys } from '$lib/booking/identity';
import {
	BookingService,
	newManageToken,
	type BookingEvents,
	type BookingInput,
	type BookingLimits,
	type Contact,
	type Requester
} from '$lib/server/booking/service';
import { createBookingEvents } from '$lib/server/booking/events';
import { hashToken } from '$lib/server/tokens';
import { testDb } from '../helpers/db';
import { freeSlotInput } from '../helpers/booking';

/*
 * security review (docs/security-review-2026-12.md) findings 4–6 (ADR 026), on real SQLite with the demo agendas:
 * 4. slot hoarding: at most N upcoming rendez-vous per person (e-mail, phone, NIR, normalised)
 *    and M public bookings per client address in 24 h; staff are not limited;
 * 5. a past rendez-vous, or one of a closed or cancelled demande, is final: no move, no cancel;
 * 6. a deactivated point d'accueil (or agenda) takes no booking and no move, whatever was posted.
 */

// Monday 23 November 2026, 10:00 in Paris.
const T0 = new Date('2026-11-23T09:00:00Z');
const HOUR = 60 * 60 * 1000;

async function setup(options: { limits?: BookingLimits; mails?: boolean } = {}) {
	const db = testDb();
	await seedDemoData(db, { onlyIfEmpty: false });
	const clock = { now: T0 };
	const log: string[] = [];
	const recorded: BookingEvents = {
		booked: async (_tx, d) => void log.push(`booked ${d.reference}`),
		moved: async (_tx, d) => void log.push(`moved ${d.reference}`),
		cancelled: async (_tx, d) => void log.push(`cancelled ${d.reference}`),
		callbackRequested: async (_tx, d) => void log.push(`callback ${d.reference}`),
		erased: async (_tx, d) => void log.push(`erased ${d.reference}`)
	};
	const events = options.mails
		? createBookingEvents({
				baseUrl: 'https://portail.example',
				isDemo: false,
				now: () => clock.now
			})
		: recorded;
	const service = new BookingService(db, events, () => clock.now, options.limits);
	return { db, service, clock, log };
}

const person = (overrides: Partial<Contact> = {}): Contact => ({
	nom: 'Hoareau',
	prenom: 'Josiane',
	email: 'josiane.hoareau@example.org',
	telephone: null,
	nir: null,
	message: null,
	...overrides
});

const PUBLIC: Requester = { public: true, address: '203.0.113.9' };

const bookInput = (
	service: BookingService,
	departementCode: string,
	contact: Contact,
	requester?: Requester,
	index = 0,
	mode: 'telephone' | 'visio' | 'accueil' = 'telephone'
): Promise<BookingInput> =>
	freeSlotInput(service, departementCode, contact, { requester, index, mode });

const counts = async (db: Db) => ({
	demandes: (await db.select({ n: sql<number>`count(*)` }).from(demandes))[0]!.n,
	rendezVous: (await db.select({ n: sql<number>`count(*)` }).from(rendezVous))[0]!.n,
	outbox: (await db.select({ n: sql<number>`count(*)` }).from(outbox))[0]!.n
});

describe('item 4: slot hoarding is limited per person and per client address', () => {
	it('refuses a third upcoming rendez-vous of one person, however the e-mail, phone or NIR is written, and stores nothing', async () => {
		const { db, service } = await setup({ mails: true });
		// Two rendez-vous in two départements: the limit is national.
		const nir = '255081416802538';
		expect(
			(
				await service.book(
					await bookInput(service, '69', person({ telephone: '0692123456', nir }), PUBLIC)
				)
			).ok
		).toBe(true);
		expect(
			(
				await service.book(
					await bookInput(
						service,
						'974',
						person({ email: 'JOSIANE.hoareau@example.org', telephone: '+262692123456', nir }),
						PUBLIC
					)
				)
			).ok
		).toBe(true);
		const before = await counts(db);
		const variants: Contact[] = [
			person({ email: ' Josiane.Hoareau+rdv3@EXAMPLE.org ' }),
			person({ email: null, telephone: '+33 692 12 34 56' }),
			person({ email: 'autre@example.org', nir })
		];
		for (const contact of variants) {
			expect(
				await service.book(await bookInput(service, '13', contact, PUBLIC)),
				JSON.stringify(contact)
			).toEqual({ ok: false, reason: 'limit_person' });
		}
		expect(await counts(db)).toEqual(before);
		// Someone else from the same address is not that person.
		expect(
			(
				await service.book(
					await bookInput(service, '13', person({ email: 'voisin@example.org' }), PUBLIC)
				)
			).ok
		).toBe(true);
	});

	it('counts only upcoming confirmed rendez-vous of open demandes: a cancelled one or a past one frees a place', async () => {
		const { db, service, clock } = await setup();
		const first = await bookInput(service, '69', person(), PUBLIC);
		expect((await service.book(first)).ok).toBe(true);
		expect((await service.book(await bookInput(service, '69', person(), PUBLIC, 3))).ok).toBe(true);
		expect(await service.book(await bookInput(service, '69', person(), PUBLIC, 6))).toEqual({
			ok: false,
			reason: 'limit_person'
		});
		expect(await service.cancel(first.token)).toEqual({ ok: true });
		const third = await bookInput(service, '69', person(), PUBLIC, 6);
		expect((await service.book(third)).ok).toBe(true);
		// A closed demande's rendez-vous does not hold a place.
		await db
			.update(demandes)
			.set({ status: 'cloturee', closedAt: T0 })
			.where(eq(demandes.manageTokenHash, hashToken(third.token)));
		expect((await service.book(await bookInput(service, '69', person(), PUBLIC, 9))).ok).toBe(true);
		// Fifteen days later every one of them is past.
		clock.now = new Date(T0.getTime() + 15 * 24 * HOUR);
		expect((await service.book(await bookInput(service, '69', person(), PUBLIC))).ok).toBe(true);
	});

	it('a replayed submit of a booking still gets its confirmation at the limit', async () => {
		const { service } = await setup();
		const input = await bookInput(service, '69', person(), PUBLIC);
		const first = await service.book(input);
		expect((await service.book(await bookInput(service, '69', person(), PUBLIC, 2))).ok).toBe(true);
		expect(await service.book(input)).toMatchObject({
			ok: true,
			replayed: true,
			demande: { id: first.ok ? first.demande.id : -1 }
		});
	});

	it('staff (and the portal itself) are not limited', async () => {
		const { service } = await setup();
		for (let i = 0; i < 4; i++)
			expect(
				(await service.book(await bookInput(service, '69', person(), { public: false }, i * 2))).ok
			).toBe(true);
		for (let i = 0; i < 2; i++)
			expect(
				(await service.book(await bookInput(service, '13', person(), undefined, i * 2))).ok
			).toBe(true);
	});

	it('caps public bookings from one client address over 24 hours, keeping only a hash of the address', async () => {
		const { db, service, clock } = await setup({ limits: { perPerson: 2, perAddress: 3 } });
		for (let i = 0; i < 3; i++) {
			expect(
				(
					await service.book(
						await bookInput(
							service,
							'69',
							person({ email: `personne${i}@example.org` }),
							PUBLIC,
							i * 2
						)
					)
				).ok
			).toBe(true);
		}
		const before = await counts(db);
		expect(
			await service.book(
				await bookInput(service, '69', person({ email: 'quatrieme@example.org' }), PUBLIC, 8)
			)
		).toEqual({ ok: false, reason: 'limit_address' });
		expect(await counts(db)).toEqual(before);
		// Another address, staff, or the same address a day later: allowed.
		expect(
			(
				await service.book(
					await bookInput(
						service,
						'69',
						person({ email: 'ailleurs@example.org' }),
						{ public: true, address: '198.51.100.7' },
						8
					)
				)
			).ok
		).toBe(true);
		expect(
			(
				await service.book(
					await bookInput(
						service,
						'69',
						person({ email: 'conseil@example.org' }),
						{ public: false },
						10
					)
				)
			).ok
		).toBe(true);
		clock.now = new Date(T0.getTime() + 24 * HOUR + 1);
		expect(
			(
				await service.book(
					await bookInput(service, '69', person({ email: 'lendemain@example.org' }), PUBLIC, 12)
				)
			).ok
		).toBe(true);
		const keys = (await db.select().from(loginAttempts)).map((row) => row.key);
		expect(keys.every((key) => /^booking:[0-9a-f]{64}$/.test(key))).toBe(true);
		// The rows of the first day were pruned with the new one.
		expect(keys).toHaveLength(1);
		expect(JSON.stringify(await db.select().from(loginAttempts))).not.toContain('203.0.113.9');
	});

	it('stores the normalised keys on the demande; the migration backfills the same keys for older demandes', async () => {
		const { db, service } = await setup();
		const contacts = [
			person({ email: 'Jean.Payet+1@Example.ORG', telephone: '0612345678' }),
			person({ email: 'x@example.org', telephone: '+33692000000' }),
			person({ email: null, telephone: '0590123456' }),
			person({ email: 'y@example.org', telephone: '+32470123456' })
		];
		for (const [i, contact] of contacts.entries())
			expect((await service.book(await bookInput(service, '69', contact, undefined, i))).ok).toBe(
				true
			);
		const stored = async () =>
			await db
				.select({
					email: demandes.email,
					telephone: demandes.telephone,
					emailKey: demandes.emailKey,
					phoneKey: demandes.phoneKey
				})
				.from(demandes)
				.orderBy(demandes.id);
		const expected = contacts.map((c) => ({
			emailKey: personKeys(c).email,
			phoneKey: personKeys(c).phone
		}));
		expect((await stored()).map(({ emailKey, phoneKey }) => ({ emailKey, phoneKey }))).toEqual(
			expected
		);
		// SQLite's migration 0007 backfilled the keys of existing rows; PostgreSQL's schema began
		// after it (ADR 048), with no rows to backfill.
		if (dialect === 'postgres') return;
		await db.update(demandes).set({ emailKey: null, phoneKey: null });
		const backfill = readFileSync('drizzle/0007_person_keys.sql', 'utf8')
			.split('--> statement-breakpoint')
			.filter((statement) => statement.includes('UPDATE'));
		expect(backfill).toHaveLength(3);
		for (const statement of backfill) sqliteOf(db).exec(statement);
		expect((await stored()).map(({ emailKey, phoneKey }) => ({ emailKey, phoneKey }))).toEqual(
			expected
		);
	});
});

describe('item 5: a past rendez-vous, or one of a closed demande, is final', () => {
	it('refuses to cancel or move the rendez-vous of a closed demande: nothing changes, no mail', async () => {
		const { db, service } = await setup({ mails: true });
		const input = await bookInput(service, '69', person());
		const booked = await service.book(input);
		if (!booked.ok) throw new Error('booking failed');
		await db
			.update(demandes)
			.set({ status: 'cloturee', closedAt: T0, outcome: 'emploi_meme_poste' })
			.where(eq(demandes.id, booked.demande.id));
		const before = await counts(db);
		const other = (await service.freeSlots('69', 'telephone'))[3]!;
		expect(await service.cancel(input.token)).toEqual({ ok: false, reason: 'final' });
		expect(await service.move(input.token, other.agendaId, other.start)).toEqual({
			ok: false,
			reason: 'final'
		});
		expect(await counts(db)).toEqual(before);
		expect(
			(await db.select().from(demandes).where(eq(demandes.id, booked.demande.id)))[0]
		).toMatchObject({ status: 'cloturee', outcome: 'emploi_meme_poste' });
		expect(
			await db.select().from(rendezVous).where(eq(rendezVous.demandeId, booked.demande.id))
		).toMatchObject([{ status: 'confirme', startsAt: input.start }]);
	});

	it('refuses to cancel or move a rendez-vous once it has started, even when the demande is still open', async () => {
		const { db, service, clock, log } = await setup();
		const input = await bookInput(service, '69', person());
		expect((await service.book(input)).ok).toBe(true);
		clock.now = new Date(input.start.getTime() + 60 * 60 * 1000);
		const later = (await service.freeSlots('69', 'telephone'))[0]!;
		expect(await service.move(input.token, later.agendaId, later.start)).toEqual({
			ok: false,
			reason: 'final'
		});
		expect(await service.cancel(input.token)).toEqual({ ok: false, reason: 'final' });
		clock.now = input.start;
		expect(await service.cancel(input.token)).toEqual({ ok: false, reason: 'final' });
		expect(log).toHaveLength(1);
		expect(await db.select().from(rendezVous)).toMatchObject([{ status: 'confirme' }]);
		// A minute before, it could still be cancelled.
		clock.now = new Date(input.start.getTime() - 60_000);
		expect(await service.cancel(input.token)).toEqual({ ok: true });
	});
});

describe('item 6: a deactivated point d’accueil or agenda takes no booking and no move', () => {
	it('refuses a booking posted for the agenda of a deactivated point (stale form or crafted post); nothing stored', async () => {
		const { db, service } = await setup();
		const input = await bookInput(service, '69', person(), PUBLIC, 0, 'accueil');
		const agenda = (await db.select().from(agendas).where(eq(agendas.id, input.agendaId)))[0]!;
		await db
			.update(pointsAccueil)
			.set({ active: false })
			.where(eq(pointsAccueil.id, agenda.pointAccueilId!));
		expect(await service.freeSlots('69', 'accueil')).toEqual([]);
		const before = await counts(db);
		expect(await service.book(input)).toEqual({ ok: false, reason: 'slot_invalid' });
		expect(await service.book({ ...input, mode: undefined, token: newManageToken() })).toEqual({
			ok: false,
			reason: 'slot_invalid'
		});
		expect(await counts(db)).toEqual(before);
		// Reactivated: the same post books.
		await db
			.update(pointsAccueil)
			.set({ active: true })
			.where(eq(pointsAccueil.id, agenda.pointAccueilId!));
		expect((await service.book(input)).ok).toBe(true);
	});

	it('refuses a booking whose agenda is of another mode than the one chosen', async () => {
		const { service } = await setup();
		const visio = await bookInput(service, '69', person(), PUBLIC, 0, 'visio');
		expect(await service.book({ ...visio, mode: 'telephone' })).toEqual({
			ok: false,
			reason: 'slot_invalid'
		});
	});

	it('refuses to move a rendez-vous onto the agenda of a point deactivated meanwhile', async () => {
		const { db, service } = await setup();
		const input = await bookInput(service, '974', person(), PUBLIC, 0, 'accueil');
		expect((await service.book(input)).ok).toBe(true);
		const target = (await service.freeSlots('974', 'accueil'))[2]!;
		const agenda = (await db.select().from(agendas).where(eq(agendas.id, input.agendaId)))[0]!;
		await db
			.update(pointsAccueil)
			.set({ active: false })
			.where(eq(pointsAccueil.id, agenda.pointAccueilId!));
		expect(await service.move(input.token, target.agendaId, target.start)).toEqual({
			ok: false,
			reason: 'slot_invalid'
		});
		expect(await db.select().from(rendezVous)).toMatchObject([
			{ status: 'confirme', startsAt: input.start }
		]);
		// An inactive agenda too (the check that existed).
		await db.update(pointsAccueil).set({ active: true });
		await db.update(agendas).set({ active: false }).where(eq(agendas.id, input.agendaId));
		expect(await service.move(input.token, target.agendaId, target.start)).toEqual({
			ok: false,
			reason: 'slot_invalid'
		});
	});
});
