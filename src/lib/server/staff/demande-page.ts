/**
 * The demande page of the back-office as one use case (ADR 030): the demande in the staff
 * member's scope (else `not_found`, like an unknown reference), its reading audited, its
 * history with names, the colleagues it may be assigned to and which rendez-vous actions apply
 * now. Built from `loadDemandeForStaff` alone: nothing it returns is queried again.
 */
import { departementByCode } from '$lib/departements/data';
import { optionsKey, questions, variantFor, wordingKey } from '$lib/questionnaire/definition';
import { audit, canAccessDepartement, type StaffContext } from '$lib/server/auth/guard';
import type { Executor } from '$lib/server/db/index';
import { demandeOutcomes } from '$lib/server/db/schema';
import { ok, refused } from '$lib/server/result';
import {
	NOTE_MAX_LENGTH,
	assignableStaff,
	contactChannels,
	contactResults,
	historyOf,
	staffNames
} from './actions';
import { loadDemandeForStaff, type StaffDemandeView } from './demande';

/** What the page says after a successful action (`?fait=…`, after the 303). */
export const DEMANDE_DONE = [
	'prise-en-charge',
	'assignation',
	'desassignation',
	'contact',
	'presence',
	'note',
	'cloture',
	'cloture-annulation',
	'cloture-annulation-sans-email',
	'reouverture',
	'annulation',
	'annulation-sans-email',
	/** Sent from the personal-link page (./lien). */
	'lien-envoye'
] as const;
export type DemandeDone = (typeof DEMANDE_DONE)[number];

/** The demande `reference` if the staff member may work it (scope in SQL, then the role rule). */
export async function demandeInScope(
	db: Executor,
	ctx: StaffContext,
	reference: string
): Promise<StaffDemandeView | undefined> {
	const demande = await loadDemandeForStaff(db, ctx.departements, reference);
	return demande && canAccessDepartement(ctx, demande.departementCode) ? demande : undefined;
}

const isAssignment = (type: string) =>
	type === 'prise_en_charge' || type === 'assignation' || type === 'desassignation';

export async function demandePage(db: Executor, ctx: StaffContext, reference: string, now: Date) {
	const demande = await demandeInScope(db, ctx, reference);
	const departement = demande ? departementByCode(demande.departementCode) : undefined;
	if (!demande || !departement) return refused('not_found', 404);
	await audit(
		db,
		{
			userId: ctx.user.id,
			action: 'demande_read',
			demandeReference: demande.reference,
			departementCode: demande.departementCode
		},
		now
	);
	const history = await historyOf(db, demande.id);
	const assignmentIds = history
		.filter((h) => isAssignment(h.type))
		.flatMap((h) => [h.from, h.to])
		.filter((v): v is string => v !== null && /^\d+$/.test(v))
		.map(Number);
	const names = await staffNames(db, [
		...assignmentIds,
		...(demande.assignedTo === null ? [] : [demande.assignedTo])
	]);
	const nameOf = (id: string | number | null) =>
		id === null ? null : (names.get(Number(id)) ?? null);
	const rdvDone = demande.rdv !== null && demande.rdv.status === 'confirme';
	const shared = demande.shared;
	// Read in the version it was answered in: in 2026.1, « autre » answered the salarié questions.
	const variant = shared
		? variantFor(shared.profile.statut, shared.questionnaireVersion)
		: 'salarie';
	return ok({
		departement: { code: departement.code, name: departement.name, timeZone: departement.timeZone },
		demande: {
			reference: demande.reference,
			kind: demande.kind,
			status: demande.status,
			source: demande.source,
			sansCreneau: demande.sansCreneau,
			priority: demande.priority,
			createdAt: demande.createdAt.toISOString(),
			dueAt: demande.dueAt.toISOString(),
			overdue:
				demande.dueAt.getTime() < now.getTime() &&
				(demande.status === 'nouvelle' || demande.status === 'en_cours'),
			assignedTo: demande.assignedTo,
			assigneeName: nameOf(demande.assignedTo),
			closedAt: demande.closedAt?.toISOString() ?? null,
			outcome: demande.outcome,
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
		assignable: (await assignableStaff(db, demande.departementCode)).map((s) => ({
			id: s.id,
			name: s.name,
			role: s.role
		})),
		options: { channels: contactChannels, results: contactResults, outcomes: demandeOutcomes },
		noteMaxLength: NOTE_MAX_LENGTH,
		history: history.map((h) => ({
			at: h.at.toISOString(),
			type: h.type,
			author: h.authorName,
			from: h.from,
			to: h.to,
			fromName: isAssignment(h.type) ? nameOf(h.from) : null,
			toName: isAssignment(h.type) ? nameOf(h.to) : null,
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
						/** Locale key prefixes of the label and of the option labels. */
						wordingKey: wordingKey(q, variant),
						optionsKey: optionsKey(q, variant),
						value: shared.answers[q.id] ?? null
					}))
				}
			: null
	});
}
