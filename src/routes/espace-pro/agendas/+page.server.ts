import { departementByCode } from '$lib/departements/data';
import * as manage from '$lib/server/agendas/manage';
import { DEPARTEMENT_DONE, departementActions } from '$lib/server/agendas/departement-actions';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { pick } from '$lib/server/forms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Staff with more départements than this (administrateurs) pick one first. */
const SHOW_ALL_UP_TO = 4;

export const load: PageServerLoad = async (event) => {
	const ctx = requireStaff(event);
	const asked = event.url.searchParams.get('departement');
	const selected = asked && ctx.departements.includes(asked) ? asked : null;
	const many = ctx.departements.length > SHOW_ALL_UP_TO;
	const codes = selected ? [selected] : many ? [] : ctx.departements;
	return {
		role: ctx.user.role,
		choices: many
			? ctx.departements.map((code) => ({ code, name: departementByCode(code)?.name ?? code }))
			: [],
		selected,
		departements: await manage.listForDepartements(getDb(), ctx, codes, new Date()),
		done: pick(DEPARTEMENT_DONE, event.url.searchParams.get('fait'))
	};
};

/** Responsables and administrateurs only (403 for agents); the département scope is checked by each change. */
const manager = (event: RequestEvent) => ({
	ctx: requireStaff(event, { roles: ['responsable', 'administrateur'] }),
	now: new Date()
});

export const actions: Actions = departementActions(manager);
