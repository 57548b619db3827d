import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { readForm } from '$lib/server/rendez-vous/booking-forms';
import { cancelFromLink, eraseFromLink, inscriptionOfLink } from '$lib/server/evenements/forms';
import { publicView } from '$lib/server/evenements/public';
import { getDb } from '$lib/server/db/client';
import { withdrawInscriptionSuiviConsent } from '$lib/server/suivi/consent';
import type { Actions, PageServerLoad } from './$types';

async function found(event: Pick<RequestEvent, 'params'>) {
	const token = event.params.token ?? '';
	const outcome = await inscriptionOfLink(token);
	if (!outcome.ok) error(404, outcome.reason);
	return { token, ...outcome.value };
}

/** A registration's manage page: its state, the visio link once confirmed, cancel and erase. */
export const load: PageServerLoad = async (event) => {
	const { inscription, evenement } = await found(event);
	const now = new Date();
	const confirmed = inscription.status === 'confirmee';
	return {
		status: inscription.status,
		places: inscription.places,
		evenement: await publicView(getDb(), evenement, event.locals.locale, now),
		visioUrl: confirmed && evenement.mode === 'visio' ? evenement.visioUrl : null,
		canCancel: inscription.status !== 'annulee' && now < evenement.startsAt,
		suiviConsent: inscription.suiviConsentAt
			? {
					at: inscription.suiviConsentAt.toISOString(),
					withdrawn: inscription.suiviConsentWithdrawnAt !== null,
					timeZone: evenement.timeZone
				}
			: null,
		confirmation: event.url.searchParams.has('confirmation')
	};
};

/** A first post asks for confirmation (`confirm=oui` is the second one). */
const confirmed = async (event: RequestEvent) =>
	readForm(await event.request.formData(), ['confirm']).confirm === 'oui';

export const actions: Actions = {
	cancel: async (event) => {
		const { token } = await found(event);
		if (!(await confirmed(event))) return { confirm: 'cancel' as const };
		const cancelled = await cancelFromLink(token);
		if (!cancelled.ok) return fail(cancelled.status, { confirm: null });
		redirect(303, `/evenements/inscription/${token}`);
	},
	/** Withdraws the consent to the 6-month follow-up (ADR 045 addendum): nothing more is sent. */
	suiviWithdraw: async (event) => {
		const { token, inscription } = await found(event);
		await withdrawInscriptionSuiviConsent(getDb(), inscription.id, new Date());
		redirect(303, `/evenements/inscription/${token}`);
	},
	erase: async (event) => {
		const { token } = await found(event);
		if (!(await confirmed(event))) return { confirm: 'erase' as const };
		await eraseFromLink(token);
		redirect(303, '/evenements/supprime');
	}
};
