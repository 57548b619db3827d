/**
 * What the service social does with a demande (docs/backoffice.md, ADR 011): take charge, assign, record a
 * contact attempt, record whether the rendez-vous was honoured, add a note, close with an
 * outcome, reopen, cancel the rendez-vous. Framework-free: the route parses the form, this
 * module applies the rules.
 *
 * Every action is ONE SQLite transaction that (1) finds the demande by reference AND the
 * staff member's département scope (another département's demande is "not found", exactly like
 * an unknown reference), (2) checks the transition, (3) writes the change, a `demande_events`
 * row (author, time, type, from → to, note) and an `audit_log` row, plus the e-mail in the
 * outbox for a cancellation. A refused action stores nothing. Rules: docs/backoffice.md.
 */
import { rebookUrl, rendezVousInput, smsInput, smsToPerson } from '$lib/server/booking/events';
import { serviceCancellationSms } from '$lib/server/sms/templates';
import { and, count, desc, eq, inArray, isNull, isNotNull, or } from 'drizzle-orm';
import { departementByCode } from '$lib/departements/data';
import {
	contactChannels,
	contactResults,
	workableStatuses,
	type ContactChannel,
	type ContactResult
} from '$lib/vocabulary';
import type { Db, Executor } from '$lib/server/db/index';
import {
	demandeEvents,
	demandes,
	rendezVous,
	staffDepartements,
	staffUsers,
	type Demande,
	type DemandeEventType,
	type DemandeOutcome,
	type DemandeStatus,
	type RendezVous,
	type StaffRole
} from '$lib/server/db/schema';
import { audit } from '$lib/server/auth/guard';
import { enqueueMail } from '$lib/server/mail/outbox';
import { serviceCancellationMail } from '$lib/server/mail/service-cancel';
import { ok, refused, transact, type Refusal, type Result } from '$lib/server/result';
import { demandeRowInScope } from './demande';

/** Longest note, contact-attempt comment or cancellation message (characters). */
export const NOTE_MAX_LENGTH = 2000;

export { contactChannels, contactResults };
export const attendances = ['honore', 'absent'] as const;
export type Attendance = (typeof attendances)[number];

/** Who acts: the parts of the staff context the rules need. */
export interface Actor {
	user: { id: number; role: StaffRole };
	/** Départements in scope (all of them for an administrateur). */
	departements: readonly string[];
}

export type ActionRefusal =
	/** Unknown reference or outside the actor's départements: 404, existence not revealed. */
	| 'not_found'
	/** The demande's status does not allow this action (e.g. closing a closed demande). */
	| 'wrong_status'
	| 'already_assigned'
	/** Unassigning a demande nobody has in charge. */
	| 'not_assigned'
	| 'assignee_invalid'
	| 'no_confirmed_rdv'
	| 'rdv_not_past'
	| 'rdv_past'
	| 'attendance_same'
	| 'rdv_upcoming'
	/** A note or message longer than NOTE_MAX_LENGTH (the form schema says so first): 400. */
	| 'too_long';

/** The application layer's one result type (ADR 030). */
export type ActionOutcome<T = undefined> = Result<T, ActionRefusal>;

export interface MailConfig {
	/** Public URL of the portal (links in e-mails). */
	baseUrl: string;
	isDemo: boolean;
}

/** Statuses in which a demande can still be worked, and closed (everything but closed). */
const WORKABLE: readonly DemandeStatus[] = workableStatuses;

const refuse = (reason: ActionRefusal): Refusal<ActionRefusal> =>
	refused(reason, reason === 'not_found' ? 404 : reason === 'too_long' ? 400 : 409);

const tooLong = (...texts: (string | null)[]) =>
	texts.some((text) => text !== null && text.length > NOTE_MAX_LENGTH);

