/**
 * Agenda management in the back-office (docs/slots.md §5, ADR 013): reads and changes scoped to the staff
 * member's départements. Every change runs in one transaction with its audit row; a change
 * never touches a rendez-vous (clashes are listed instead, see booking/clashes.ts).
 * Access: agents read the agendas of their départements; responsables of the département and
 * administrateurs change them. Anything outside the scope is "not found" (its existence is
 * not revealed); an agent trying to change is "forbidden".
 */
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { departementByCode } from '$lib/departements/data';
import { findClashes, type Clash, type ClashReason } from '$lib/booking/clashes';
import type { WeeklyOpening } from '$lib/booking/slots';
import { todayIn } from '$lib/booking/time';
import type { SlotPoint } from '$lib/booking/slot-view';
import { liftableClosuresOf, type LiftableClosure, type LocalDate } from '$lib/booking/holidays';
import {
	audit,
	canAccessDepartement,
	type AuditDetails,
	type StaffContext
} from '$lib/server/auth/guard';
import { agendaRules } from '$lib/server/booking/service';
import type { AuditAction } from '$lib/server/audit-actions';
import { ok, refused, transact, type Refusal, type Result } from '$lib/server/result';
import { absenceInstants, type AbsenceForm } from './forms';
import { dayInWindow, spanInWindow } from './window';
import type { Db, Executor } from '$lib/server/db/index';
import {
	agendaAbsences,
	agendaOpenings,
	agendas,
	closureLifts,
	closures,
	demandes,
	pointsAccueil,
	rendezVous,
	type Agenda,
	type Mode
} from '$lib/server/db/schema';

/**
 * Refusals (ADR 030: results, never exceptions): `not_found` (404: unknown or out of scope
 * alike), `forbidden` (403: in scope but read-only), or a locale key on a form field (400: a
 * well-formed change that is not possible, e.g. a point d'accueil of another département).
 */
export type AgendaOutcome<T = undefined> = Result<T>;

const notFound = () => refused('not_found', 404);
const forbidden = () => refused('forbidden', 403);
const impossible = (field: string, key: string) => refused(key, 400, { field });

export const canViewAgendas = (ctx: StaffContext, code: string): boolean =>
	canAccessDepartement(ctx, code);
export const canManageAgendas = (ctx: StaffContext, code: string): boolean =>
	(ctx.user.role === 'responsable' || ctx.user.role === 'administrateur') &&
	canAccessDepartement(ctx, code);

/** 404 when the département is out of scope, 403 when in scope but read-only, else null. */
function manageRefusal(ctx: StaffContext, code: string): Refusal | null {
	if (!canViewAgendas(ctx, code)) return notFound();
	if (!canManageAgendas(ctx, code)) return forbidden();
	return null;
}

export interface PointView extends SlotPoint {
	active: boolean;
}

export interface ClashView {
	reference: string;
	startsAt: string;
	endsAt: string;
	reasons: ClashReason[];
}

export interface AgendaSummary {
	id: number;
	mode: Mode;
	active: boolean;
	slotMinutes: number;
	minNoticeDays: number;
	weekly: WeeklyOpening[];
	point: PointView | null;
	clashes: ClashView[];
}

/** Clashes of one agenda: its confirmed rendez-vous to come that no longer fit (with the demande reference). */
export function clashesOf(db: Executor, agenda: Agenda, now: Date): ClashView[] {
	const booked = db
		.select({
			id: rendezVous.id,
			startsAt: rendezVous.startsAt,
			endsAt: rendezVous.endsAt,
			reference: demandes.reference
		})
		.from(rendezVous)
		.innerJoin(demandes, eq(rendezVous.demandeId, demandes.id))
		.where(
			and(
				eq(rendezVous.agendaId, agenda.id),
				eq(rendezVous.status, 'confirme'),
				gt(rendezVous.startsAt, now)
			)
		)
		.orderBy(asc(rendezVous.startsAt))
		.all();
	if (booked.length === 0) return [];
	const point = agenda.pointAccueilId
		? db
				.select({ active: pointsAccueil.active })
				.from(pointsAccueil)
				.where(eq(pointsAccueil.id, agenda.pointAccueilId))
				.get()
		: undefined;
	const rules = agendaRules(db, agenda);
	return findClashes(rules, booked, now, {
		agendaActive: agenda.active,
		pointActive: point ? point.active : undefined
	}).map((c: Clash<(typeof booked)[number]>) => ({
		reference: c.rdv.reference,
		startsAt: c.rdv.startsAt.toISOString(),
		endsAt: c.rdv.endsAt.toISOString(),
		reasons: c.reasons
	}));
}

