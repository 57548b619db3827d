import { error } from '@sveltejs/kit';
import { departementByCode } from '$lib/departements/data';
import { questions, variantFor } from '$lib/questionnaire/definition';
import { audit, canAccessDepartement, requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { loadDemandeForStaff } from '$lib/server/staff/demande';
import type { PageServerLoad } from './$types';

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
	audit(
		db,
		{ userId: ctx.user.id, action: 'demande_read', demandeReference: demande.reference, departementCode: demande.departementCode },
		new Date()
	);
	const shared = demande.shared;
	const variant = shared ? variantFor(shared.profile.statut) : 'salarie';
	return {
		departement: { code: departement.code, name: departement.name, timeZone: departement.timeZone },
		demande: {
			reference: demande.reference,
			kind: demande.kind,
			status: demande.status,
			source: demande.source,
			sansCreneau: demande.sansCreneau,
			createdAt: demande.createdAt.toISOString(),
			dueAt: demande.dueAt.toISOString(),
			overdue: demande.dueAt.getTime() < Date.now() && (demande.status === 'nouvelle' || demande.status === 'en_cours'),
			contact: demande.contact,
			rdv: demande.rdv
				? { start: demande.rdv.start.toISOString(), mode: demande.rdv.mode, cancelled: demande.rdv.status === 'annule', point: demande.rdv.point }
				: null
		},
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
