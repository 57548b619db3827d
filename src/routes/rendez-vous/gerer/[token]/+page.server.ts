import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { departementByCode } from '$lib/departements/data';
import { bookingService } from '$lib/server/booking/context';
import { isFinal } from '$lib/server/booking/service';
import { looksLikeToken } from '$lib/server/tokens';
import { departementView, readForm, slotSchema, toSlotView } from '../../booking.server';
import type { Actions, PageServerLoad } from './$types';

/** The demande of the link's token, or the "link not found or expired" 404. */
function demandeOf(event: Pick<RequestEvent, 'params'>) {
	const token = event.params.token;
	if (!looksLikeToken(token)) error(404, 'booking:errorPage.manage');
	const service = bookingService();
	const demande = service.findByToken(token);
	if (!demande || !departementByCode(demande.departementCode))
		error(404, 'booking:errorPage.manage');
	return { service, token, demande };
}

const BANNERS = ['confirmation', 'deplace', 'annule'] as const;

export const load: PageServerLoad = (event) => {
	const { service, token, demande } = demandeOf(event);
	const rdv = service.currentRendezVous(demande.id);
	const point = rdv
		? (service
				.agendasFor(demande.departementCode, rdv.mode)
				.find((a) => a.agenda.id === rdv.agendaId)?.point ?? null)
		: null;
	// Past (or under way), or the demande is closed or cancelled: no more move or cancel (ADR 026).
	const final = rdv !== undefined && isFinal(demande, rdv, new Date());
	const moving = rdv !== undefined && !final && event.url.searchParams.get('changer') === '1';
	return {
		self: `/rendez-vous/gerer/${token}`,
		reference: demande.reference,
		kind: demande.kind,
		status: demande.status,
		sansCreneau: demande.sansCreneau,
		shareResult: demande.shareResult,
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
			title: event.locals.t('legal:manage.title'),
			text: event.locals.t('legal:manage.text'),
			download: event.locals.t('legal:manage.download'),
			format: event.locals.t('legal:manage.format'),
			privacy: event.locals.t('legal:manage.privacy')
		},
		final,
		banner: BANNERS.find((name) => event.url.searchParams.get(name) === '1') ?? null,
		moving,
		slots: moving && rdv ? service.freeSlots(demande.departementCode, rdv.mode).map(toSlotView) : []
	};
};

export const actions: Actions = {
	/** Moves the rendez-vous to the posted free slot (same département and mode). */
	move: async (event) => {
		const { service, token } = demandeOf(event);
		const raw = readForm(await event.request.formData(), ['slot']);
		const parsed = slotSchema.safeParse(raw.slot);
		if (!parsed.success)
			return fail(400, { move: { error: 'booking:errors.slot', nearest: null } });
		const outcome = service.move(token, parsed.data.agendaId, parsed.data.start);
		if (outcome.ok) redirect(303, `/rendez-vous/gerer/${token}?deplace=1`);
		if (outcome.reason === 'slot_taken') {
			return fail(409, {
				move: { error: 'booking:errors.slotTaken', nearest: outcome.nearest.map(toSlotView) }
			});
		}
		if (outcome.reason === 'final')
			return fail(409, { move: { error: 'booking:errors.finalMove', nearest: null } });
		return fail(400, { move: { error: 'booking:errors.slotInvalid', nearest: null } });
	},

	/** First post: asks for confirmation; second post (confirm=oui): cancels. */
	cancel: async (event) => {
		const { service, token } = demandeOf(event);
		const { confirm } = readForm(await event.request.formData(), ['confirm']);
		if (confirm !== 'oui') return { confirm: 'cancel' as const };
		const outcome = service.cancel(token);
		if (!outcome.ok) {
			return fail(409, {
				confirm: null,
				cancelError:
					outcome.reason === 'final'
						? 'booking:errors.finalCancel'
						: 'booking:errors.nothingToCancel'
			});
		}
		redirect(303, `/rendez-vous/gerer/${token}?annule=1`);
	},

	/** First post: asks for confirmation; second post (confirm=oui): erases everything. */
	erase: async (event) => {
		const { service, token } = demandeOf(event);
		const { confirm } = readForm(await event.request.formData(), ['confirm']);
		if (confirm !== 'oui') return { confirm: 'erase' as const };
		service.erase(token);
		redirect(303, '/rendez-vous/supprime');
	}
};
