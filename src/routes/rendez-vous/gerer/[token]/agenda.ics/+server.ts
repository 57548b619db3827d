import { getDb } from '$lib/server/db/client';
import { bookingService } from '$lib/server/booking/context';
import { currentCalendar } from '$lib/server/booking/events';
import { isFinal } from '$lib/server/booking/service';
import { looksLikeToken } from '$lib/server/tokens';
import type { RequestHandler } from './$types';

const NO_STORE = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/**
 * "Ajouter à mon agenda" (ADR 037): the .ics of the person's upcoming rendez-vous, the same as
 * the e-mail's. The manage link is the only key: an unknown, erased or tampered token, a
 * callback request, a cancelled or past rendez-vous all get the same plain 404.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const service = bookingService();
	const demande = looksLikeToken(params.token)
		? await service.findByToken(params.token)
		: undefined;
	const rdv = demande ? await service.currentRendezVous(demande.id) : undefined;
	if (!demande || !rdv || isFinal(demande, rdv, new Date())) {
		return new Response(locals.t('booking:manage.calendarNotFound'), {
			status: 404,
			headers: { ...NO_STORE, 'content-type': 'text/plain; charset=utf-8' }
		});
	}
	return new Response(await currentCalendar(getDb(), demande, rdv, params.token), {
		headers: {
			...NO_STORE,
			'content-type': 'text/calendar; charset=utf-8; method=REQUEST',
			'content-disposition': `attachment; filename="rendez-vous-${demande.reference}.ics"`
		}
	});
};
