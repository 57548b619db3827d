import { asc, eq } from 'drizzle-orm';
import type { Executor } from '$lib/server/db/index';
import {
	agendas,
	demandeEvents,
	outbox,
	pointsAccueil,
	rendezVous,
	type Demande
} from '$lib/server/db/schema';
import { departementByCode, organismeOf } from '$lib/departements/data';
import { suiviExport } from '$lib/server/suivi/consent';

/** Identifies the file format; bump `version` when a field changes meaning. */
export const PERSONAL_DATA_FORMAT = 'portail-pdp/donnees-personnelles';
export const PERSONAL_DATA_VERSION = 1;

/**
 * Everything the portal holds about the person of a demande, for the right of access and
 * portability (RGPD art. 15 and 20), as plain JSON. Internal ids, staff identities and the
 * manage token (only its hash is stored) are left out: nothing in the file opens anything.
 * Staff notes are not included: the person can ask the service social for them (docs/privacy.md).
 */
export async function personalDataExport(db: Executor, demande: Demande, now: Date) {
	const departement = departementByCode(demande.departementCode);
	const rdvs = await db
		.select({ rdv: rendezVous, pointName: pointsAccueil.name, pointAddress: pointsAccueil.address })
		.from(rendezVous)
		.innerJoin(agendas, eq(rendezVous.agendaId, agendas.id))
		.leftJoin(pointsAccueil, eq(agendas.pointAccueilId, pointsAccueil.id))
		.where(eq(rendezVous.demandeId, demande.id))
		.orderBy(asc(rendezVous.createdAt), asc(rendezVous.id));
	const history = await db
		.select({ at: demandeEvents.at, type: demandeEvents.type })
		.from(demandeEvents)
		.where(eq(demandeEvents.demandeId, demande.id))
		.orderBy(asc(demandeEvents.at), asc(demandeEvents.id));
	const messages = await db
		.select({
			channel: outbox.channel,
			subject: outbox.subject,
			createdAt: outbox.createdAt,
			sentAt: outbox.sentAt,
			deliveryStatus: outbox.deliveryStatus
		})
		.from(outbox)
		.where(eq(outbox.demandeId, demande.id))
		.orderBy(asc(outbox.createdAt), asc(outbox.id));
	const iso = (date: Date | null) => (date ? date.toISOString() : null);
	return {
		format: PERSONAL_DATA_FORMAT,
		version: PERSONAL_DATA_VERSION,
		exportedAt: now.toISOString(),
		demande: {
			reference: demande.reference,
			kind: demande.kind,
			status: demande.status,
			departement: {
				code: demande.departementCode,
				name: departement?.name ?? null,
				organisme: departement ? organismeOf(departement).publicName : null
			},
			source: demande.source,
			locale: demande.locale,
			sansCreneau: demande.sansCreneau,
			createdAt: iso(demande.createdAt),
			dueAt: iso(demande.dueAt),
			closedAt: iso(demande.closedAt),
			outcome: demande.outcome
		},
		contact: {
			nom: demande.nom,
			prenom: demande.prenom,
			email: demande.email,
			telephone: demande.telephone,
			smsRefused: demande.smsRefused,
			nir: demande.nir,
			message: demande.message
		},
		orienteur: demande.orienteur,
		questionnaire: {
			shared: demande.shareResult,
			...(demande.shareResult
				? {
						version: demande.questionnaireVersion,
						profile: demande.profile,
						answers: demande.answers,
						result: demande.result
					}
				: {})
		},
		rendezVous: rdvs.map(({ rdv, pointName, pointAddress }) => ({
			mode: rdv.mode,
			startsAt: iso(rdv.startsAt),
			endsAt: iso(rdv.endsAt),
			status: rdv.status,
			bookedAt: iso(rdv.createdAt),
			cancelledAt: iso(rdv.cancelledAt),
			cancelledBy: rdv.cancelledBy,
			attendance: rdv.attendance,
			pointAccueil: pointName === null ? null : { name: pointName, address: pointAddress }
		})),
		history: history.map((event) => ({ at: event.at.toISOString(), type: event.type })),
		emails: messages
			.filter((mail) => mail.channel === 'email')
			.map((mail) => ({
				subject: mail.subject,
				queuedAt: iso(mail.createdAt),
				sentAt: iso(mail.sentAt)
			})),
		/** SMS (ADR 041): when queued and sent, and what the delivery receipt said. */
		sms: messages
			.filter((sms) => sms.channel === 'sms')
			.map((sms) => ({
				queuedAt: iso(sms.createdAt),
				sentAt: iso(sms.sentAt),
				delivery: sms.deliveryStatus
			})),
		/** The 6-month follow-up (ADR 045): the consent and the answer, if any. */
		suivi: await suiviExport(db, demande)
	};
}
