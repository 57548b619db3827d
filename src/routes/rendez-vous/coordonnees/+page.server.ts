import { error, type RequestEvent } from '@sveltejs/kit';
import { bookingService } from '$lib/server/booking/context';
import { guardedAction } from '$lib/server/forms';
import { currentDraft } from '$lib/server/questionnaire/context';
import { campagneOfRequest } from '$lib/server/campagnes/context';
import * as book from '$lib/server/rendez-vous/book';
import { parseQuery } from '$lib/server/rendez-vous/booking-forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const query = parseQuery(event.url, book.contactQuerySchema, book.contactQueryNames);
	const step = await book.contactStep(bookingService(), query, await currentDraft(event));
	if (!step.ok) error(400, step.reason);
	return step.value;
};

/** Who books: the questionnaire draft and entry link (source, consent), the language, the limits. */
const visitor = async (
	event: RequestEvent,
	given?: Awaited<ReturnType<typeof currentDraft>>
): Promise<book.Visitor> => {
	const draft = given === undefined ? await currentDraft(event) : given;
	return {
		draft,
		cookies: event.cookies,
		locale: event.locals.locale,
		requester: event.locals.staff
			? { public: false }
			: { public: true, address: event.getClientAddress() },
		campagneId: await campagneOfRequest(event, draft)
	};
};

export const actions: Actions = {
	book: guardedAction(visitor, {
		...book.bookForm,
		run: (form, who) => book.bookRendezVous(bookingService(), form, who),
		extra: book.publicFailure,
		redirect: (token) => `/rendez-vous/gerer/${token}?confirmation=1`
	})
};
