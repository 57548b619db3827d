import { and, asc, eq, getTableColumns, gt, gte, sql } from 'drizzle-orm';
import { inTransaction, type Db, type Executor } from '$lib/server/db/index';
import {
	agendaAbsences,
	agendaOpenings,
	agendas,
	closureLifts,
	closures,
	pointsAccueil,
	rendezVous,
	slotGeneration,
	type Agenda,
	type Mode
} from '$lib/server/db/schema';
import { generateSlots, nearestSlots } from '$lib/booking/slots';
import { activeAgendas, buildRules } from './rules';
import type { OfferedSlot } from './types';

/**
 * The free-slot read model (ADR 023, ADR 032): which slots of a département and mode are free
 * now, the nearest free ones to a refused choice, and the booked intervals a write command
 * checks inside its transaction. Reads only; the rules come from rule assembly (`rules.ts`).
 */

/** How many free slots a refused or stale choice is offered instead. */
const NEAREST_COUNT = 3;

export class FreeSlots {
	constructor(
		private readonly db: Db,
		private readonly now: () => Date = () => new Date()
	) {}

	/** Active agendas of a département for a mode, with their point d'accueil. */
	async agendasFor(
		departementCode: string,
		mode: Mode
	): Promise<{ agenda: Agenda; point: OfferedSlot['pointAccueil'] }[]> {
		return activeAgendas(
			await slotReads(this.db).statements.agendas.execute({ departement: departementCode, mode })
		);
	}

	/**
	 * Free slots of a département for a mode (all its agendas), sorted by time. The hottest read
	 * of the portal (slot page, slot API, a refused booking's nearest slots): its statements
	 * are prepared once per database, and its result is kept while nothing it depends on has
	 * changed (ADR 023): same département and mode, same minute of the clock, same value of the
	 * trigger-maintained `slot_generation` counter. Inside a transaction it is always computed
	 * afresh and never kept (the transaction may still roll back). Callers get their own array;
	 * the slots in it are frozen.
	 */
	async list(departementCode: string, mode: Mode): Promise<OfferedSlot[]> {
		const now = this.now();
		if (inTransaction(this.db)) return this.compute(departementCode, mode, now);
		const { statements, cache } = slotReads(this.db);
		// Read before the lists: they are then at least as recent as the generation they are kept under.
		const [row] = await statements.generation.execute();
		const generation = row?.value ?? -1;
		const minute = Math.floor(now.getTime() / 60_000);
		const key = `${departementCode}|${mode}`;
		const cached = cache.get(key);
		if (cached && cached.generation === generation && cached.minute === minute)
			return cached.slots.slice();
		const slots = (await this.compute(departementCode, mode, now)).map((slot) =>
			Object.freeze(slot)
		);
		if (cache.size >= SLOT_CACHE_MAX) cache.clear();
		cache.set(key, { generation, minute, slots });
		return slots.slice();
	}

	/**
	 * What a refused or stale choice is offered instead: the free slots of the département and
	 * mode closest in time to `around` (the one fallback of the booking pages and of `book`).
	 */
	async nearest(departementCode: string, mode: Mode, around: Date): Promise<OfferedSlot[]> {
		return nearestSlots(
			await this.list(departementCode, mode),
			around,
			NEAREST_COUNT
		) as OfferedSlot[];
	}

	/** The free slots at `now`, read from the database (prepared statements, no cache). */
	private async compute(departementCode: string, mode: Mode, now: Date): Promise<OfferedSlot[]> {
		// Prepared on the database and run on its one connection: called inside a transaction,
		// they read what the transaction has written.
		const { statements } = slotReads(this.db);
		const params = { departement: departementCode, mode };
		const list = activeAgendas(await statements.agendas.execute(params));
		if (list.length === 0) return [];
		const rules = buildRules(
			list.map((l) => l.agenda),
			{
				openings: await statements.openings.execute(params),
				absences: await statements.absences.execute(params),
				closures: await statements.closures.execute(params),
				lifts: await statements.lifts.execute(params)
			}
		);
		const bookings = groupBookings(
			list.map((l) => l.agenda.id),
			await statements.bookings.execute({
				...params,
				// Encoded as the column stores instants (ms on SQLite, timestamptz on PostgreSQL).
				from: rendezVous.endsAt.mapToDriverValue(now)
			}),
			now
		);
		return list
			.flatMap(({ agenda, point }) => {
				const { taken, booked } = bookings.get(agenda.id) ?? {
					taken: new Set<string>(),
					booked: []
				};
				const overlaps = overlapTest(booked);
				return generateSlots(rules.get(agenda.id)!, now, taken)
					.filter((slot) => !overlaps(slot.start.getTime(), slot.end.getTime()))
					.map((slot) => ({
						...slot,
						agendaId: agenda.id,
						mode,
						pointAccueil: point
					}));
			})
			.sort((a, b) => a.start.getTime() - b.start.getTime() || a.agendaId - b.agendaId);
	}
}

/** The confirmed rendez-vous of an agenda (a condition on `rendezVous`). */
const confirmedOn = (agendaId: number) =>
	and(eq(rendezVous.agendaId, agendaId), eq(rendezVous.status, 'confirme'));

/**
 * Whether `start` (for `minutes`) on an agenda is already taken, read with `db` (inside a write
 * transaction): a confirmed rendez-vous starts then, or overlaps the interval — its start may
 * differ when the slot length or the hours were edited after the booking (docs/slots.md §5).
 */
