import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { testDb } from '../../../../tests/helpers/db';
import { sampleContact as contact } from '../../../../tests/fixtures/contact';
import { seedDemoData } from '$lib/server/db/seed';
import { rendezVous } from '$lib/server/db/schema';
import { BookingService, newManageToken, noBookingEvents } from './service';

// Monday 23 November 2026, 10:00 in Paris.
const NOW = new Date('2026-11-23T09:00:00Z');

function setup() {
	const db = testDb();
	seedDemoData(db, { onlyIfEmpty: false });
	const clock = { now: NOW };
	return { db, clock, service: new BookingService(db, noBookingEvents, () => clock.now) };
}

const starts = (slots: { start: Date }[]) => slots.map((s) => s.start.toISOString());
const generation = (db: ReturnType<typeof testDb>) =>
	(db.$client.prepare('select value from slot_generation where id = 1').get() as { value: number })
		.value;

describe('free slots kept between requests (ADR 023)', () => {
	it('every write to what slots depend on moves the counter: 21 triggers on seven tables', () => {
		const { db } = setup();
		const triggers = db.$client
			.prepare(
				"select name from sqlite_master where type = 'trigger' and name like 'slot_generation_%'"
			)
			.all();
		expect(triggers).toHaveLength(21);
		const before = generation(db);
		db.$client
			.prepare("insert into closures (departement_code, date) values ('69', '2026-11-30')")
			.run();
		db.$client
			.prepare(
				"update closures set date = '2026-12-01' where departement_code = '69' and date = '2026-11-30'"
			)
			.run();
		db.$client
			.prepare("delete from closures where departement_code = '69' and date = '2026-12-01'")
			.run();
		expect(generation(db)).toBe(before + 3);
		// The default closures staff lift (ADR 038) move it too.
		db.$client
			.prepare(
				"insert into closure_lifts (departement_code, holiday) values ('971', 'vendredi-saint')"
			)
			.run();
		db.$client.prepare("delete from closure_lifts where departement_code = '971'").run();
		expect(generation(db)).toBe(before + 5);
		// A write elsewhere (a draft, an audit row) does not.
		db.$client.prepare("insert into audit_log (at, action) values (0, 'test')").run();
		expect(generation(db)).toBe(before + 5);
	});

	it('gives the same slots again, and a booking removes its slot at once', () => {
		const { service } = setup();
		const first = service.freeSlots('69', 'telephone');
		expect(starts(service.freeSlots('69', 'telephone'))).toEqual(starts(first));
		const slot = first[0]!;
		const outcome = service.book({
			agendaId: slot.agendaId,
			start: slot.start,
			departementCode: '69',
			source: 'moi_meme',
			contact,
			share: null,
			locale: 'fr',
			token: newManageToken()
		});
		expect(outcome.ok).toBe(true);
		expect(starts(service.freeSlots('69', 'telephone'))).toEqual(starts(first).slice(1));
	});

	it('sees a write made by another connection (a script, another process)', () => {
		const { db, service } = setup();
		const [a, b] = service.freeSlots('69', 'telephone');
		const other = new Database(db.$client.name);
		try {
			other
				.prepare(
					'insert into agenda_absences (agenda_id, starts_at, ends_at, label) values (?, ?, ?, ?)'
				)
				.run(a!.agendaId, a!.start.getTime(), a!.end.getTime(), 'absence');
		} finally {
			other.close();
		}
		const after = service.freeSlots('69', 'telephone');
		expect(starts(after)).not.toContain(a!.start.toISOString());
		expect(starts(after)).toContain(b!.start.toISOString());
	});

	it('follows the clock: a new minute recomputes (the first day drops out of the notice window)', () => {
		const { clock, service } = setup();
		const today = service.freeSlots('69', 'telephone');
		const firstDay = today[0]!.date;
		clock.now = new Date(NOW.getTime() + 24 * 60 * 60 * 1000);
		const tomorrow = service.freeSlots('69', 'telephone');
		expect(tomorrow.some((s) => s.date === firstDay)).toBe(false);
		expect(tomorrow[0]!.start.getTime()).toBeGreaterThan(today[0]!.start.getTime());
	});

	it('inside a transaction computes afresh and keeps nothing: a rolled-back booking leaves no trace', () => {
		const { db, service } = setup();
		const slot = service.freeSlots('69', 'telephone')[0]!;
		const rollback = new Error('rollback');
		expect(() =>
			db.transaction((tx) => {
				tx.insert(rendezVous)
					.values({
						demandeId: insertDemande(db),
						agendaId: slot.agendaId,
						mode: 'telephone',
						startsAt: slot.start,
						endsAt: slot.end,
						status: 'confirme',
						createdAt: NOW
					})
					.run();
				expect(starts(service.freeSlots('69', 'telephone'))).not.toContain(
					slot.start.toISOString()
				);
				throw rollback;
			})
		).toThrow(rollback);
		// The counter is back where it was; one unrelated commit brings it to the value it had
		// inside the rolled-back transaction. A list kept from inside would now look valid.
		db.$client
			.prepare("insert into closures (departement_code, date) values ('13', '2026-12-24')")
			.run();
		expect(starts(service.freeSlots('69', 'telephone'))).toContain(slot.start.toISOString());
	});

	it('callers cannot change what is kept', () => {
		const { service } = setup();
		const list = service.freeSlots('69', 'telephone');
		const length = list.length;
		list.splice(0, 5);
		expect(() => {
			(list[0] as { agendaId: number }).agendaId = -1;
		}).toThrow(TypeError);
		const again = service.freeSlots('69', 'telephone');
		expect(again).toHaveLength(length);
		expect(again.every((s) => s.agendaId > 0)).toBe(true);
	});
});

/** A bare demande row for a rendez-vous inserted by hand (its columns have defaults or are nullable). */
function insertDemande(db: ReturnType<typeof testDb>): number {
	const info = db.$client
		.prepare(
			"insert into demandes (reference, departement_code, kind, source, status, nom, prenom, locale, manage_token_hash, created_at, due_at) values ('PDP-TEST-0001', '69', 'rendez_vous', 'moi_meme', 'nouvelle', 'X', 'Y', 'fr', 'h', 0, 0)"
		)
		.run();
	return Number(info.lastInsertRowid);
}