/** The latest rendez-vous row of a demande (a move cancels the old row and adds a new one). */
async function latestRendezVous(tx: Executor, demandeId: number): Promise<RendezVous | undefined> {
	return (
		await tx
			.select()
			.from(rendezVous)
			.where(eq(rendezVous.demandeId, demandeId))
			.orderBy(desc(rendezVous.id))
	)[0];
}

/** A demande event and its audit line, in the caller's transaction. No personal data in the audit. */
async function record(
	tx: Executor,
	actor: Actor,
	demande: Demande,
	now: Date,
	event: { type: DemandeEventType; from?: string | null; to?: string | null; note?: string | null },
	details: Record<string, string | number | boolean | null> = {}
): Promise<void> {
	await tx.insert(demandeEvents).values({
		demandeId: demande.id,
		at: now,
		userId: actor.user.id,
		type: event.type,
		from: event.from ?? null,
		to: event.to ?? null,
		note: event.note ?? null
	});
	await audit(
		tx,
		{
			userId: actor.user.id,
			action: `demande_${event.type}`,
			demandeReference: demande.reference,
			departementCode: demande.departementCode,
			details
		},
		now
	);
}

/** A first action on a new demande starts the work on it. */
async function startWork(tx: Executor, demande: Demande): Promise<DemandeStatus> {
	if (demande.status !== 'nouvelle') return demande.status;
	await tx.update(demandes).set({ status: 'en_cours' }).where(eq(demandes.id, demande.id));
	return 'en_cours';
}

/**
 * Run `body` for the demande in one immediate transaction; a refusal rolls everything back
 * (nothing is half-stored).
 */
async function withDemande<T>(
	db: Db,
	actor: Actor,
	reference: string,
	texts: (string | null)[],
	body: (tx: Executor, demande: Demande) => Promise<ActionOutcome<T>>
): Promise<ActionOutcome<T>> {
	return transact(db, async (tx) => {
		const demande = await demandeRowInScope(tx, actor.departements, reference);
		if (!demande) return refuse('not_found');
		if (tooLong(...texts)) return refuse('too_long');
		return body(tx, demande);
	});
}

// ------------------------------------------------------------------ assignment

/** Staff members a demande of `departementCode` may be assigned to: active, working that département, or administrateurs. */
export async function assignableStaff(
	db: Executor,
	departementCode: string
): Promise<{ id: number; name: string; role: StaffRole }[]> {
	return await db
		.selectDistinct({ id: staffUsers.id, name: staffUsers.name, role: staffUsers.role })
		.from(staffUsers)
		.leftJoin(
			staffDepartements,
			and(
				eq(staffDepartements.userId, staffUsers.id),
				eq(staffDepartements.departementCode, departementCode)
			)
		)
		.where(
			and(
				isNull(staffUsers.disabledAt),
				isNotNull(staffUsers.passwordHash),
				or(eq(staffUsers.role, 'administrateur'), isNotNull(staffDepartements.userId))
			)
		)
		.orderBy(staffUsers.name, staffUsers.id);
}

async function isAssignable(
	tx: Executor,
	userId: number,
	departementCode: string
): Promise<boolean> {
	return (await assignableStaff(tx, departementCode)).some((s) => s.id === userId);
}

async function assignTo(
	tx: Executor,
	actor: Actor,
	demande: Demande,
	assigneeId: number,
	type: 'prise_en_charge' | 'assignation',
	now: Date
): Promise<ActionOutcome> {
	if (!WORKABLE.includes(demande.status)) return refuse('wrong_status');
	if (demande.assignedTo === assigneeId) return refuse('already_assigned');
	if (!(await isAssignable(tx, assigneeId, demande.departementCode)))
		return refuse('assignee_invalid');
	await tx.update(demandes).set({ assignedTo: assigneeId }).where(eq(demandes.id, demande.id));
	const status = await startWork(tx, demande);
	await record(
		tx,
		actor,
		demande,
		now,
		{
			type,
			from: demande.assignedTo === null ? null : String(demande.assignedTo),
			to: String(assigneeId)
		},
		{ from: demande.status, to: status }
	);
	return ok();
}

