import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { and, eq } from 'drizzle-orm';
import { seedDemoData } from '$lib/server/db/seed';
import { agendas, rendezVous } from '$lib/server/db/schema';
import { dialect } from '$lib/server/db/dialect';
import { hashToken } from '$lib/server/tokens';
import {
	BookingService,
	newManageToken,
	noBookingEvents,
	type Contact
} from '$lib/server/booking/service';
import { zonedDateTimeToInstant } from '$lib/booking/time';
import { demandeInput } from '../helpers/booking';
import { testDb, urlOf } from '../helpers/db';

/*
 * Two bookings of different but overlapping starts on one agenda (ADR 050): possible only when
 * the agenda's slot length changed between them (docs/slots.md §5). A booking locks the agenda,
 * not only its slot, so the second one's overlap check waits for the first one's commit, on
 * PostgreSQL as under SQLite's single writer: exactly one succeeds.
 */

// Monday 23 November 2026, 13:00 in Réunion (09:00 UTC).
const NOW = new Date('2026-11-23T09:00:00Z');
const at = (time: string) => zonedDateTimeToInstant('2026-11-24', time, 'Indian/Reunion')!;

const person = (prenom: string, telephone: string): Contact => ({
	nom: 'Payet',
	prenom,
	email: null,
	telephone,
	nir: null,
	message: null
});

/**
 * PostgreSQL: another connection inserts, without committing, a demande holding the manage-token
 * hash `hash`; the booking of that token, once past its checks, waits on the unique index for
 * this transaction. `release` rolls it back: the booking goes on.
 */
async function holdDemandeInsert(url: string, hash: string) {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	await client.query('begin');
	await client.query(
		`insert into demandes (reference, kind, departement_code, source, nom, prenom, manage_token_hash, created_at, due_at)
		 values ('HOLD-0001', 'rendez_vous', '974', 'moi_meme', 'x', 'x', $1, now(), now())`,
		[hash]
	);
	return {
		/** Resolves once `n` sessions of the database wait on a lock. */
		async waiting(n: number): Promise<void> {
			const watcher = new pg.Client({ connectionString: url });
			await watcher.connect();
			try {
				for (let i = 0; i < 400; i++) {
					const { rows } = await watcher.query<{ n: number }>(
						`select count(*)::int as n from pg_stat_activity
						 where datname = current_database() and wait_event_type = 'Lock'`
					);
					if (rows[0]!.n >= n) return;
					await new Promise((resolve) => setTimeout(resolve, 25));
				}
				throw new Error(`${n} sessions never waited on a lock`);
			} finally {
				await watcher.end();
			}
		},
		async release(): Promise<void> {
			await client.query('rollback');
			await client.end();
		}
	};
}

describe('bookings of overlapping starts on one agenda', () => {
	it('09:45 (45 minutes) in flight, the slot length set to 30, then 10:00: exactly one is booked', async () => {
		const db = testDb();
		await seedDemoData(db, { onlyIfEmpty: false });
		const service = new BookingService(db, noBookingEvents, () => NOW);
		const [agenda] = await db
			.select()
			.from(agendas)
			.where(and(eq(agendas.departementCode, '974'), eq(agendas.mode, 'telephone')));
		expect(agenda!.slotMinutes).toBe(45);
		const book = (contact: Contact, start: Date, token = newManageToken()) =>
			service.book({ ...demandeInput('974', contact, { token }), agendaId: agenda!.id, start });

		// PostgreSQL: the first booking is held after its overlap check, before its commit — the
		// moment the second one's check must not pass. SQLite runs one writer at a time: the
		// first booking's transaction ends before the edit and the second one start.
		const first = newManageToken();
		const hold =
			dialect === 'postgres' ? await holdDemandeInsert(urlOf(db), hashToken(first)) : undefined;
		const booking945 = book(person('Aline', '0692000001'), at('09:45'), first);
		await hold?.waiting(1);
		// The agenda edit: 09:45–10:30 is not on the new grid, 10:00 is.
		await db.update(agendas).set({ slotMinutes: 30 }).where(eq(agendas.id, agenda!.id));
		const booking1000 = book(person('Bruno', '0692000002'), at('10:00'));
		if (hold) {
			// The second booking either waits for the first (a lock) or has gone through.
			await Promise.race([booking1000, hold.waiting(2)]);
			await hold.release();
		}
		const outcomes = await Promise.all([booking945, booking1000]);

		expect(outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.reason))).toEqual([
			'ok',
			'slot_taken'
		]);
		const confirmed = await db
			.select({ startsAt: rendezVous.startsAt, endsAt: rendezVous.endsAt })
			.from(rendezVous)
			.where(and(eq(rendezVous.agendaId, agenda!.id), eq(rendezVous.status, 'confirme')));
		expect(
			confirmed.filter((rdv) => rdv.startsAt < at('10:30') && at('09:45') < rdv.endsAt)
		).toEqual([{ startsAt: at('09:45'), endsAt: at('10:30') }]);
	});
});
