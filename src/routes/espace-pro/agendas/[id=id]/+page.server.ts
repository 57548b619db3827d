import { error } from '@sveltejs/kit';
import { AGENDA_DONE, agendaActions } from '$lib/server/agendas/agenda-actions';
import * as manage from '$lib/server/agendas/manage';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { pick } from '$lib/server/forms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const ctx = requireStaff(event);
	const agenda = await manage.agendaDetail(getDb(), ctx, Number(event.params.id), new Date());
	if (!agenda.ok) error(404, 'Not found');
	return { agenda: agenda.value, done: pick(AGENDA_DONE, event.url.searchParams.get('fait')) };
};

/** A manager (403 for agents) and an agenda they may see (404 otherwise); each change checks the rest. */
async function target(event: RequestEvent) {
	const ctx = requireStaff(event, { roles: ['responsable', 'administrateur'] });
	const id = Number(event.params.id);
	if (!(await manage.visibleAgenda(getDb(), ctx, id))) error(404, 'Not found');
	return { actor: { ctx, now: new Date() }, id };
}

export const actions: Actions = agendaActions(target);
