import { redirect, type RequestEvent } from '@sveltejs/kit';
import { bookingService } from '$lib/server/booking/context';
import { guardedAction } from '$lib/server/forms';
import { logger } from '$lib/server/log';
import * as orientation from '$lib/server/partenaires/orientation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => orientation.orientationPage(event.url);

const request = (event: RequestEvent) => ({
	locale: event.locals.locale,
	requestId: event.locals.requestId
});

export const actions: Actions = {
	default: guardedAction(request, {
		...orientation.orientationForm,
		// A filled honeypot: a robot. Answered like a success; nothing stored, nothing sent.
		before: (values, { requestId }) => {
			if (!orientation.isTrapped(values)) return;
			logger.warn('orientation honeypot filled', { requestId });
			redirect(303, orientation.MERCI);
		},
		run: (form, { locale }) => orientation.orient(bookingService(), form, locale),
		extra: ({ values }) => orientation.orientationEcho(values),
		redirect: () => orientation.MERCI
	})
};
