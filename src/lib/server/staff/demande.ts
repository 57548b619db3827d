/**
 * One demande as a staff member sees it. Loaded by reference AND département scope in the same
 * query: a demande of another département is indistinguishable from one that does not exist.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Answers, Profile } from '$lib/questionnaire/definition';
import type { ScoringResult } from '$lib/scoring/types';
import type { Executor } from '$lib/server/db/index';
import {
	agendas,
	demandes,
	pointsAccueil,
	rendezVous,
	type Demande,
	type Orienteur,
	type RendezVous
} from '$lib/server/db/schema';

/** A reference as the booking service draws them (PDP- and 8 characters), to refuse junk early. */
const REFERENCE = /^PDP-[A-Z2-9]{8}$/;

export function looksLikeReference(value: string): boolean {
	return REFERENCE.test(value);
}

/** Only the last 4 characters of a NIR are ever sent to the browser. */
export function maskNir(nir: string | null): string | null {
	if (!nir) return null;
	const digits = nir.replace(/\s+/g, '');
	return `${'•'.repeat(Math.max(0, digits.length - 4))}${digits.slice(-4)}`;
}

export interface StaffDemandeView {
	id: number;
	reference: string;
	kind: Demande['kind'];
	status: Demande['status'];
	departementCode: string;
	source: string;
	sansCreneau: boolean;
	/** Why the demande is prioritaire (rapid callback, ADR 035), or null. */
	priority: Demande['priority'];
	createdAt: Date;
	dueAt: Date;
	/** Staff member in charge (null: nobody yet). */
	assignedTo: number | null;
	closedAt: Date | null;
	outcome: Demande['outcome'];
	contact: {
		nom: string;
		prenom: string;
		email: string | null;
		telephone: string | null;
		nirMasked: string | null;
		message: string | null;
	};
	/** The professional who oriented the person (orientation form), if any. */
	orienteur: Orienteur | null;
	rdv: {
		start: Date;
		end: Date;
		mode: RendezVous['mode'];
		status: RendezVous['status'];
		/** Recorded by staff after the time: honoured or not. */
		attendance: RendezVous['attendance'];
		point: { name: string; address: string; isDemo: boolean } | null;
	} | null;
	/** Null unless the person consented to share their questionnaire. */
	shared: {
		questionnaireVersion: string;
		profile: Profile;
		answers: Answers;
		result: ScoringResult;
	} | null;
}

/**
 * The row of demande `reference` if its département is in `scope` (in SQL), else undefined:
 * another département's demande is "not found", exactly like an unknown reference.
 */
export async function demandeRowInScope(
	db: Executor,
	scope: readonly string[],
	reference: string
): Promise<Demande | undefined> {
	if (!looksLikeReference(reference) || scope.length === 0) return undefined;
	const [d] = await db
		.select()
		.from(demandes)
		.where(and(eq(demandes.reference, reference), inArray(demandes.departementCode, [...scope])));
	return d;
}

/** The demande `reference` if its département is in `scope`, else undefined. */
export async function loadDemandeForStaff(
	db: Executor,
	scope: readonly string[],
	reference: string
): Promise<StaffDemandeView | undefined> {
	const d = await demandeRowInScope(db, scope, reference);
	if (!d) return undefined;
	const [latest] = await db
		.select({ rdv: rendezVous, point: pointsAccueil })
		.from(rendezVous)
		.innerJoin(agendas, eq(rendezVous.agendaId, agendas.id))
		.leftJoin(pointsAccueil, eq(agendas.pointAccueilId, pointsAccueil.id))
		.where(eq(rendezVous.demandeId, d.id))
		.orderBy(desc(rendezVous.id));
	const shared =
		d.shareResult && d.questionnaireVersion && d.profile && d.answers && d.result
			? {
					questionnaireVersion: d.questionnaireVersion,
					profile: d.profile,
					answers: d.answers,
					result: d.result
				}
			: null;
	return {
		id: d.id,
		reference: d.reference,
		kind: d.kind,
		status: d.status,
		departementCode: d.departementCode,
		source: d.source,
		sansCreneau: d.sansCreneau,
		priority: d.priority,
		createdAt: d.createdAt,
		dueAt: d.dueAt,
		assignedTo: d.assignedTo,
		closedAt: d.closedAt,
		outcome: d.outcome,
		contact: {
			nom: d.nom,
			prenom: d.prenom,
			email: d.email,
			telephone: d.telephone,
			nirMasked: maskNir(d.nir),
			message: d.message
		},
		orienteur: d.orienteur ?? null,
		rdv: latest
			? {
					start: latest.rdv.startsAt,
					end: latest.rdv.endsAt,
					mode: latest.rdv.mode,
					status: latest.rdv.status,
					attendance: latest.rdv.attendance,
					point: latest.point
						? {
								name: latest.point.name,
								address: latest.point.address,
								isDemo: latest.point.isDemo
							}
						: null
				}
			: null,
		shared
	};
}
