import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { departementByCode } from '$lib/departements/data';
import { questions, variantFor } from '$lib/questionnaire/definition';
import { audit, canAccessDepartement, requireStaff, type StaffContext } from '$lib/server/auth/guard';
import { eventsConfigFromEnv } from '$lib/server/booking/events';
import { getDb } from '$lib/server/db/client';
import { demandeOutcomes, demandes } from '$lib/server/db/schema';
import { fieldErrors, formValues } from '$lib/server/forms';
import {
	NOTE_MAX_LENGTH,
	addNote,
	assign,
	assignableStaff,
	attendances,
	cancelRendezVous,
	close,
	contactChannels,
	contactResults,
	historyOf,
	recordAttendance,
	recordContactAttempt,
	reopen,
	staffNames,
	takeCharge,
	type ActionOutcome
} from '$lib/server/staff/actions';
import { loadDemandeForStaff } from '$lib/server/staff/demande';
import { eq } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';

/** What the page says after a successful action (`?fait=…`, after the 303). */
const DONE = [
	'prise-en-charge',
	'assignation',
	'contact',
	'presence',
	'note',
	'cloture',
	'reouverture',
	'annulation',
	'annulation-sans-email',
	/** Sent from the personal-link page (./lien). */
	'lien-envoye'
] as const;
type Done = (typeof DONE)[number];

/**
 * One demande. A demande of another département answers the same 404 as an unknown reference:
 * its existence is not revealed.
 */
export const load: PageServerLoad = (event) => {
	const ctx = requireStaff(event);
	event.setHeaders({ 'cache-control': 'private, no-store' });
	const db = getDb();
	const demande = loadDemandeForStaff(db, ctx.departements, event.params.reference);
	const departement = demande ? departementByCode(demande.departementCode) : undefined;
	if (!demande || !departement || !canAccessDepartement(ctx, demande.departementCode)) error(404, 'Not found');
	const now = new Date();
	audit(db, { userId: ctx.user.id, action: 'demande_read', demandeReference: demande.reference, departementCode: demande.departementCode }, now);
	const row = db
		.select({ id: demandes.id, assignedTo: demandes.assignedTo, closedAt: demandes.closedAt, outcome: demandes.outcome })
		.from(demandes)
		.where(eq(demandes.reference, demande.reference))
		.get()!;
	const history = historyOf(db, row.id);
	const assignmentIds = history
		.filter((h) => h.type === 'prise_en_charge' || h.type === 'assignation')
		.flatMap((h) => [h.from, h.to])
		.filter((v): v is string => v !== null && /^\d+$/.test(v))
		.map(Number);
	const names = staffNames(db, [...assignmentIds, ...(row.assignedTo === null ? [] : [row.assignedTo])]);
	const nameOf = (id: string | number | null) => (id === null ? null : (names.get(Number(id)) ?? null));
	const rdvDone = demande.rdv !== null && demande.rdv.status === 'confirme';
	const shared = demande.shared;
	const variant = shared ? variantFor(shared.profile.statut) : 'salarie';
	const doneParam = event.url.searchParams.get('fait');
	return {
		departement: { code: departement.code, name: departement.name, timeZone: departement.timeZone },
		me: ctx.user.id,
		done: (DONE as readonly string[]).includes(doneParam ?? '') ? (doneParam as Done) : null,
		demande: {
			reference: demande.reference,
			kind: demande.kind,
			status: demande.status,
			source: demande.source,
			sansCreneau: demande.sansCreneau,
			createdAt: demande.createdAt.toISOString(),
			dueAt: demande.dueAt.toISOString(),
			overdue: demande.dueAt.getTime() < now.getTime() && (demande.status === 'nouvelle' || demande.status === 'en_cours'),
			assignedTo: row.assignedTo,
			assigneeName: nameOf(row.assignedTo),
			closedAt: row.closedAt?.toISOString() ?? null,
			outcome: row.outcome,
			hasEmail: demande.contact.email !== null,
			contact: demande.contact,
			orienteur: demande.orienteur,
			rdv: demande.rdv
				? {
						start: demande.rdv.start.toISOString(),
						mode: demande.rdv.mode,
						cancelled: demande.rdv.status === 'annule',
						point: demande.rdv.point,
						attendance: demande.rdv.attendance,
						/** Which of the rendez-vous actions apply now. */
						canRecordAttendance: rdvDone && demande.rdv.start.getTime() <= now.getTime(),
						canCancel: rdvDone && demande.rdv.start.getTime() > now.getTime()
					}
				: null
		},
		assignable: assignableStaff(db, demande.departementCode).map((s) => ({ id: s.id, name: s.name, role: s.role })),
		options: { channels: contactChannels, results: contactResults, outcomes: demandeOutcomes },
		noteMaxLength: NOTE_MAX_LENGTH,
		history: history.map((h) => ({
			at: h.at.toISOString(),
			type: h.type,
			author: h.authorName,
			from: h.from,
			to: h.to,
			fromName: h.type === 'prise_en_charge' || h.type === 'assignation' ? nameOf(h.from) : null,
			toName: h.type === 'prise_en_charge' || h.type === 'assignation' ? nameOf(h.to) : null,
			note: h.note
		})),
		shared: shared
			? {
					version: shared.questionnaireVersion,
					variant,
					profile: shared.profile,
					level: shared.result.level,
					score: shared.result.score,
					distress: shared.result.distress,
					points: shared.result.points,
					answers: questions.map((q) => ({
						id: q.id,
						kind: q.kind,
						/** Keys under `questionnaire:questions.<id>` for the label and the options. */
						labelTi: q.hasTiVariant && variant === 'ti',
						optionsTi: q.kind === 'choice' && variant === 'ti' && q.tiOptions !== undefined,
						value: shared.answers[q.id] ?? null
					}))
				}
			: null
	};
};

