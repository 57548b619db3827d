import { error, type RequestEvent } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { bookingService } from '$lib/server/booking/context';
import { getDb } from '$lib/server/db/client';
import { guardedAction } from '$lib/server/forms';
import { SUIVI_COMMENT_MAX } from '$lib/server/suivi/answer';
import {
	inscriptionPhoneForm,
	openPhoneSuivi,
	recordInscriptionSuiviByPhone
} from '$lib/server/suivi/inscription-phone';
import type { Actions, PageServerLoad } from './$types';

/**
 * A registration's follow-up obtained by phone (ADR 045 addendum): the staff of the évènement's
 * attendance list. Another département's évènement answers the same 404 as an unknown one.
 */
export const load: PageServerLoad = async (event) => {
	const staff = requireStaff(event);
	const id = Number(event.params.id);
	const target = await openPhoneSuivi(
		getDb(),
		staff,
		id,
		Number(event.params.inscription),
		new Date()
	);
	if (!target.ok && target.status === 404) error(404, 'Not found');
	return {
		id,
		// No consent, or already answered: the page says so instead of showing the form.
		refusal: target.ok ? null : target.reason,
		person: target.ok
			? { name: target.value.owner.inscription.name, title: target.value.owner.evenement.titleFr }
			: null,
		commentMax: SUIVI_COMMENT_MAX
	};
};

const staffOf = (event: RequestEvent) => ({
	staff: requireStaff(event),
	evenementId: Number(event.params.id),
	inscriptionId: Number(event.params.inscription)
});

export const actions: Actions = {
	default: guardedAction(staffOf, {
		...inscriptionPhoneForm,
		run: (form, { staff, ...target }) =>
			recordInscriptionSuiviByPhone(getDb(), bookingService(), staff, target, form, new Date()),
		extra: ({ lists }) => ({ autres: lists.autres ?? [] }),
		redirect: (_value, { context }) =>
			`/espace-pro/evenements/${context.evenementId}/presences?fait=suivi`
	})
};