/** "Je la prends en charge": the actor becomes the assignee. */
export async function takeCharge(
	db: Db,
	actor: Actor,
	reference: string,
	now: Date = new Date()
): Promise<ActionOutcome> {
	return withDemande(db, actor, reference, [], (tx, demande) =>
		assignTo(tx, actor, demande, actor.user.id, 'prise_en_charge', now)
	);
}

/** Assigns to a colleague (or oneself): an active staff member of the département, or an administrateur. */
export async function assign(
	db: Db,
	actor: Actor,
	reference: string,
	assigneeId: number,
	now: Date = new Date()
): Promise<ActionOutcome> {
	return withDemande(db, actor, reference, [], (tx, demande) =>
		assignTo(
			tx,
			actor,
			demande,
			assigneeId,
			assigneeId === actor.user.id ? 'prise_en_charge' : 'assignation',
			now
		)
	);
}

/**
 * Nobody has the demande in charge any more (the assignee is away, or it was taken by
 * mistake): it goes back to the département's common queue, its status unchanged (ADR 039).
 */
export async function unassign(
	db: Db,
	actor: Actor,
	reference: string,
	now: Date = new Date()
): Promise<ActionOutcome> {
	return withDemande(db, actor, reference, [], async (tx, demande) => {
		if (!WORKABLE.includes(demande.status)) return refuse('wrong_status');
		if (demande.assignedTo === null) return refuse('not_assigned');
		await tx.update(demandes).set({ assignedTo: null }).where(eq(demandes.id, demande.id));
		await record(tx, actor, demande, now, {
			type: 'desassignation',
			from: String(demande.assignedTo),
			to: null
		});
		return ok();
	});
}

// ------------------------------------------------------------------ work

/** A call, e-mail, letter or SMS to the person, and whether they were reached. */
export async function recordContactAttempt(
	db: Db,
	actor: Actor,
	reference: string,
	input: { channel: ContactChannel; result: ContactResult; note: string | null },
	now: Date = new Date()
): Promise<ActionOutcome> {
	return withDemande(db, actor, reference, [input.note], async (tx, demande) => {
		if (!WORKABLE.includes(demande.status)) return refuse('wrong_status');
		const status = await startWork(tx, demande);
		await record(
			tx,
			actor,
			demande,
			now,
			{ type: 'tentative_contact', from: input.channel, to: input.result, note: input.note },
			{
				from: demande.status,
				to: status,
				channel: input.channel,
				result: input.result
			}
		);
		return ok();
	});
}

/** Honoured or no-show: only for a confirmed rendez-vous whose start has passed. */
export async function recordAttendance(
	db: Db,
	actor: Actor,
	reference: string,
	attendance: Attendance,
	now: Date = new Date()
): Promise<ActionOutcome> {
	return withDemande(db, actor, reference, [], async (tx, demande) => {
		if (!WORKABLE.includes(demande.status)) return refuse('wrong_status');
		const rdv = await latestRendezVous(tx, demande.id);
		if (!rdv || rdv.status !== 'confirme') return refuse('no_confirmed_rdv');
		if (rdv.startsAt.getTime() > now.getTime()) return refuse('rdv_not_past');
		if (rdv.attendance === attendance) return refuse('attendance_same');
		await tx.update(rendezVous).set({ attendance }).where(eq(rendezVous.id, rdv.id));
		const status = await startWork(tx, demande);
		await record(
			tx,
			actor,
			demande,
			now,
			{
				type: attendance === 'honore' ? 'rdv_honore' : 'rdv_absent',
				from: rdv.attendance,
				to: attendance
			},
			{
				from: demande.status,
				to: status
			}
		);
		return ok();
	});
}

/** A free note, in any status (a closed demande can still be annotated). */
export async function addNote(
	db: Db,
	actor: Actor,
	reference: string,
	note: string,
	now: Date = new Date()
): Promise<ActionOutcome> {
	return withDemande(db, actor, reference, [note], async (tx, demande) => {
		await record(tx, actor, demande, now, { type: 'note', note }, { length: note.length });
		return ok();
	});
}