// ------------------------------------------------------------------ actions

const noteText = z.string().trim().max(NOTE_MAX_LENGTH, 'backoffice:actions.errors.noteTooLong');
const requiredText = (requiredKey: string) => z.string(requiredKey).pipe(noteText).pipe(z.string().min(1, requiredKey));
const optionalText = z
	.string()
	.optional()
	.transform((v) => v ?? '')
	.pipe(noteText)
	.transform((v) => (v === '' ? null : v));

/** One schema per form. Messages are locale keys. */
const takeChargeSchema = z.object({});
const assignSchema = z.object({
	assignee: z
		.string('backoffice:actions.errors.assignee')
		.regex(/^\d{1,9}$/, 'backoffice:actions.errors.assignee')
		.transform(Number)
});
const contactSchema = z.object({
	channel: z.enum(contactChannels, { error: 'backoffice:actions.errors.channel' }),
	result: z.enum(contactResults, { error: 'backoffice:actions.errors.result' }),
	note: optionalText
});
const attendanceSchema = z.object({ attendance: z.enum(attendances, { error: 'backoffice:actions.errors.attendance' }) });
const noteSchema = z.object({ note: requiredText('backoffice:actions.errors.noteRequired') });
const closeSchema = z.object({
	outcome: z.enum(demandeOutcomes, { error: 'backoffice:actions.errors.outcome' }),
	note: optionalText
});
const reopenSchema = z.object({ note: optionalText });
const cancelSchema = z.object({ message: requiredText('backoffice:actions.errors.messageRequired') });

type FormName = 'takeCharge' | 'assign' | 'contact' | 'attendance' | 'note' | 'close' | 'reopen' | 'cancel';

/**
 * The common frame of every action: a logged-in staff member, a demande of their
 * départements (else 404, as for an unknown reference), the form parsed by its schema
 * (400 with messages), the rule applied in one transaction (409 with a message, nothing
 * stored), then 303 back to the page.
 */
async function act<S extends z.ZodType<object>>(
	event: RequestEvent<{ reference: string }>,
	form: FormName,
	schema: S,
	fields: readonly string[],
	run: (ctx: StaffContext, data: z.output<S>) => ActionOutcome<{ mailed?: boolean }>,
	done: (result: { mailed?: boolean }) => Done
) {
	const ctx = requireStaff(event);
	const reference = event.params.reference;
	const demande = loadDemandeForStaff(getDb(), ctx.departements, reference);
	if (!demande || !canAccessDepartement(ctx, demande.departementCode)) error(404, 'Not found');
	const parsed = schema.safeParse(formValues(await event.request.formData(), fields, NOTE_MAX_LENGTH * 2));
	if (!parsed.success) return fail(400, { form, errors: fieldErrors(parsed.error, 'common:form.invalid') });
	const outcome = run(ctx, parsed.data);
	if (!outcome.ok) {
		if (outcome.status === 404) error(404, 'Not found');
		return fail(outcome.status, { form, errors: { form: `backoffice:actions.refused.${outcome.reason}` } });
	}
	redirect(303, `/espace-pro/demandes/${demande.reference}?fait=${done(outcome)}`);
}

export const actions: Actions = {
	takeCharge: (event) =>
		act(event, 'takeCharge', takeChargeSchema, [], (ctx) => takeCharge(getDb(), ctx, event.params.reference), () => 'prise-en-charge'),
	assign: (event) =>
		act(event, 'assign', assignSchema, ['assignee'], (ctx, d) => assign(getDb(), ctx, event.params.reference, d.assignee), () => 'assignation'),
	contact: (event) =>
		act(
			event,
			'contact',
			contactSchema,
			['channel', 'result', 'note'],
			(ctx, d) => recordContactAttempt(getDb(), ctx, event.params.reference, d),
			() => 'contact'
		),
	attendance: (event) =>
		act(
			event,
			'attendance',
			attendanceSchema,
			['attendance'],
			(ctx, d) => recordAttendance(getDb(), ctx, event.params.reference, d.attendance),
			() => 'presence'
		),
	note: (event) => act(event, 'note', noteSchema, ['note'], (ctx, d) => addNote(getDb(), ctx, event.params.reference, d.note), () => 'note'),
	close: (event) =>
		act(event, 'close', closeSchema, ['outcome', 'note'], (ctx, d) => close(getDb(), ctx, event.params.reference, d), () => 'cloture'),
	reopen: (event) =>
		act(event, 'reopen', reopenSchema, ['note'], (ctx, d) => reopen(getDb(), ctx, event.params.reference, d.note), () => 'reouverture'),
	cancel: (event) =>
		act(
			event,
			'cancel',
			cancelSchema,
			['message'],
			(ctx, d) => {
				const config = eventsConfigFromEnv();
				return cancelRendezVous(getDb(), ctx, event.params.reference, d.message, { baseUrl: config.baseUrl, isDemo: config.isDemo });
			},
			(result) => (result.mailed ? 'annulation' : 'annulation-sans-email')
		)
};
