import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/client';
import { requireStaff } from '$lib/server/auth/guard';
import { guardedAction, pick } from '$lib/server/forms';
import { campagneFor, setLettersSent, updateCampagne } from '$lib/server/campagnes/campagnes';
import {
	campagneDetail,
	campagneEcho,
	campagneForm,
	lettersSentForm
} from '$lib/server/campagnes/pages';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const DONE = ['cree', 'modifiee', 'courriers'] as const;

/** The staff member and the campaign id of the URL (digits: the `id` matcher). */
const context = (event: RequestEvent) => ({
	staff: requireStaff(event),
	id: Number(event.params.id)
});

export const load: PageServerLoad = async (event) => {
	const { staff, id } = context(event);
	const campagne = await campagneFor(getDb(), staff, id);
	if (!campagne) error(404, 'Not found');
	return {
		...campagneDetail(staff, campagne),
		done: pick(DONE, event.url.searchParams.get('fait'))
	};
};

export const actions: Actions = {
	modifier: guardedAction(context, {
		...campagneForm,
		run: (data, { staff, id }) => updateCampagne(getDb(), staff, id, data, new Date()),
		extra: ({ values, lists }) => ({ values: campagneEcho(values, lists) }),
		redirect: (id) => `/espace-pro/campagnes/${id}?fait=modifiee`
	}),
	courriers: guardedAction(context, {
		...lettersSentForm,
		run: (data, { staff, id }) => setLettersSent(getDb(), staff, id, data, new Date()),
		redirect: (id) => `/espace-pro/campagnes/${id}?fait=courriers`
	})
};
