import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { testDb } from '../../../../tests/helpers/db';
import { sampleContact as contact } from '../../../../tests/fixtures/contact';
import { seedDemoData } from '$lib/server/db/seed';
import { rendezVous } from '$lib/server/db/schema';
import { BookingService, newManageToken, noBookingEvents } from './service';
import { sqliteOf } from '$lib/server/db/index';

// Monday 23 November 2026, 10:00 in Paris.
const NOW = new Date('2026-11-23T09:00:00Z');

async function setup() {
	const db = testDb();
	await seedDemoData(db, { onlyIfEmpty: false });
	const clock = { now: NOW };
	return { db, clock, service: new BookingService(db, noBookingEvents, () => clock.now) };
}

const starts = (slots: { start: Date }[]) => slots.map((s) => s.start.toISOString());
const generation = (db: ReturnType<typeof testDb>) =>
	(
		sqliteOf(db).prepare('select value from slot_generation where id = 1').get() as {
			value: number;
		}
	).value;

describe('free slots kept between requests (ADR 023)', () => {
	it('every write to what slots depend on moves the counter: 21 triggers on seven tables', async () => {
		const { db } = await setup();
		const triggers = sqliteOf(db)
			.prepare(
				"select name from sqlite_master where type = 'trigger' and name like 'slot_generation_%'"
			)
			.all();
		expect(triggers).toHaveLength(21);
		const before = generation(db);
		sqliteOf(db)
			.prepare("insert into closures (departement_code, date) values ('69', '2026-11-30')")
			.run();
		sqliteOf(db)
			.prepare(
				"update closures set date = '2026-12-01' where departement_code = '69' and date = '2026-11-30'"
			)
			.run();
		sqliteOf(db)
			.prepare("delete from closures where departement_code = '69' and date = '2026-12-01'")
			.run();
		expect(generation(db)).toBe(before + 3);
		// The default closures staff lift (ADR 038) move it too.
		sqliteOf(db)
			.prepare(
				"insert into closure_lifts (departement_code, holiday) values ('971', 'vendredi-saint')"
			)
			.run();
		sqliteOf(db).prepare("delete from closure_lifts where departement_code = '971'").run();
		expect(generation(db)).toBe(before + 5);
		// A write elsewhere (a draft, an audit row) does not.
		sqliteOf(db).prepare("insert into audit_log (at, action) values (0, 'test')").run();
		expect(generation(db)).toBe(before + 5);
	});

	it('gives the same slots again, and a booking removes its slot at once', async () => {
		const { service } = await setup();
		const first = await service.freeSlots('69', 'telephone');
		expect(starts(await service.freeSlots('69', 'telephone'))).toEqual(starts(first));
		const slot = first[0]!;
		const outcome = await service.book({
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
		expect(starts(await service.freeSlots('69', 'telephone'))).toEqual(starts(first).slice(1));
	});

	it('sees a write made by another connection (a script, another process)', async () => {
		const { db, service } = await setup();
		const [a, b] = await service.freeSlots('69', 'telephone');
		const other = new Database(sqliteOf(db).name);
		try {
			other
				.prepare(
					'insert into agenda_absences (agenda_id, starts_at, ends_at, label) values (?, ?, ?, ?)'
				)
				.run(a!.agendaId, a!.start.getTime(), a!.end.getTime(), 'absence');
		} finally {
			other.close();
		}
		const after = await service.freeSlots('69', 'telephone');
		expect(starts(after)).not.toContain(a!.start.toISOString());
		expect(starts(after)).toContain(b!.start.toISOString());
	});

	it('follows the clock: a new minute recomputes (the first day drops out of the notice window)', async () => {
		const { clock, service } = await setup();
		const today = await service.freeSlots('69', 'telephone');
		const firstDay = today[0]!.date;
		clock.now = new Date(NOW.getTime() + 24 * 60 * 60 * 1000);
		const tomorrow = await service.freeSlots('69', 'telephone');
		expect(tomorrow.some((s) => s.date === firstDay)).toBe(false);
		expect(tomorrow[0]!.start.getTime()).toBeGreaterThan(today[0]!.start.getTime());
	});

	it('inside a transaction computes afresh and keeps nothing: a rolled-back booking leaves no trace', async () => {
		const { db, service } = await setup();
		const slot = (await service.freeSlots('69', 'telephone'))[0]!;
		const rollback = new Error('rollback');
		await expect(
			db.transaction(async (tx) => {
				await tx.insert(rendezVous).values({
					demandeId: insertDemande(db),
					agendaId: slot.agendaId,
					mode: 'telephone',
					startsAt: slot.start,
					endsAt: slot.end,
					status: 'confirme',
					createdAt: NOW
				});
				expect(starts(await service.freeSlots('69', 'telephone'))).not.toContain(
					slot.start.toISOString()
				);
				throw rollback;
			})
		).rejects.toThrow(rollback);
		// The counter is back where it was; one unrelated commit brings it to the value it had
		// inside the rolled-back transaction. A list kept from inside would now look valid.
		sqliteOf(db)
			.prepare("insert into closures (departement_code, date) values ('13', '2026-12-24')")
			.run();
		expect(starts(await service.freeSlots('69', 'telephone'))).toContain(slot.start.toISOString());
	});

	it('callers cannot change what is kept', async () => {
		const { service } = await setup();
		const list = await service.freeSlots('69', 'telephone');
		const length = list.length;
		list.splice(0, 5);
		expect(() => {
			(list[0] as { agendaId: number }).agendaId = -1;
		}).toThrow(TypeError);
		const again = await service.freeSlots('69', 'telephone');
		expect(again).toHaveLength(length);
		expect(again.every((s) => s.agendaId > 0)).toBe(true);
	});
});

/** A bare demande row for a rendez-vous inserted by hand (its columns have defaults or are nullable). */
function insertDemande(db: ReturnType<typeof testDb>): number {
	const info = sqliteOf(db)
		.prepare(
			"insert into demandes (reference, departement_code, kind, source, status, nom, prenom, locale, manage_token_hash, created_at, due_at) values ('PDP-TEST-0001', '69', 'rendez_vous', 'moi_meme', 'nouvelle', 'X', 'Y', 'fr', 'h', 0, 0)"
		)
		.run();
	return Number(info.lastInsertRowid);
}