const pointView = (p: typeof pointsAccueil.$inferSelect): PointView => ({
	id: p.id,
	name: p.name,
	address: p.address,
	accessibility: p.accessibility,
	isDemo: p.isDemo,
	active: p.active
});

const agendaSummary = (
	db: Executor,
	agenda: Agenda,
	point: typeof pointsAccueil.$inferSelect | null | undefined,
	now: Date
): AgendaSummary => ({
	id: agenda.id,
	mode: agenda.mode,
	active: agenda.active,
	slotMinutes: agenda.slotMinutes,
	minNoticeDays: agenda.minNoticeDays,
	weekly: agenda.weekly,
	point: point ? pointView(point) : null,
	clashes: clashesOf(db, agenda, now)
});

export interface DepartementAgendas {
	code: string;
	name: string;
	timeZone: string;
	canManage: boolean;
	agendas: AgendaSummary[];
	points: PointView[];
	closures: LocalDate[];
	/** Default closures staff may lift here (971/972 only, ADR 038), each with its state. */
	defaultClosures: { holiday: LiftableClosure; open: boolean }[];
}

/** The agendas, points d'accueil and closure days of some départements (those out of scope are skipped). */
export function listForDepartements(
	db: Executor,
	ctx: StaffContext,
	codes: readonly string[],
	now: Date
): DepartementAgendas[] {
	const visible = codes.filter((code) => canViewAgendas(ctx, code) && departementByCode(code));
	if (visible.length === 0) return [];
	const rows = db
		.select({ agenda: agendas, point: pointsAccueil })
		.from(agendas)
		.leftJoin(pointsAccueil, eq(agendas.pointAccueilId, pointsAccueil.id))
		.where(inArray(agendas.departementCode, visible))
		.orderBy(asc(agendas.id))
		.all();
	const points = db
		.select()
		.from(pointsAccueil)
		.where(inArray(pointsAccueil.departementCode, visible))
		.orderBy(asc(pointsAccueil.id))
		.all();
	const days = db
		.select()
		.from(closures)
		.where(inArray(closures.departementCode, visible))
		.orderBy(asc(closures.date))
		.all();
	const lifts = db
		.select()
		.from(closureLifts)
		.where(inArray(closureLifts.departementCode, visible))
		.all();
	return visible.map((code) => {
		const d = departementByCode(code)!;
		return {
			code,
			name: d.name,
			timeZone: d.timeZone,
			canManage: canManageAgendas(ctx, code),
			agendas: rows
				.filter((r) => r.agenda.departementCode === code)
				.map(({ agenda, point }) => agendaSummary(db, agenda, point, now)),
			points: points.filter((p) => p.departementCode === code).map(pointView),
			closures: days
				.filter((c) => c.departementCode === code && c.date >= todayIn(d.timeZone, now))
				.map((c) => c.date),
			defaultClosures: liftableClosuresOf(code).map((holiday) => ({
				holiday,
				open: lifts.some((l) => l.departementCode === code && l.holiday === holiday)
			}))
		};
	});
}

const timeZoneOf = (code: string) => departementByCode(code)?.timeZone ?? 'Europe/Paris';

/** An agenda the staff member may see, or undefined (unknown or out of scope alike). */
export function visibleAgenda(db: Executor, ctx: StaffContext, id: number): Agenda | undefined {
	const agenda = db.select().from(agendas).where(eq(agendas.id, id)).get();
	return agenda && canViewAgendas(ctx, agenda.departementCode) ? agenda : undefined;
}

export interface AgendaDetail extends AgendaSummary {
	departement: { code: string; name: string; timeZone: string };
	canManage: boolean;
	openings: { id: number; date: LocalDate; start: string; end: string }[];
	absences: { id: number; startsAt: string; endsAt: string; label: string }[];
}

