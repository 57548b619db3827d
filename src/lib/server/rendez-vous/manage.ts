/**
 * The personal link's page (`/rendez-vous/gerer/[token]`): the demande of a token, what the
 * page shows, and the move and cancel use cases (ADR 030: refusals are values). Erasing is
 * the booking service's own (`erase`).
 */
import { departementByCode } from '$lib/departements/data';
import type { SlotView } from '$lib/booking/slot-view';
import { isFinal, type BookingService } from '$lib/server/booking/service';
import type { Demande } from '$lib/server/db/schema';
import { ok, refused, type Refusal, type Result } from '$lib/server/result';
import { looksLikeToken } from '$lib/server/tokens';
import { departementView, slotSchema, toSlotView } from './booking-forms';

const BANNERS = ['confirmation', 'deplace', 'annule'] as const;

/** The demande of a link's token; unknown, malformed or of no known département: 404. */
export async function demandeOfLink(
	service: BookingService,
	token: string
): Promise<Result<Demande>> {
	if (!looksLikeToken(token)) return refused('booking:errorPage.manage', 404);
	const demande = await service.findByToken(token);
	if (!demande || !departementByCode(demande.departementCode))
		return refused('booking:errorPage.manage', 404);
	return ok(demande);
}

/** What the page shows of the demande and its rendez-vous; `t` translates the data-rights texts. */
export async function managePage(
	service: BookingService,
	token: string,
	demande: Demande,
	query: URLSearchParams,
	t: (key: string) => string,
	now = new Date()
) {
	const rdv = await service.currentRendezVous(demande.id);
	const point = rdv
		? ((await service.agendasFor(demande.departementCode, rdv.mode)).find(
				(a) => a.agenda.id === rdv.agendaId
			)?.point ?? null)
		: null;
	// Past (or under way), or the demande is closed or cancelled: no more move or cancel (ADR 026).
	const final = rdv !== undefined && isFinal(demande, rdv, now);
	const moving = rdv !== undefined && !final && query.get('changer') === '1';
	return {
		self: `/rendez-vous/gerer/${token}`,
		reference: demande.reference,
		kind: demande.kind,
		status: demande.status,
		sansCreneau: demande.sansCreneau,
		shareResult: demande.shareResult,
		// The follow-up's consent (ADR 045): when given, and whether withdrawn since.
		suiviConsent: demande.suiviConsentAt
			? {
					at: demande.suiviConsentAt.toISOString(),
					withdrawn: demande.suiviConsentWithdrawnAt !== null
				}
			: null,
		contact: {
			nom: demande.nom,
			prenom: demande.prenom,
			email: demande.email,
			telephone: demande.telephone
		},
		dueAt: demande.dueAt.toISOString(),
		departement: departementView(demande.departementCode),
		rdv: rdv
			? {
					start: rdv.startsAt.toISOString(),
					end: rdv.endsAt.toISOString(),
					mode: rdv.mode,
					point: point
						? {
								name: point.name,
								address: point.address,
								accessibility: point.accessibility,
								isDemo: point.isDemo
							}
						: null
				}
			: null,
		// Texts of the legal namespace, translated here: this page only ships the booking namespace.
		dataRights: {
			title: t('legal:manage.title'),
			text: t('legal:manage.text'),
			download: t('legal:manage.download'),
			format: t('legal:manage.format'),
			privacy: t('legal:manage.privacy')
		},
		final,
		banner: BANNERS.find((name) => query.get(name) === '1') ?? null,
		moving,
		slots:
			moving && rdv
				? (await service.freeSlots(demande.departementCode, rdv.mode)).map(toSlotView)
				: []
	};
}

/** A refused move: its message and the free slots to choose instead (a slot just taken). */
export type MoveRefusal = Refusal & { nearest: SlotView[] | null };

/** Moves the rendez-vous to the posted free slot (same département and mode). */
export async function moveRendezVous(
	service: BookingService,
	token: string,
	slot: string | undefined
): Promise<{ ok: true; value: undefined } | MoveRefusal> {
	const parsed = slotSchema.safeParse(slot);
	if (!parsed.success) return { ...refused('booking:errors.slot'), nearest: null };
	const outcome = await service.move(token, parsed.data.agendaId, parsed.data.start);
	if (outcome.ok) return ok();
	if (outcome.reason === 'slot_taken')
		return {
			...refused('booking:errors.slotTaken', 409),
			nearest: outcome.nearest.map(toSlotView)
		};
	if (outcome.reason === 'final')
		return { ...refused('booking:errors.finalMove', 409), nearest: null };
	return { ...refused('booking:errors.slotInvalid'), nearest: null };
}

/** Cancels the rendez-vous; refused when there is none left or it is final (ADR 026). */
export async function cancelRendezVous(service: BookingService, token: string): Promise<Result> {
	const outcome = await service.cancel(token);
	if (outcome.ok) return ok();
	return refused(
		outcome.reason === 'final' ? 'booking:errors.finalCancel' : 'booking:errors.nothingToCancel',
		409
	);
}
