/**
 * Évènements in the back office (ADR 043): responsables and administrateurs of the
 * départements concerned create, edit, publish and cancel them; agents read. Attendance and
 * the message after the évènement. Every write is one transaction, with its audit line.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { departementByCode, departementCodes } from '$lib/departements/data';
import { zonedDateTimeToInstant } from '$lib/booking/time';
import {
	evenementKinds,
	evenementModes,
	inscriptionAttendances,
	type StaffRole
} from '$lib/vocabulary';
import type { Db, Executor } from '$lib/server/db/index';
import {
	evenementDepartements,
	evenements,
	inscriptions,
	type Evenement,
	type Inscription
} from '$lib/server/db/schema';
import { audit, type AuditDetails, type StaffContext } from '$lib/server/auth/guard';
import type { AuditAction } from '$lib/server/audit-actions';
import { ok, refused, transact, type Result } from '$lib/server/result';
import type { FormShape } from '$lib/server/forms';
import { generateToken, hashToken } from '$lib/server/tokens';
import { notify, type MessagesConfig } from './messages';
import { departementsOf, evenementIdsIn, promoteWaiting } from './registration';

/** Roles that manage évènements; agents only read them. */
export const managerRoles: readonly StaffRole[] = ['responsable', 'administrateur'];
export const canManage = (staff: Pick<StaffContext, 'user'>) =>
	managerRoles.includes(staff.user.role);

const blank = (value: unknown) =>
	typeof value === 'string' && value.trim() === '' ? undefined : value;
const optionalText = (max: number) =>
	z.preprocess(
		blank,
		z.string().trim().max(max, { error: 'evenements:staff.errors.tooLong' }).optional()
	);
const checkbox = z.preprocess(blank, z.enum(['oui']).optional()).transform((v) => v === 'oui');

export const evenementFieldNames = [
	'kind',
	'titleFr',
	'titleEn',
	'descriptionFr',
	'descriptionEn',
	'date',
	'time',
	'durationMinutes',
	'mode',
	'visioUrl',
	'place',
	'address',
	'access',
	'accessibility',
	'capacity',
	'deadlineDate',
	'deadlineTime',
	'partners',
	'employersAllowed',
	'invitationOnly'
] as const;

/** The évènement form (create and edit). Dates and times are the département's wall clock. */
export const evenementSchema = z
	.object({
		kind: z.enum(evenementKinds, { error: 'evenements:staff.errors.kind' }),
		titleFr: z
			.string({ error: 'evenements:staff.errors.title' })
			.trim()
			.min(3, { error: 'evenements:staff.errors.title' })
			.max(120, { error: 'evenements:staff.errors.tooLong' }),
		titleEn: optionalText(120),
		descriptionFr: z.preprocess(
			(v) => v ?? '',
			z.string().trim().max(3000, { error: 'evenements:staff.errors.tooLong' })
		),
		descriptionEn: optionalText(3000),
		departements: z
			.array(
				z.string().refine((c) => departementCodes.includes(c)),
				{
					error: 'evenements:staff.errors.departements'
				}
			)
			.min(1, { error: 'evenements:staff.errors.departements' })
			.max(20, { error: 'evenements:staff.errors.departements' }),
		date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'evenements:staff.errors.date' }),
		time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'evenements:staff.errors.time' }),
		durationMinutes: z.coerce
			.number({ error: 'evenements:staff.errors.duration' })
			.int({ error: 'evenements:staff.errors.duration' })
			.min(15, { error: 'evenements:staff.errors.duration' })
			.max(600, { error: 'evenements:staff.errors.duration' }),
		mode: z.enum(evenementModes, { error: 'evenements:staff.errors.mode' }),
		visioUrl: z.preprocess(
			blank,
			z
				.url({ protocol: /^https$/, error: 'evenements:staff.errors.visioUrl' })
				.max(500, { error: 'evenements:staff.errors.visioUrl' })
				.optional()
		),
		place: optionalText(200),
		address: optionalText(300),
		access: optionalText(1000),
		accessibility: optionalText(1000),
		capacity: z.coerce
			.number({ error: 'evenements:staff.errors.capacity' })
			.int({ error: 'evenements:staff.errors.capacity' })
			.min(1, { error: 'evenements:staff.errors.capacity' })
			.max(5000, { error: 'evenements:staff.errors.capacity' }),
		deadlineDate: z
			.string()
			.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'evenements:staff.errors.deadline' }),
		deadlineTime: z
			.string()
			.regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'evenements:staff.errors.deadline' }),
		partners: z.preprocess(
			(v) => v ?? '',
			z
				.string()
				.max(2000, { error: 'evenements:staff.errors.tooLong' })
				.transform((text) =>
					text
						.split('\n')
						.map((line) => line.trim())
						.filter(Boolean)
				)
		),
		employersAllowed: checkbox,
		invitationOnly: checkbox
	})
	.superRefine((data, ctx) => {
		if (data.mode === 'visio' && !data.visioUrl)
			ctx.addIssue({
				code: 'custom',
				path: ['visioUrl'],
				message: 'evenements:staff.errors.visioUrl'
			});
		if (data.mode === 'presentiel' && !data.address)
			ctx.addIssue({
				code: 'custom',
				path: ['address'],
				message: 'evenements:staff.errors.address'
			});
		const zones = new Set(data.departements.map((c) => departementByCode(c)?.timeZone));
		if (zones.size > 1)
			ctx.addIssue({
				code: 'custom',
				path: ['departements'],
				message: 'evenements:staff.errors.timeZones'
			});
	});