/** One agenda with its one-off openings and absences to come, and its clashes. */
export function agendaDetail(
	db: Executor,
	ctx: StaffContext,
	id: number,
	now: Date
): AgendaOutcome<AgendaDetail> {
	const agenda = visibleAgenda(db, ctx, id);
	if (!agenda) return notFound();
	const d = departementByCode(agenda.departementCode)!;
	const point = agenda.pointAccueilId
		? db.select().from(pointsAccueil).where(eq(pointsAccueil.id, agenda.pointAccueilId)).get()
		: undefined;
	const today = todayIn(d.timeZone, now);
	return ok({
		...agendaSummary(db, agenda, point, now),
		departement: { code: d.code, name: d.name, timeZone: d.timeZone },
		canManage: canManageAgendas(ctx, agenda.departementCode),
		openings: db
			.select()
			.from(agendaOpenings)
			.where(eq(agendaOpenings.agendaId, agenda.id))
			.orderBy(asc(agendaOpenings.date), asc(agendaOpenings.start))
			.all()
			.filter((o) => o.date >= today)
			.map(({ id, date, start, end }) => ({ id, date, start, end })),
		absences: db
			.select()
			.from(agendaAbsences)
			.where(and(eq(agendaAbsences.agendaId, agenda.id), gt(agendaAbsences.endsAt, now)))
			.orderBy(asc(agendaAbsences.startsAt))
			.all()
			.map((a) => ({
				id: a.id,
				startsAt: a.startsAt.toISOString(),
				endsAt: a.endsAt.toISOString(),
				label: a.label
			}))
	});
}

export interface Actor {
	ctx: StaffContext;
	now: Date;
}

/** Runs `change` on an agenda the staff member may manage, in one transaction, then audits it. */
function changeAgenda<T>(
	db: Db,
	{ ctx, now }: Actor,
	agendaId: number,
	action: AuditAction,
	change: (tx: Executor, agenda: Agenda) => Change<T> | Refusal
): AgendaOutcome<T> {
	return transact(db, (tx) => {
		const agenda = tx.select().from(agendas).where(eq(agendas.id, agendaId)).get();
		if (!agenda) return notFound();
		const refusal = manageRefusal(ctx, agenda.departementCode);
		if (refusal) return refusal;
		const outcome = change(tx, agenda);
		if ('ok' in outcome) return outcome;
		audit(
			tx,
			{
				userId: ctx.user.id,
				action,
				departementCode: agenda.departementCode,
				details: { agenda: agenda.id, ...outcome.details }
			},
			now
		);
		return ok(outcome.result);
	});
}

/** What a change did: its audit details and its result. */
interface Change<T> {
	details?: AuditDetails;
	result: T;
}

export function updateWeekly(
	db: Db,
	actor: Actor,
	agendaId: number,
	weekly: WeeklyOpening[]
): AgendaOutcome {
	return changeAgenda(db, actor, agendaId, 'agenda_update', (tx, agenda) => {
		tx.update(agendas).set({ weekly }).where(eq(agendas.id, agenda.id)).run();
		return { details: { change: 'weekly', ranges: weekly.length }, result: undefined };
	});
}

export function updateSettings(
	db: Db,
	actor: Actor,
	agendaId: number,
	settings: { slotMinutes: number; minNoticeDays: number }
): AgendaOutcome {
	return changeAgenda(db, actor, agendaId, 'agenda_update', (tx, agenda) => {
		tx.update(agendas).set(settings).where(eq(agendas.id, agenda.id)).run();
		return { details: { change: 'settings', ...settings }, result: undefined };
	});
}

export function setAgendaActive(
	db: Db,
	actor: Actor,
	agendaId: number,
	active: boolean
): AgendaOutcome {
	return changeAgenda(
		db,
		actor,
		agendaId,
		active ? 'agenda_activate' : 'agenda_deactivate',
		(tx, agenda) => {
			tx.update(agendas).set({ active }).where(eq(agendas.id, agenda.id)).run();
			return { result: undefined };
		}
	);
}

/** A one-off opening, on a day of the planning window (window.ts). */
export function addOpening(
	db: Db,
	actor: Actor,
	agendaId: number,
	opening: { date: LocalDate; start: string; end: string }
): AgendaOutcome {
	return changeAgenda(db, actor, agendaId, 'agenda_opening_add', (tx, agenda) => {
		if (!dayInWindow(opening.date, timeZoneOf(agenda.departementCode), actor.now))
			return impossible('date', 'agendas:errors.dateRange');
		const row = tx
			.insert(agendaOpenings)
			.values({ agendaId: agenda.id, ...opening })
			.returning({ id: agendaOpenings.id })
			.get();
		return { details: { opening: row.id, date: opening.date }, result: undefined };
	});
}