export async function isTaken(
	db: Executor,
	agendaId: number,
	start: Date,
	minutes: number,
	now: Date
): Promise<boolean> {
	const rows = await db
		.select({ startsAt: rendezVous.startsAt, endsAt: rendezVous.endsAt })
		.from(rendezVous)
		.where(and(confirmedOn(agendaId), gt(rendezVous.endsAt, now)));
	const s = start.getTime();
	const e = s + minutes * 60_000;
	return (
		(await takenStarts(db, agendaId, now)).has(start.toISOString()) ||
		rows.some((r) => r.startsAt.getTime() < e && s < r.endsAt.getTime())
	);
}

/** Start instants (ISO) already booked on an agenda from `from` on. */
async function takenStarts(db: Executor, agendaId: number, from: Date): Promise<Set<string>> {
	return new Set(
		(
			await db
				.select({ startsAt: rendezVous.startsAt })
				.from(rendezVous)
				.where(and(confirmedOn(agendaId), gte(rendezVous.startsAt, from)))
		).map((r) => r.startsAt.toISOString())
	);
}

/**
 * `(s, e) => true` iff [s, e) overlaps one of `intervals` ([start, end) ms), in O(log n):
 * intervals sorted by start with the running maximum of their ends; those starting before `e`
 * form a prefix, and one of them overlaps iff the largest end in that prefix is after `s`.
 */
export function overlapTest(
	intervals: readonly [number, number][]
): (s: number, e: number) => boolean {
	const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
	const starts = sorted.map(([bs]) => bs);
	const maxEnd: number[] = [];
	for (const [, be] of sorted) maxEnd.push(Math.max(be, maxEnd[maxEnd.length - 1] ?? -Infinity));
	return (s, e) => {
		// Number of intervals starting strictly before e.
		let lo = 0;
		let hi = starts.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (starts[mid]! < e) lo = mid + 1;
			else hi = mid;
		}
		return lo > 0 && maxEnd[lo - 1]! > s;
	};
}

/**
 * Confirmed rendez-vous ending after `from`, per agenda: the taken start instants (ISO, starting
 * at or after `from`) and the booked intervals as [start, end) ms (a start ≥ `from` implies an
 * end > `from`).
 */
function groupBookings(
	ids: number[],
	rows: { agendaId: number; startsAt: Date; endsAt: Date }[],
	from: Date
): Map<number, { taken: Set<string>; booked: [number, number][] }> {
	const out = new Map(
		ids.map((id) => [id, { taken: new Set<string>(), booked: [] as [number, number][] }])
	);
	const fromMs = from.getTime();
	for (const r of rows) {
		const entry = out.get(r.agendaId);
		if (!entry) continue;
		const s = r.startsAt.getTime();
		entry.booked.push([s, r.endsAt.getTime()]);
		if (s >= fromMs) entry.taken.add(r.startsAt.toISOString());
	}
	return out;
}

/**
 * The statements of the free-slot list, prepared once per database (drizzle builds the SQL and
 * SQLite compiles it once, instead of on every slot list). Each takes the département and the
 * mode and reads only the active agendas of that pair.
 */
function prepareSlotStatements(db: Db) {
	const departement = sql.placeholder('departement');
	const mode = sql.placeholder('mode');
	const ofPair = and(
		eq(agendas.departementCode, departement),
		eq(agendas.mode, mode),
		eq(agendas.active, true)
	);
	return {
		agendas: db
			.select({ agenda: agendas, point: pointsAccueil })
			.from(agendas)
			.leftJoin(pointsAccueil, eq(agendas.pointAccueilId, pointsAccueil.id))
			.where(ofPair)
			.orderBy(asc(agendas.id))
			.prepare(),
		openings: db
			.select(getTableColumns(agendaOpenings))
			.from(agendaOpenings)
			.innerJoin(agendas, eq(agendaOpenings.agendaId, agendas.id))
			.where(ofPair)
			.prepare(),
		absences: db
			.select({
				agendaId: agendaAbsences.agendaId,
				startsAt: agendaAbsences.startsAt,
				endsAt: agendaAbsences.endsAt
			})
			.from(agendaAbsences)
			.innerJoin(agendas, eq(agendaAbsences.agendaId, agendas.id))
			.where(ofPair)
			.prepare(),
		closures: db
			.select({ date: closures.date, departementCode: closures.departementCode })
			.from(closures)
			.where(eq(closures.departementCode, departement))
			.prepare(),
		lifts: db
			.select({ holiday: closureLifts.holiday, departementCode: closureLifts.departementCode })
			.from(closureLifts)
			.where(eq(closureLifts.departementCode, departement))
			.prepare(),
		bookings: db
			.select({
				agendaId: rendezVous.agendaId,
				startsAt: rendezVous.startsAt,
				endsAt: rendezVous.endsAt
			})
			.from(rendezVous)
			.innerJoin(agendas, eq(rendezVous.agendaId, agendas.id))
			.where(
				and(
					ofPair,
					eq(rendezVous.status, 'confirme'),
					gt(rendezVous.endsAt, sql.placeholder('from'))
				)
			)
			.prepare(),
		generation: db
			.select({ value: slotGeneration.value })
			.from(slotGeneration)
			.where(eq(slotGeneration.id, 1))
			.prepare()
	};
}

/** Bound on the kept slot lists per database: 101 départements × 3 modes fit several times. */
const SLOT_CACHE_MAX = 1000;

interface SlotReads {
	statements: ReturnType<typeof prepareSlotStatements>;
	/** Kept lists by `département|mode` (ADR 023). */
	cache: Map<string, { generation: number; minute: number; slots: OfferedSlot[] }>;
}
const slotReadsByDb = new WeakMap<Db, SlotReads>();

/** The prepared statements and kept lists of a database, made on first use. */
function slotReads(db: Db): SlotReads {
	let reads = slotReadsByDb.get(db);
	if (!reads)
		slotReadsByDb.set(db, (reads = { statements: prepareSlotStatements(db), cache: new Map() }));
	return reads;
}