export type EvenementForm = z.output<typeof evenementSchema>;

/** Alphabet of invitation codes: no 0/O, 1/I/L, easy to read aloud and to type from a letter. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function newInvitationCode(): string {
	const bytes = new Uint8Array(8);
	crypto.getRandomValues(bytes);
	return [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

type StaffRefusal =
	| 'evenements:staff.errors.forbidden'
	| 'evenements:staff.errors.notFound'
	| 'evenements:staff.errors.departements'
	| 'evenements:staff.errors.date'
	| 'evenements:staff.errors.time'
	| 'evenements:staff.errors.deadline'
	| 'evenements:staff.errors.notStarted'
	| 'evenements:staff.errors.state';

/** Whether the staff member works one of the évènement's départements. */
export function inScope(staff: StaffContext, codes: readonly string[]): boolean {
	return staff.user.role === 'administrateur' || codes.some((c) => staff.departements.includes(c));
}

/** The évènement if the staff member may see it (else undefined: existence not revealed). */
export async function evenementFor(
	tx: Executor,
	staff: StaffContext,
	id: number
): Promise<{ evenement: Evenement; departements: string[] } | undefined> {
	const [evenement] = await tx.select().from(evenements).where(eq(evenements.id, id));
	if (!evenement) return undefined;
	const departements = await departementsOf(tx, id);
	return inScope(staff, departements) ? { evenement, departements } : undefined;
}

function instants(
	form: EvenementForm
): Result<{ startsAt: Date; deadline: Date; timeZone: string }, StaffRefusal> {
	const timeZone = departementByCode(form.departements[0] ?? '')?.timeZone ?? 'Europe/Paris';
	const startsAt = zonedDateTimeToInstant(form.date, form.time, timeZone);
	if (!startsAt) return refused('evenements:staff.errors.time', 400, { field: 'time' });
	const deadline = zonedDateTimeToInstant(form.deadlineDate, form.deadlineTime, timeZone);
	if (!deadline || deadline > startsAt)
		return refused('evenements:staff.errors.deadline', 400, { field: 'deadlineDate' });
	return ok({ startsAt, deadline, timeZone });
}

function columns(form: EvenementForm, when: { startsAt: Date; deadline: Date; timeZone: string }) {
	const visio = form.mode === 'visio';
	return {
		kind: form.kind,
		titleFr: form.titleFr,
		titleEn: form.titleEn ?? null,
		descriptionFr: form.descriptionFr,
		descriptionEn: form.descriptionEn ?? null,
		startsAt: when.startsAt,
		durationMinutes: form.durationMinutes,
		timeZone: when.timeZone,
		mode: form.mode,
		visioUrl: visio ? (form.visioUrl ?? null) : null,
		place: visio ? null : (form.place ?? null),
		address: visio ? null : (form.address ?? null),
		access: visio ? null : (form.access ?? null),
		accessibility: visio ? null : (form.accessibility ?? null),
		capacity: form.capacity,
		registrationDeadline: when.deadline,
		partners: form.partners,
		employersAllowed: form.employersAllowed,
		invitationOnly: form.invitationOnly
	};
}

/** Creates a draft évènement in the staff member's départements. */
export async function createEvenement(
	db: Db,
	staff: StaffContext,
	form: EvenementForm,
	now: Date
): Promise<Result<number, StaffRefusal>> {
	if (!canManage(staff)) return refused('evenements:staff.errors.forbidden', 403);
	if (!form.departements.every((c) => inScope(staff, [c])))
		return refused('evenements:staff.errors.departements', 403, { field: 'departements' });
	const when = instants(form);
	if (!when.ok) return when;
	return transact(db, async (tx) => {
		const [row] = await tx
			.insert(evenements)
			.values({
				...columns(form, when.value),
				invitationCode: newInvitationCode(),
				createdBy: staff.user.id,
				createdAt: now,
				updatedAt: now
			})
			.returning({ id: evenements.id });
		await tx
			.insert(evenementDepartements)
			.values(
				form.departements.map((departementCode) => ({ evenementId: row!.id, departementCode }))
			);
		await audit(
			tx,
			{
				userId: staff.user.id,
				action: 'evenement_create',
				departementCode: form.departements[0],
				details: { evenement: row!.id }
			},
			now
		);
		return ok(row!.id);
	});
}

