import type { RequestEvent } from '@sveltejs/kit';
import { bookingService } from '$lib/server/booking/context';
import { guardedAction } from '$lib/server/forms';
import { currentDraft } from '$lib/server/questionnaire/context';
import { campagneOfRequest } from '$lib/server/campagnes/context';
import { publicFailure } from '$lib/server/rendez-vous/book';
import * as callback from '$lib/server/rendez-vous/callback';
import { parseQuery } from '$lib/server/rendez-vous/booking-forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const query = parseQuery(event.url, callback.callbackQuerySchema, callback.callbackQueryNames);
	return callback.callbackPage(event.url, query, await currentDraft(event));
};

/** Who asks: the questionnaire draft and entry link (source, consent) and the language. */
const visitor = async (event: RequestEvent, given?: Awaited<ReturnType<typeof currentDraft>>) => {
	const draft = given === undefined ? await currentDraft(event) : given;
	return {
		draft,
		cookies: event.cookies,
		locale: event.locals.locale,
		campagneId: await campagneOfRequest(event, draft)
	};
};

export const actions: Actions = {
	default: guardedAction(visitor, {
		...callback.callbackForm,
		run: (form, who) => callback.requestCallback(bookingService(), form, who),
		extra: publicFailure,
		redirect: (token) => `/rendez-vous/gerer/${token}?confirmation=1`
	})
};