export function removeOpening(
	db: Db,
	actor: Actor,
	agendaId: number,
	openingId: number
): AgendaOutcome {
	return changeAgenda(db, actor, agendaId, 'agenda_opening_remove', (tx, agenda) => {
		const removed = tx
			.delete(agendaOpenings)
			.where(and(eq(agendaOpenings.id, openingId), eq(agendaOpenings.agendaId, agenda.id)))
			.returning({ id: agendaOpenings.id })
			.all();
		if (removed.length === 0) return notFound();
		return { details: { opening: openingId }, result: undefined };
	});
}

export function addAbsence(
	db: Db,
	actor: Actor,
	agendaId: number,
	absence: { start: Date; end: Date; label: string }
): AgendaOutcome {
	return changeAgenda(db, actor, agendaId, 'agenda_absence_add', (tx, agenda) => {
		const row = tx
			.insert(agendaAbsences)
			.values({
				agendaId: agenda.id,
				startsAt: absence.start,
				endsAt: absence.end,
				label: absence.label
			})
			.returning({ id: agendaAbsences.id })
			.get();
		return { details: { absence: row.id }, result: undefined };
	});
}

/**
 * An absence typed as local dates and times of the agenda's département (DST-safe), not over
 * yet and starting inside the planning window (window.ts).
 */
export function planAbsence(
	db: Db,
	actor: Actor,
	agendaId: number,
	form: AbsenceForm
): AgendaOutcome {
	const agenda = visibleAgenda(db, actor.ctx, agendaId);
	if (!agenda) return notFound();
	const timeZone = timeZoneOf(agenda.departementCode);
	const instants = absenceInstants(form, timeZone);
	if (!instants.ok) return impossible(instants.field, instants.message);
	if (!spanInWindow(form.startDate as LocalDate, form.endDate as LocalDate, timeZone, actor.now))
		return impossible('endDate', 'agendas:errors.dateRange');
	return addAbsence(db, actor, agendaId, {
		start: instants.start,
		end: instants.end,
		label: form.label
	});
}

export function removeAbsence(
	db: Db,
	actor: Actor,
	agendaId: number,
	absenceId: number
): AgendaOutcome {
	return changeAgenda(db, actor, agendaId, 'agenda_absence_remove', (tx, agenda) => {
		const removed = tx
			.delete(agendaAbsences)
			.where(and(eq(agendaAbsences.id, absenceId), eq(agendaAbsences.agendaId, agenda.id)))
			.returning({ id: agendaAbsences.id })
			.all();
		if (removed.length === 0) return notFound();
		return { details: { absence: absenceId }, result: undefined };
	});
}

/** Runs a département-level change (new agenda, points d'accueil, closures) in one transaction with its audit row. */
function changeDepartement<T>(
	db: Db,
	{ ctx, now }: Actor,
	code: string,
	action: AuditAction,
	change: (tx: Executor) => Change<T> | Refusal
): AgendaOutcome<T> {
	return transact(db, (tx) => {
		if (!departementByCode(code)) return notFound();
		const refusal = manageRefusal(ctx, code);
		if (refusal) return refusal;
		const outcome = change(tx);
		if ('ok' in outcome) return outcome;
		audit(
			tx,
			{ userId: ctx.user.id, action, departementCode: code, details: outcome.details },
			now
		);
		return ok(outcome.result);
	});
}

/** A point d'accueil of the département, or undefined (tampered or foreign id). */
function pointOf(tx: Executor, code: string, pointId: number) {
	const point = tx.select().from(pointsAccueil).where(eq(pointsAccueil.id, pointId)).get();
	return point && point.departementCode === code ? point : undefined;
}

/** A new agenda, inactive hours (none) until edited; in-person agendas need an active point d'accueil of the département. */
export function createAgenda(
	db: Db,
	actor: Actor,
	input: { departement: string; mode: Mode; pointAccueil: number | null }
): AgendaOutcome<number> {
	return changeDepartement(db, actor, input.departement, 'agenda_create', (tx) => {
		if (input.pointAccueil !== null) {
			const point = pointOf(tx, input.departement, input.pointAccueil);
			if (!point) return impossible('pointAccueil', 'agendas:errors.pointAccueil');
			if (!point.active) return impossible('pointAccueil', 'agendas:errors.pointInactive');
		}
		const row = tx
			.insert(agendas)
			.values({
				departementCode: input.departement,
				mode: input.mode,
				pointAccueilId: input.pointAccueil,
				weekly: []
			})
			.returning({ id: agendas.id })
			.get();
		return { details: { agenda: row.id, mode: input.mode }, result: row.id };
	});
}