type Found = { evenement: Evenement; departements: string[] };

/**
 * The frame of a change to one évènement: managers only (unless `anyRole`), in one
 * transaction, the évènement in the staff member's scope (else 404, existence not revealed),
 * the change, then its audit line with the details the change returns.
 */
async function change<T>(
	db: Db,
	staff: StaffContext,
	id: number,
	now: Date,
	action: AuditAction,
	body: (
		tx: Executor,
		found: Found
	) => Promise<Result<{ value: T; details?: AuditDetails }, StaffRefusal>>,
	anyRole = false
): Promise<Result<T, StaffRefusal>> {
	if (!anyRole && !canManage(staff)) return refused('evenements:staff.errors.forbidden', 403);
	return transact(db, async (tx): Promise<Result<T, StaffRefusal>> => {
		const found = await evenementFor(tx, staff, id);
		if (!found) return refused('evenements:staff.errors.notFound', 404);
		const outcome = await body(tx, found);
		if (!outcome.ok) return outcome;
		await audit(
			tx,
			{
				userId: staff.user.id,
				action,
				departementCode: found.departements[0],
				details: { evenement: id, ...outcome.value.details }
			},
			now
		);
		return ok(outcome.value.value);
	});
}

const stateRefused = () => refused('evenements:staff.errors.state', 409);

/**
 * Edits an évènement not cancelled nor held. The seats already given stay given; seats a larger
 * capacity frees go to the waiting list at once, in order, with their message.
 */
export async function updateEvenement(
	db: Db,
	config: MessagesConfig,
	staff: StaffContext,
	id: number,
	form: EvenementForm,
	now: Date
): Promise<Result<number, StaffRefusal>> {
	if (!form.departements.every((c) => inScope(staff, [c])))
		return refused('evenements:staff.errors.departements', 403, { field: 'departements' });
	const when = instants(form);
	if (!when.ok) return when;
	return change(db, staff, id, now, 'evenement_update', async (tx, { evenement }) => {
		if (evenement.status === 'annule' || evenement.status === 'tenu') return stateRefused();
		await tx
			.update(evenements)
			.set({ ...columns(form, when.value), updatedAt: now })
			.where(eq(evenements.id, id));
		await tx.delete(evenementDepartements).where(eq(evenementDepartements.evenementId, id));
		await tx
			.insert(evenementDepartements)
			.values(form.departements.map((departementCode) => ({ evenementId: id, departementCode })));
		const [updated] = await tx.select().from(evenements).where(eq(evenements.id, id));
		const promoted = updated ? await promoteWaiting(tx, config, updated, now) : [];
		return ok({ value: id, details: { promoted: promoted.length } });
	});
}

/** Publishes a draft: it appears on /evenements (or by its code when invitation-only). */
export async function publishEvenement(
	db: Db,
	staff: StaffContext,
	id: number,
	now: Date
): Promise<Result<number, StaffRefusal>> {
	return change(db, staff, id, now, 'evenement_publish', async (tx, { evenement }) => {
		if (evenement.status !== 'brouillon') return stateRefused();
		await tx
			.update(evenements)
			.set({ status: 'publie', publishedAt: now, updatedAt: now })
			.where(eq(evenements.id, id));
		return ok({ value: id });
	});
}

/** Cancels an évènement and tells every registered or waiting person (e-mail and SMS). */
export async function cancelEvenement(
	db: Db,
	config: MessagesConfig,
	staff: StaffContext,
	id: number,
	now: Date
): Promise<Result<number, StaffRefusal>> {
	return change(db, staff, id, now, 'evenement_cancel', async (tx, { evenement }) => {
		if (evenement.status === 'annule' || evenement.status === 'tenu') return stateRefused();
		await tx
			.update(evenements)
			.set({ status: 'annule', cancelledAt: now, updatedAt: now })
			.where(eq(evenements.id, id));
		const registered = await tx
			.select()
			.from(inscriptions)
			.where(
				and(
					eq(inscriptions.evenementId, id),
					inArray(inscriptions.status, ['confirmee', 'attente'])
				)
			);
		for (const inscription of registered)
			await notify(tx, config, 'annulationEvenement', evenement, inscription, now);
		return ok({ value: registered.length, details: { notified: registered.length } });
	});
}

/** The évènements a staff member sees, most recent first. */
export async function listEvenements(db: Executor, staff: StaffContext): Promise<Evenement[]> {
	const ids = await evenementIdsIn(db, staff.departements);
	if (ids.length === 0) return [];
	return await db
		.select()
		.from(evenements)
		.where(inArray(evenements.id, ids))
		.orderBy(desc(evenements.startsAt));
}