/**
 * Closes with an outcome, from nouvelle, en cours or annulée. Refused while a confirmed
 * rendez-vous is still to come: the person must be told, which `cancelAndClose` does in the
 * same step (ADR 039).
 */
export async function close(
	db: Db,
	actor: Actor,
	reference: string,
	input: CloseInput,
	now: Date = new Date()
): Promise<ActionOutcome> {
	return withDemande(db, actor, reference, [input.note], async (tx, demande) => {
		if (!WORKABLE.includes(demande.status)) return refuse('wrong_status');
		const rdv = await latestRendezVous(tx, demande.id);
		if (rdv && rdv.status === 'confirme' && rdv.startsAt.getTime() > now.getTime())
			return refuse('rdv_upcoming');
		await closeIn(tx, actor, demande, demande.status, input, now);
		return ok();
	});
}

export interface CloseInput {
	outcome: DemandeOutcome;
	note: string | null;
}

/** The closing write and its history line, from `from` (the status before the whole action). */
async function closeIn(
	tx: Executor,
	actor: Actor,
	demande: Demande,
	from: DemandeStatus,
	input: CloseInput,
	now: Date
): Promise<void> {
	await tx
		.update(demandes)
		.set({ status: 'cloturee', closedAt: now, outcome: input.outcome })
		.where(eq(demandes.id, demande.id));
	await record(
		tx,
		actor,
		demande,
		now,
		{ type: 'cloture', from, to: input.outcome, note: input.note },
		{ from, to: 'cloturee' }
	);
}

/** Reopens a closed demande: back to en cours; closing date and outcome are cleared, the history stays. */
export async function reopen(
	db: Db,
	actor: Actor,
	reference: string,
	note: string | null,
	now: Date = new Date()
): Promise<ActionOutcome> {
	return withDemande(db, actor, reference, [note], async (tx, demande) => {
		if (demande.status !== 'cloturee') return refuse('wrong_status');
		await tx
			.update(demandes)
			.set({ status: 'en_cours', closedAt: null, outcome: null })
			.where(eq(demandes.id, demande.id));
		await record(
			tx,
			actor,
			demande,
			now,
			{ type: 'reouverture', from: demande.outcome, to: 'en_cours', note },
			{ from: 'cloturee', to: 'en_cours' }
		);
		return ok();
	});
}

// ------------------------------------------------------------------ cancellation by the service

/**
 * Cancels the demande's upcoming confirmed rendez-vous on behalf of the service social. The
 * slot is free at once; the demande stays to be worked (nouvelle → en cours); the person is
 * e-mailed the staff message and how to book again, in the demande's language, through the
 * outbox in the same transaction. `mailed` is false when the person gave no e-mail address.
 */
export async function cancelRendezVous(
	db: Db,
	actor: Actor,
	reference: string,
	message: string,
	config: MailConfig,
	now: Date = new Date()
): Promise<ActionOutcome<{ mailed: boolean }>> {
	return withDemande(db, actor, reference, [message], (tx, demande) =>
		cancelIn(tx, actor, demande, message, config, now, false)
	);
}

/**
 * « Annuler le rendez-vous et clôturer » (ADR 039): a demande whose rendez-vous is still to
 * come is closed in one step — the rendez-vous cancelled, the demande closed with its outcome,
 * and ONE e-mail telling the person both (never « votre demande reste ouverte »). One
 * transaction: a refusal of either part stores nothing.
 */
export async function cancelAndClose(
	db: Db,
	actor: Actor,
	reference: string,
	input: CloseInput & { message: string },
	config: MailConfig,
	now: Date = new Date()
): Promise<ActionOutcome<{ mailed: boolean }>> {
	return withDemande(db, actor, reference, [input.message, input.note], async (tx, demande) => {
		const cancelled = await cancelIn(tx, actor, demande, input.message, config, now, true);
		if (!cancelled.ok) return cancelled;
		await closeIn(tx, actor, demande, demande.status, input, now);
		return cancelled;
	});
}

