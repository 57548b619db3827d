import { error, type RequestEvent } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { pick } from '$lib/server/forms';
import { messagesConfigFromEnv } from '$lib/server/evenements/messages';
import { staffView } from '$lib/server/evenements/staff-pages';
import { staffAction } from '$lib/server/evenements/staff-actions';
import {
	canManage,
	cancelEvenement,
	evenementFor,
	publishEvenement,
	sendFollowUp
} from '$lib/server/evenements/staff';
import type { Actions, PageServerLoad } from './$types';

const DONE = ['cree', 'modifie', 'publie', 'annule', 'presences', 'suite'] as const;

export const load: PageServerLoad = async (event) => {
	const staff = requireStaff(event);
	const db = getDb();
	const found = await evenementFor(db, staff, Number(event.params.id));
	if (!found) error(404, 'Not found');
	return {
		evenement: await staffView(db, found.evenement, event.locals.locale),
		canManage: canManage(staff),
		done: pick(DONE, event.url.searchParams.get('fait'))
	};
};

const id = (event: RequestEvent) => Number(event.params.id);

export const actions: Actions = {
	publish: staffAction('publie', (staff, event, now) =>
		publishEvenement(getDb(), staff, id(event), now)
	),
	cancel: staffAction('annule', (staff, event, now) =>
		cancelEvenement(getDb(), messagesConfigFromEnv(), staff, id(event), now)
	),
	followUp: staffAction('suite', (staff, event, now) =>
		sendFollowUp(getDb(), messagesConfigFromEnv(), staff, id(event), now)
	)
};