/** The registrations of an évènement (a read of personal data: audited, ADR 043). */
export async function attendeeList(
	db: Db,
	staff: StaffContext,
	id: number,
	now: Date
): Promise<
	Result<
		{ evenement: Evenement; departements: string[]; inscriptions: Inscription[] },
		StaffRefusal
	>
> {
	const found = await evenementFor(db, staff, id);
	if (!found) return refused('evenements:staff.errors.notFound', 404);
	// Once purged, the list is gone: registrations kept for their follow-up (ADR 045) are not shown.
	const rows =
		found.evenement.purgedAt !== null
			? []
			: await db
					.select()
					.from(inscriptions)
					.where(eq(inscriptions.evenementId, id))
					.orderBy(asc(inscriptions.status), asc(inscriptions.createdAt), asc(inscriptions.id));
	await audit(
		db,
		{
			userId: staff.user.id,
			action: 'evenement_attendees_read',
			departementCode: found.departements[0],
			details: { evenement: id, count: rows.length }
		},
		now
	);
	return ok({ ...found, inscriptions: rows });
}

export const attendanceSchema = z.object({
	present: z.array(z.coerce.number().int().positive()).max(5000)
});

/**
 * Records attendance once the évènement has started: the confirmed registrations ticked are
 * present, the others absent; the évènement becomes « tenu ». Recording again corrects it.
 */
export async function recordAttendance(
	db: Db,
	staff: StaffContext,
	id: number,
	presentIds: readonly number[],
	now: Date
): Promise<Result<{ present: number; absent: number }, StaffRefusal>> {
	const anyRole = true;
	return change(
		db,
		staff,
		id,
		now,
		'evenement_attendance',
		async (tx, { evenement }) => {
			if (evenement.status === 'annule' || evenement.status === 'brouillon') return stateRefused();
			if (now < evenement.startsAt) return refused('evenements:staff.errors.notStarted', 409);
			const confirmed = (
				await tx
					.select({ id: inscriptions.id })
					.from(inscriptions)
					.where(and(eq(inscriptions.evenementId, id), eq(inscriptions.status, 'confirmee')))
			).map((r) => r.id);
			const present = confirmed.filter((c) => presentIds.includes(c));
			const absent = confirmed.filter((c) => !presentIds.includes(c));
			for (const [ids, attendance] of [
				[present, inscriptionAttendances[0]],
				[absent, inscriptionAttendances[1]]
			] as const)
				if (ids.length > 0)
					await tx.update(inscriptions).set({ attendance }).where(inArray(inscriptions.id, ids));
			await tx
				.update(evenements)
				.set({ status: 'tenu', updatedAt: now })
				.where(eq(evenements.id, id));
			const counts = { present: present.length, absent: absent.length };
			return ok({ value: counts, details: counts });
		},
		anyRole
	);
}

/**
 * The message after the évènement: to each present person who agreed at registration, a link
 * to book a rendez-vous or ask for a callback; the demande made from it carries the évènement
 * (`demandes.evenement_id`). The link's token is a fresh one per person whose hash replaces
 * the manage-token hash. Once per évènement.
 */
export async function sendFollowUp(
	db: Db,
	config: MessagesConfig,
	staff: StaffContext,
	id: number,
	now: Date
): Promise<Result<number, StaffRefusal>> {
	return change(db, staff, id, now, 'evenement_follow_up', async (tx, { evenement }) => {
		if (evenement.status !== 'tenu' || evenement.followUpSentAt) return stateRefused();
		const present = await tx
			.select()
			.from(inscriptions)
			.where(
				and(
					eq(inscriptions.evenementId, id),
					eq(inscriptions.attendance, 'present'),
					eq(inscriptions.contactConsent, true)
				)
			);
		let sent = 0;
		for (const inscription of present) {
			const token = generateToken();
			await tx
				.update(inscriptions)
				.set({ manageTokenHash: hashToken(token) })
				.where(eq(inscriptions.id, inscription.id));
			if (await notify(tx, config, 'suite', evenement, inscription, now, token)) sent += 1;
		}
		await tx.update(evenements).set({ followUpSentAt: now }).where(eq(evenements.id, id));
		return ok({ value: sent, details: { sent } });
	});
}

/** The form frame's shape of the évènement form (ADR 030). */
export const evenementForm = {
	form: 'evenement',
	schema: evenementSchema,
	fields: evenementFieldNames,
	lists: ['departements'],
	maxItems: 120,
	maxLength: 3000,
	echo: evenementFieldNames,
	invalidKey: 'evenements:staff.errors.form'
} satisfies FormShape<typeof evenementSchema>;