/** The cancellation by the service, in the caller's transaction; `closing`: the demande closes next. */
async function cancelIn(
	tx: Executor,
	actor: Actor,
	demande: Demande,
	message: string,
	config: MailConfig,
	now: Date,
	closing: boolean
): Promise<ActionOutcome<{ mailed: boolean }>> {
	if (!WORKABLE.includes(demande.status)) return refuse('wrong_status');
	const rdv = await latestRendezVous(tx, demande.id);
	if (!rdv || rdv.status !== 'confirme') return refuse('no_confirmed_rdv');
	if (rdv.startsAt.getTime() <= now.getTime()) return refuse('rdv_past');
	await tx
		.update(rendezVous)
		.set({ status: 'annule', cancelledAt: now, cancelledBy: 'service' })
		.where(eq(rendezVous.id, rdv.id));
	const status = closing ? demande.status : await startWork(tx, demande);
	await record(
		tx,
		actor,
		demande,
		now,
		{ type: 'rdv_annule', from: 'confirme', to: 'annule', note: message },
		{ from: demande.status, to: status, mailed: demande.email !== null }
	);
	const departement = departementByCode(demande.departementCode);
	if (!departement) return ok({ mailed: false });
	const input = await rendezVousInput(tx, { ...config, now: () => now }, demande, rdv, null);
	if (demande.email) {
		const versions =
			(
				await tx.select({ n: count() }).from(rendezVous).where(eq(rendezVous.demandeId, demande.id))
			)[0]?.n ?? 1;
		// The same facts as every rendez-vous mail (booking/events.ts), without the manage link.
		const mail = serviceCancellationMail({
			...input,
			message,
			rebookUrl: rebookUrl(config),
			sequence: versions,
			closed: closing
		});
		// A malformed stored address throws RangeError: the whole cancellation is then refused
		// rather than done without telling the person.
		await enqueueMail(tx, { recipient: demande.email, ...mail, demandeId: demande.id }, now);
	}
	// And by SMS to a French mobile number, unless refused (ADR 041); the staff message stays in the mail.
	await smsToPerson(
		tx,
		demande,
		{
			text: serviceCancellationSms(smsInput(input), rebookUrl(config)),
			dedupeKey: `${demande.reference}:sms:cancel`
		},
		now
	);
	return ok({ mailed: demande.email !== null });
}

// ------------------------------------------------------------------ history

export interface HistoryEntry {
	at: Date;
	type: DemandeEventType;
	from: string | null;
	to: string | null;
	note: string | null;
	/** Null when the author's account was deleted. */
	authorName: string | null;
}

/** The events of a demande, oldest first, with the authors' names (assignee ids resolved too). */
export async function historyOf(db: Executor, demandeId: number): Promise<HistoryEntry[]> {
	const rows = await db
		.select({ event: demandeEvents, authorName: staffUsers.name })
		.from(demandeEvents)
		.leftJoin(staffUsers, eq(demandeEvents.userId, staffUsers.id))
		.where(eq(demandeEvents.demandeId, demandeId))
		.orderBy(demandeEvents.at, demandeEvents.id);
	return rows.map(({ event, authorName }) => ({
		at: event.at,
		type: event.type,
		from: event.from,
		to: event.to,
		note: event.note,
		authorName
	}));
}

/** Names of staff ids (for assignment events), unknown ids left out. */
export async function staffNames(db: Executor, ids: number[]): Promise<Map<number, string>> {
	if (ids.length === 0) return new Map();
	return new Map(
		(
			await db
				.select({ id: staffUsers.id, name: staffUsers.name })
				.from(staffUsers)
				.where(inArray(staffUsers.id, ids))
		).map((r) => [r.id, r.name])
	);
}
