import { eq } from 'drizzle-orm';
import type { Executor } from '$lib/server/db/index';
import {
	agendaAbsences,
	agendaOpenings,
	agendas,
	closureLifts,
	closures,
	pointsAccueil,
	type Agenda,
	type Mode
} from '$lib/server/db/schema';
import type { AgendaRules } from '$lib/booking/slots';
import { departementByCode } from '$lib/departements/data';
import { holidayOptionsFromLifts } from '$lib/booking/holidays';
import type { ServiceCalendar } from '$lib/booking/due';
import type { OfferedSlot } from './types';

/**
 * Rule assembly (ADR 032): the département's inputs — an agenda's weekly hours, one-off
 * openings, absences, the département's closure days and its time zone (hence its public
 * holidays, computed by the pure rules) — gathered into the `AgendaRules` that the pure
 * module `$lib/booking/slots` works on, and the one predicate saying which agendas the
 * public is offered. No writes, no clock.
 */

export type PointRow = typeof pointsAccueil.$inferSelect;

/** The rows rules are assembled from, for one or several agendas. */
export interface RuleRows {
	openings: (typeof agendaOpenings.$inferSelect)[];
	absences: { agendaId: number; startsAt: Date; endsAt: Date }[];
	closures: { date: string; departementCode: string }[];
	/** Default closures lifted by staff (ADR 038); none: every default closure applies. */
	lifts?: { holiday: string; departementCode: string }[];
}

/**
 * The slot rules of one agenda (its opening hours, one-off openings, absences and its
 * département's closure days), read with `db`, which may be a transaction.
 */
export async function agendaRules(db: Executor, agenda: Agenda): Promise<AgendaRules> {
	return buildRules([agenda], {
		openings: await db.select().from(agendaOpenings).where(eq(agendaOpenings.agendaId, agenda.id)),
		absences: await db.select().from(agendaAbsences).where(eq(agendaAbsences.agendaId, agenda.id)),
		closures: await db
			.select({ date: closures.date, departementCode: closures.departementCode })
			.from(closures)
			.where(eq(closures.departementCode, agenda.departementCode)),
		lifts: await db
			.select({ holiday: closureLifts.holiday, departementCode: closureLifts.departementCode })
			.from(closureLifts)
			.where(eq(closureLifts.departementCode, agenda.departementCode))
	}).get(agenda.id)!;
}

/**
 * Slot rules of agendas from their rows of openings and absences and their départements'
 * closures. An agenda of an unknown département is a data error (RangeError): without its
 * time zone no slot can be placed.
 */
export function buildRules(list: readonly Agenda[], rows: RuleRows): Map<number, AgendaRules> {
	for (const agenda of list) {
		if (!departementByCode(agenda.departementCode))
			throw new RangeError(`Agenda ${agenda.id} has an unknown département`);
	}
	const openings = groupBy(rows.openings, (o) => o.agendaId);
	const absences = new Map<number, { start: Date; end: Date }[]>();
	for (const a of rows.absences) {
		const group = absences.get(a.agendaId) ?? [];
		group.push({ start: a.startsAt, end: a.endsAt });
		absences.set(a.agendaId, group);
	}
	const closed = new Map<string, string[]>();
	for (const c of rows.closures) {
		const group = closed.get(c.departementCode) ?? [];
		group.push(c.date);
		closed.set(c.departementCode, group);
	}
	const lifted = new Map<string, string[]>();
	for (const l of rows.lifts ?? []) {
		const group = lifted.get(l.departementCode) ?? [];
		group.push(l.holiday);
		lifted.set(l.departementCode, group);
	}
	const out = new Map<number, AgendaRules>();
	for (const agenda of list) {
		out.set(agenda.id, {
			timeZone: departementByCode(agenda.departementCode)!.timeZone,
			departementCode: agenda.departementCode,
			slotMinutes: agenda.slotMinutes,
			minNoticeDays: agenda.minNoticeDays,
			weekly: agenda.weekly,
			openings: openings.get(agenda.id) ?? [],
			absences: absences.get(agenda.id) ?? [],
			closures: [...(closed.get(agenda.departementCode) ?? [])],
			holidayOptions: holidayOptionsFromLifts(lifted.get(agenda.departementCode) ?? [])
		});
	}
	return out;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
	const out = new Map<number, T[]>();
	for (const row of rows) {
		const group = out.get(key(row)) ?? [];
		group.push(row);
		out.set(key(row), group);
	}
	return out;
}

/**
 * A département's working calendar (closure days, lifted default closures), read with `db`,
 * which may be a transaction: what a prioritaire demande's due date counts in (ADR 039).
 */
export async function serviceCalendar(
	db: Executor,
	departementCode: string
): Promise<ServiceCalendar> {
	return {
		departementCode,
		closures: (
			await db
				.select({ date: closures.date })
				.from(closures)
				.where(eq(closures.departementCode, departementCode))
		).map((c) => c.date),
		holidayOptions: holidayOptionsFromLifts(
			(
				await db
					.select({ holiday: closureLifts.holiday })
					.from(closureLifts)
					.where(eq(closureLifts.departementCode, departementCode))
			).map((l) => l.holiday)
		)
	};
}

/**
 * Whether the public offers slots of this agenda: it is active and so is its point d'accueil,
 * if it has one. The slot list (with its département and mode) and every booking or move
 * (inside its transaction, `offeredAgenda`) use this one predicate.
 */
export function isOffered(row: { agenda: Agenda; point: PointRow | null }): boolean {
	return (
		row.agenda.active &&
		(row.agenda.pointAccueilId === null || (row.point !== null && row.point.active))
	);
}

/** Agendas whose point d'accueil (if any) is active, with what a slot shows of that point. */
export function activeAgendas(
	rows: { agenda: Agenda; point: PointRow | null }[]
): { agenda: Agenda; point: OfferedSlot['pointAccueil'] }[] {
	return rows.filter(isOffered).map(({ agenda, point }) => ({
		agenda,
		point: point
			? {
					id: point.id,
					name: point.name,
					address: point.address,
					accessibility: point.accessibility,
					isDemo: point.isDemo
				}
			: null
	}));
}

/**
 * The agenda, only if the public slot list would offer it for this département and mode:
 * active, of that département and mode, its point d'accueil (if any) active. Read with `db`,
 * inside the write transaction, so that an agenda or point deactivated meanwhile — a stale
 * form, a crafted post, a move — takes nothing (same predicate as the list: `isOffered`).
 */
export async function offeredAgenda(
	db: Executor,
	id: number,
	departementCode: string,
	mode: Mode | undefined
): Promise<Agenda | undefined> {
	const [row] = await db
		.select({ agenda: agendas, point: pointsAccueil })
		.from(agendas)
		.leftJoin(pointsAccueil, eq(agendas.pointAccueilId, pointsAccueil.id))
		.where(eq(agendas.id, id));
	if (!row || !isOffered(row) || row.agenda.departementCode !== departementCode) return undefined;
	if (mode !== undefined && row.agenda.mode !== mode) return undefined;
	return row.agenda;
}
