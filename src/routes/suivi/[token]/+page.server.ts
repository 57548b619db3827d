import { error } from '@sveltejs/kit';
import { bookingService } from '$lib/server/booking/context';
import { getDb } from '$lib/server/db/client';
import { formAction } from '$lib/server/forms';
import {
	answerOnline,
	linkIntro,
	onlineForm,
	SUIVI_COMMENT_MAX,
	suiviOfLink
} from '$lib/server/suivi/answer';
import type { Actions, PageServerLoad } from './$types';

/** The follow-up's one-time page (ADR 045): no login, the link is the key. */
export const load: PageServerLoad = async (event) => {
	const link = await suiviOfLink(getDb(), event.params.token, new Date());
	if (!link.ok) error(404, link.reason);
	// Expired, answered or withdrawn: one page, without telling which.
	if (!link.value.open) error(410, 'suivi:link.expiredText');
	return { intro: linkIntro(link.value.owner, event.locals.locale), commentMax: SUIVI_COMMENT_MAX };
};

export const actions: Actions = {
	default: (event) =>
		formAction(event, {
			...onlineForm,
			run: (form) => answerOnline(getDb(), bookingService(), event.params.token, form, new Date()),
			extra: ({ lists }) => ({ autres: lists.autres ?? [] }),
			redirect: ({ callback }) => (callback ? '/suivi/merci?rappel=1' : '/suivi/merci')
		})
};
