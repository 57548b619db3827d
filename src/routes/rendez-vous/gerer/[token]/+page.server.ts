import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { bookingService } from '$lib/server/booking/context';
import { readForm } from '$lib/server/rendez-vous/booking-forms';
import * as manage from '$lib/server/rendez-vous/manage';
import { getDb } from '$lib/server/db/client';
import { withdrawSuiviConsent } from '$lib/server/suivi/consent';
import type { Actions, PageServerLoad } from './$types';

/** The demande of the link's token, or the "link not found or expired" 404. */
async function demandeOf(event: Pick<RequestEvent, 'params'>) {
	const token = event.params.token ?? '';
	const service = bookingService();
	const demande = await manage.demandeOfLink(service, token);
	if (!demande.ok) error(404, demande.reason);
	return { service, token, demande: demande.value };
}

export const load: PageServerLoad = async (event) => {
	const { service, token, demande } = await demandeOf(event);
	return manage.managePage(service, token, demande, event.url.searchParams, event.locals.t);
};

/** A first post asks for confirmation (`confirm=oui` is the second one). */
const confirmed = async (event: RequestEvent) =>
	readForm(await event.request.formData(), ['confirm']).confirm === 'oui';

export const actions: Actions = {
	/** Moves the rendez-vous to the posted free slot (same département and mode). */
	move: async (event) => {
		const { service, token } = await demandeOf(event);
		const { slot } = readForm(await event.request.formData(), ['slot']);
		const moved = await manage.moveRendezVous(service, token, slot);
		if (!moved.ok)
			return fail(moved.status, { move: { error: moved.reason, nearest: moved.nearest } });
		redirect(303, `/rendez-vous/gerer/${token}?deplace=1`);
	},

	cancel: async (event) => {
		const { service, token } = await demandeOf(event);
		if (!(await confirmed(event))) return { confirm: 'cancel' as const };
		const cancelled = await manage.cancelRendezVous(service, token);
		if (!cancelled.ok) return fail(409, { confirm: null, cancelError: cancelled.reason });
		redirect(303, `/rendez-vous/gerer/${token}?annule=1`);
	},

	/** Withdraws the consent to the follow-up (ADR 045): nothing more is sent. */
	suiviWithdraw: async (event) => {
		const { token, demande } = await demandeOf(event);
		await withdrawSuiviConsent(getDb(), demande.id, new Date());
		redirect(303, `/rendez-vous/gerer/${token}`);
	},

	/** Erases everything (after confirmation). */
	erase: async (event) => {
		const { service, token } = await demandeOf(event);
		if (!(await confirmed(event))) return { confirm: 'erase' as const };
		await service.erase(token);
		redirect(303, '/rendez-vous/supprime');
	}
};