export function createPoint(
	db: Db,
	actor: Actor,
	input: { departement: string; name: string; address: string; accessibility: string }
): AgendaOutcome<number> {
	return changeDepartement(db, actor, input.departement, 'point_accueil_create', (tx) => {
		const { departement, ...fields } = input;
		const row = tx
			.insert(pointsAccueil)
			.values({ departementCode: departement, ...fields })
			.returning({ id: pointsAccueil.id })
			.get();
		return { details: { point: row.id }, result: row.id };
	});
}

/** The département of a point d'accueil the staff member may see, or undefined. */
function departementOfPoint(db: Executor, ctx: StaffContext, pointId: number): string | undefined {
	const point = db
		.select({ code: pointsAccueil.departementCode })
		.from(pointsAccueil)
		.where(eq(pointsAccueil.id, pointId))
		.get();
	return point && canViewAgendas(ctx, point.code) ? point.code : undefined;
}

/** Edits a point d'accueil (the demo flag goes once staff set a real address); answers its département. */
export function updatePoint(
	db: Db,
	actor: Actor,
	pointId: number,
	fields: { name: string; address: string; accessibility: string }
): AgendaOutcome<string> {
	const code = departementOfPoint(db, actor.ctx, pointId);
	if (!code) return notFound();
	return changeDepartement(db, actor, code, 'point_accueil_update', (tx) => {
		tx.update(pointsAccueil)
			.set({ ...fields, isDemo: false })
			.where(and(eq(pointsAccueil.id, pointId), eq(pointsAccueil.departementCode, code)))
			.run();
		return { details: { point: pointId }, result: code };
	});
}

/** Switches a point d'accueil on or off; answers its département. */
export function setPointActive(
	db: Db,
	actor: Actor,
	pointId: number,
	active: boolean
): AgendaOutcome<string> {
	const code = departementOfPoint(db, actor.ctx, pointId);
	if (!code) return notFound();
	return changeDepartement(
		db,
		actor,
		code,
		active ? 'point_accueil_activate' : 'point_accueil_deactivate',
		(tx) => {
			tx.update(pointsAccueil)
				.set({ active })
				.where(and(eq(pointsAccueil.id, pointId), eq(pointsAccueil.departementCode, code)))
				.run();
			return { details: { point: pointId }, result: code };
		}
	);
}

/** A closure day of the département, inside the planning window (window.ts). */
export function addClosure(db: Db, actor: Actor, code: string, date: LocalDate): AgendaOutcome {
	return changeDepartement(db, actor, code, 'closure_add', (tx) => {
		if (!dayInWindow(date, timeZoneOf(code), actor.now))
			return impossible('date', 'agendas:errors.dateRange');
		tx.insert(closures).values({ departementCode: code, date }).onConflictDoNothing().run();
		return { details: { date }, result: undefined };
	});
}

export function removeClosure(db: Db, actor: Actor, code: string, date: LocalDate): AgendaOutcome {
	return changeDepartement(db, actor, code, 'closure_remove', (tx) => {
		const removed = tx
			.delete(closures)
			.where(and(eq(closures.departementCode, code), eq(closures.date, date)))
			.returning({ date: closures.date })
			.all();
		if (removed.length === 0) return notFound();
		return { details: { date }, result: undefined };
	});
}

/**
 * Opens (`open`) or closes again a default closure of the département — 21 July or Good
 * Friday in 971/972 (ADR 038). The `closure_lifts` triggers invalidate the slot cache.
 */
export function setDefaultClosureOpen(
	db: Db,
	actor: Actor,
	code: string,
	holiday: LiftableClosure,
	open: boolean
): AgendaOutcome {
	return changeDepartement(
		db,
		actor,
		code,
		open ? 'default_closure_lift' : 'default_closure_restore',
		(tx) => {
			if (!liftableClosuresOf(code).includes(holiday))
				return impossible('holiday', 'agendas:errors.defaultClosure');
			if (open)
				tx.insert(closureLifts)
					.values({ departementCode: code, holiday })
					.onConflictDoNothing()
					.run();
			else
				tx.delete(closureLifts)
					.where(and(eq(closureLifts.departementCode, code), eq(closureLifts.holiday, holiday)))
					.run();
			return { details: { holiday }, result: undefined };
		}
	);
}
