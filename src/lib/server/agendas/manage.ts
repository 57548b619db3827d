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
export async function clashesOf(db: Executor, agenda: Agenda, now: Date): Promise<ClashView[]> {
	const booked = await db
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
		.orderBy(asc(rendezVous.startsAt));
	if (booked.length === 0) return [];
	const point = agenda.pointAccueilId
		? (
				await db
					.select({ active: pointsAccueil.active })
					.from(pointsAccueil)
					.where(eq(pointsAccueil.id, agenda.pointAccueilId))
			)[0]
		: undefined;
	const rules = await agendaRules(db, agenda);
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

const agendaSummary = async (
	db: Executor,
	agenda: Agenda,
	point: typeof pointsAccueil.$inferSelect | null | undefined,
	now: Date
): Promise<AgendaSummary> => ({
	id: agenda.id,
	mode: agenda.mode,
	active: agenda.active,
	slotMinutes: agenda.slotMinutes,
	minNoticeDays: agenda.minNoticeDays,
	weekly: agenda.weekly,
	point: point ? pointView(point) : null,
	clashes: await clashesOf(db, agenda, now)
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
export async function listForDepartements(
	db: Executor,
	ctx: StaffContext,
	codes: readonly string[],
	now: Date
): Promise<DepartementAgendas[]> {
	const visible = codes.filter((code) => canViewAgendas(ctx, code) && departementByCode(code));
	if (visible.length === 0) return [];
	const rows = await db
		.select({ agenda: agendas, point: pointsAccueil })
		.from(agendas)
		.leftJoin(pointsAccueil, eq(agendas.pointAccueilId, pointsAccueil.id))
		.where(inArray(agendas.departementCode, visible))
		.orderBy(asc(agendas.id));
	const points = await db
		.select()
		.from(pointsAccueil)
		.where(inArray(pointsAccueil.departementCode, visible))
		.orderBy(asc(pointsAccueil.id));
	const days = await db
		.select()
		.from(closures)
		.where(inArray(closures.departementCode, visible))
		.orderBy(asc(closures.date));
	const lifts = await db
		.select()
		.from(closureLifts)
		.where(inArray(closureLifts.departementCode, visible));
	return Promise.all(
		visible.map(async (code) => {
			const d = departementByCode(code)!;
			return {
				code,
				name: d.name,
				timeZone: d.timeZone,
				canManage: canManageAgendas(ctx, code),
				agendas: await Promise.all(
					rows
						.filter((r) => r.agenda.departementCode === code)
						.map(({ agenda, point }) => agendaSummary(db, agenda, point, now))
				),
				points: points.filter((p) => p.departementCode === code).map(pointView),
				closures: days
					.filter((c) => c.departementCode === code && c.date >= todayIn(d.timeZone, now))
					.map((c) => c.date),
				defaultClosures: liftableClosuresOf(code).map((holiday) => ({
					holiday,
					open: lifts.some((l) => l.departementCode === code && l.holiday === holiday)
				}))
			};
		})
	);
}

const timeZoneOf = (code: string) => departementByCode(code)?.timeZone ?? 'Europe/Paris';

/** An agenda the staff member may see, or undefined (unknown or out of scope alike). */
export async function visibleAgenda(
	db: Executor,
	ctx: StaffContext,
	id: number
): Promise<Agenda | undefined> {
	const [agenda] = await db.select().from(agendas).where(eq(agendas.id, id));
	return agenda && canViewAgendas(ctx, agenda.departementCode) ? agenda : undefined;
}

export interface AgendaDetail extends AgendaSummary {
	departement: { code: string; name: string; timeZone: string };
	canManage: boolean;
	openings: { id: number; date: LocalDate; start: string; end: string }[];
	absences: { id: number; startsAt: string; endsAt: string; label: string }[];
}

/** One agenda with its one-off openings and absences to come, and its clashes. */
export async function agendaDetail(
	db: Executor,
	ctx: StaffContext,
	id: number,
	now: Date
): Promise<AgendaOutcome<AgendaDetail>> {
	const agenda = await visibleAgenda(db, ctx, id);
	if (!agenda) return notFound();
	const d = departementByCode(agenda.departementCode)!;
	const point = agenda.pointAccueilId
		? (await db.select().from(pointsAccueil).where(eq(pointsAccueil.id, agenda.pointAccueilId)))[0]
		: undefined;
	const today = todayIn(d.timeZone, now);
	return ok({
		...(await agendaSummary(db, agenda, point, now)),
		departement: { code: d.code, name: d.name, timeZone: d.timeZone },
		canManage: canManageAgendas(ctx, agenda.departementCode),
		openings: (
			await db
				.select()
				.from(agendaOpenings)
				.where(eq(agendaOpenings.agendaId, agenda.id))
				.orderBy(asc(agendaOpenings.date), asc(agendaOpenings.start))
		)
			.filter((o) => o.date >= today)
			.map(({ id, date, start, end }) => ({ id, date, start, end })),
		absences: (
			await db
				.select()
				.from(agendaAbsences)
				.where(and(eq(agendaAbsences.agendaId, agenda.id), gt(agendaAbsences.endsAt, now)))
				.orderBy(asc(agendaAbsences.startsAt))
		).map((a) => ({
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
async function changeAgenda<T>(
	db: Db,
	{ ctx, now }: Actor,
	agendaId: number,
	action: AuditAction,
	change: (tx: Executor, agenda: Agenda) => Promise<Change<T> | Refusal>
): Promise<AgendaOutcome<T>> {
	return transact(db, async (tx) => {
		const [agenda] = await tx.select().from(agendas).where(eq(agendas.id, agendaId));
		if (!agenda) return notFound();
		const refusal = manageRefusal(ctx, agenda.departementCode);
		if (refusal) return refusal;
		const outcome = await change(tx, agenda);
		if ('ok' in outcome) return outcome;
		await audit(
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

export async function updateWeekly(
	db: Db,
	actor: Actor,
	agendaId: number,
	weekly: WeeklyOpening[]
): Promise<AgendaOutcome> {
	return changeAgenda(db, actor, agendaId, 'agenda_update', async (tx, agenda) => {
		await tx.update(agendas).set({ weekly }).where(eq(agendas.id, agenda.id));
		return { details: { change: 'weekly', ranges: weekly.length }, result: undefined };
	});
}

export async function updateSettings(
	db: Db,
	actor: Actor,
	agendaId: number,
	settings: { slotMinutes: number; minNoticeDays: number }
): Promise<AgendaOutcome> {
	return changeAgenda(db, actor, agendaId, 'agenda_update', async (tx, agenda) => {
		await tx.update(agendas).set(settings).where(eq(agendas.id, agenda.id));
		return { details: { change: 'settings', ...settings }, result: undefined };
	});
}

export async function setAgendaActive(
	db: Db,
	actor: Actor,
	agendaId: number,
	active: boolean
): Promise<AgendaOutcome> {
	return changeAgenda(
		db,
		actor,
		agendaId,
		active ? 'agenda_activate' : 'agenda_deactivate',
		async (tx, agenda) => {
			await tx.update(agendas).set({ active }).where(eq(agendas.id, agenda.id));
			return { result: undefined };
		}
	);
}

/** A one-off opening, on a day of the planning window (window.ts). */
export async function addOpening(
	db: Db,
	actor: Actor,
	agendaId: number,
	opening: { date: LocalDate; start: string; end: string }
): Promise<AgendaOutcome> {
	return changeAgenda(db, actor, agendaId, 'agenda_opening_add', async (tx, agenda) => {
		if (!dayInWindow(opening.date, timeZoneOf(agenda.departementCode), actor.now))
			return impossible('date', 'agendas:errors.dateRange');
		const [row] = await tx
			.insert(agendaOpenings)
			.values({ agendaId: agenda.id, ...opening })
			.returning({ id: agendaOpenings.id });
		return { details: { opening: row!.id, date: opening.date }, result: undefined };
	});
}

export async function removeOpening(
	db: Db,
	actor: Actor,
	agendaId: number,
	openingId: number
): Promise<AgendaOutcome> {
	return changeAgenda(db, actor, agendaId, 'agenda_opening_remove', async (tx, agenda) => {
		const removed = await tx
			.delete(agendaOpenings)
			.where(and(eq(agendaOpenings.id, openingId), eq(agendaOpenings.agendaId, agenda.id)))
			.returning({ id: agendaOpenings.id });
		if (removed.length === 0) return notFound();
		return { details: { opening: openingId }, result: undefined };
	});
}

export async function addAbsence(
	db: Db,
	actor: Actor,
	agendaId: number,
	absence: { start: Date; end: Date; label: string }
): Promise<AgendaOutcome> {
	return changeAgenda(db, actor, agendaId, 'agenda_absence_add', async (tx, agenda) => {
		const [row] = await tx
			.insert(agendaAbsences)
			.values({
				agendaId: agenda.id,
				startsAt: absence.start,
				endsAt: absence.end,
				label: absence.label
			})
			.returning({ id: agendaAbsences.id });
		return { details: { absence: row!.id }, result: undefined };
	});
}

/**
 * An absence typed as local dates and times of the agenda's département (DST-safe), not over
 * yet and starting inside the planning window (window.ts).
 */
export async function planAbsence(
	db: Db,
	actor: Actor,
	agendaId: number,
	form: AbsenceForm
): Promise<AgendaOutcome> {
	const agenda = await visibleAgenda(db, actor.ctx, agendaId);
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

export async function removeAbsence(
	db: Db,
	actor: Actor,
	agendaId: number,
	absenceId: number
): Promise<AgendaOutcome> {
	return changeAgenda(db, actor, agendaId, 'agenda_absence_remove', async (tx, agenda) => {
		const removed = await tx
			.delete(agendaAbsences)
			.where(and(eq(agendaAbsences.id, absenceId), eq(agendaAbsences.agendaId, agenda.id)))
			.returning({ id: agendaAbsences.id });
		if (removed.length === 0) return notFound();
		return { details: { absence: absenceId }, result: undefined };
	});
}

/** Runs a département-level change (new agenda, points d'accueil, closures) in one transaction with its audit row. */
async function changeDepartement<T>(
	db: Db,
	{ ctx, now }: Actor,
	code: string,
	action: AuditAction,
	change: (tx: Executor) => Promise<Change<T> | Refusal>
): Promise<AgendaOutcome<T>> {
	return transact(db, async (tx) => {
		if (!departementByCode(code)) return notFound();
		const refusal = manageRefusal(ctx, code);
		if (refusal) return refusal;
		const outcome = await change(tx);
		if ('ok' in outcome) return outcome;
		await audit(
			tx,
			{ userId: ctx.user.id, action, departementCode: code, details: outcome.details },
			now
		);
		return ok(outcome.result);
	});
}

/** A point d'accueil of the département, or undefined (tampered or foreign id). */
async function pointOf(tx: Executor, code: string, pointId: number) {
	const [point] = await tx.select().from(pointsAccueil).where(eq(pointsAccueil.id, pointId));
	return point && point.departementCode === code ? point : undefined;
}

/** A new agenda, inactive hours (none) until edited; in-person agendas need an active point d'accueil of the département. */
export async function createAgenda(
	db: Db,
	actor: Actor,
	input: { departement: string; mode: Mode; pointAccueil: number | null }
): Promise<AgendaOutcome<number>> {
	return changeDepartement(db, actor, input.departement, 'agenda_create', async (tx) => {
		if (input.pointAccueil !== null) {
			const point = await pointOf(tx, input.departement, input.pointAccueil);
			if (!point) return impossible('pointAccueil', 'agendas:errors.pointAccueil');
			if (!point.active) return impossible('pointAccueil', 'agendas:errors.pointInactive');
		}
		const [row] = await tx
			.insert(agendas)
			.values({
				departementCode: input.departement,
				mode: input.mode,
				pointAccueilId: input.pointAccueil,
				weekly: []
			})
			.returning({ id: agendas.id });
		return { details: { agenda: row!.id, mode: input.mode }, result: row!.id };
	});
}

export async function createPoint(
	db: Db,
	actor: Actor,
	input: { departement: string; name: string; address: string; accessibility: string }
): Promise<AgendaOutcome<number>> {
	return changeDepartement(db, actor, input.departement, 'point_accueil_create', async (tx) => {
		const { departement, ...fields } = input;
		const [row] = await tx
			.insert(pointsAccueil)
			.values({ departementCode: departement, ...fields })
			.returning({ id: pointsAccueil.id });
		return { details: { point: row!.id }, result: row!.id };
	});
}

/** The département of a point d'accueil the staff member may see, or undefined. */
async function departementOfPoint(
	db: Executor,
	ctx: StaffContext,
	pointId: number
): Promise<string | undefined> {
	const [point] = await db
		.select({ code: pointsAccueil.departementCode })
		.from(pointsAccueil)
		.where(eq(pointsAccueil.id, pointId));
	return point && canViewAgendas(ctx, point.code) ? point.code : undefined;
}

/** Edits a point d'accueil (the demo flag goes once staff set a real address); answers its département. */
export async function updatePoint(
	db: Db,
	actor: Actor,
	pointId: number,
	fields: { name: string; address: string; accessibility: string }
): Promise<AgendaOutcome<string>> {
	const code = await departementOfPoint(db, actor.ctx, pointId);
	if (!code) return notFound();
	return await changeDepartement(db, actor, code, 'point_accueil_update', async (tx) => {
		await tx
			.update(pointsAccueil)
			.set({ ...fields, isDemo: false })
			.where(and(eq(pointsAccueil.id, pointId), eq(pointsAccueil.departementCode, code)));
		return { details: { point: pointId }, result: code };
	});
}

/** Switches a point d'accueil on or off; answers its département. */
export async function setPointActive(
	db: Db,
	actor: Actor,
	pointId: number,
	active: boolean
): Promise<AgendaOutcome<string>> {
	const code = await departementOfPoint(db, actor.ctx, pointId);
	if (!code) return notFound();
	return await changeDepartement(
		db,
		actor,
		code,
		active ? 'point_accueil_activate' : 'point_accueil_deactivate',
		async (tx) => {
			await tx
				.update(pointsAccueil)
				.set({ active })
				.where(and(eq(pointsAccueil.id, pointId), eq(pointsAccueil.departementCode, code)));
			return { details: { point: pointId }, result: code };
		}
	);
}

/** A closure day of the département, inside the planning window (window.ts). */
export async function addClosure(
	db: Db,
	actor: Actor,
	code: string,
	date: LocalDate
): Promise<AgendaOutcome> {
	return changeDepartement(db, actor, code, 'closure_add', async (tx) => {
		if (!dayInWindow(date, timeZoneOf(code), actor.now))
			return impossible('date', 'agendas:errors.dateRange');
		await tx.insert(closures).values({ departementCode: code, date }).onConflictDoNothing();
		return { details: { date }, result: undefined };
	});
}

export async function removeClosure(
	db: Db,
	actor: Actor,
	code: string,
	date: LocalDate
): Promise<AgendaOutcome> {
	return changeDepartement(db, actor, code, 'closure_remove', async (tx) => {
		const removed = await tx
			.delete(closures)
			.where(and(eq(closures.departementCode, code), eq(closures.date, date)))
			.returning({ date: closures.date });
		if (removed.length === 0) return notFound();
		return { details: { date }, result: undefined };
	});
}

/**
 * Opens (`open`) or closes again a default closure of the département — 21 July or Good
 * Friday in 971/972 (ADR 038). The `closure_lifts` triggers invalidate the slot cache.
 */
export async function setDefaultClosureOpen(
	db: Db,
	actor: Actor,
	code: string,
	holiday: LiftableClosure,
	open: boolean
): Promise<AgendaOutcome> {
	return changeDepartement(
		db,
		actor,
		code,
		open ? 'default_closure_lift' : 'default_closure_restore',
		async (tx) => {
			if (!liftableClosuresOf(code).includes(holiday))
				return impossible('holiday', 'agendas:errors.defaultClosure');
			if (open)
				await tx
					.insert(closureLifts)
					.values({ departementCode: code, holiday })
					.onConflictDoNothing();
			else
				await tx
					.delete(closureLifts)
					.where(and(eq(closureLifts.departementCode, code), eq(closureLifts.holiday, holiday)));
			return { details: { holiday }, result: undefined };
		}
	);
}
