import { departementByCode } from '$lib/departements/data';
import * as manage from '$lib/server/agendas/manage';
import * as f from '$lib/server/agendas/forms';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { guardedAction, pick } from '$lib/server/forms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Staff with more départements than this (administrateurs) pick one first. */
const SHOW_ALL_UP_TO = 4;
/** Confirmation banners (`?fait=`); anything else shows none. */
const DONE = ['point', 'point-active', 'point-inactive', 'fermeture', 'fermeture-retiree'] as const;

export const load: PageServerLoad = (event) => {
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
		departements: manage.listForDepartements(getDb(), ctx, codes, new Date()),
		done: pick(DONE, event.url.searchParams.get('fait'))
	};
};

/** Responsables and administrateurs only (403 for agents); the département scope is checked by each change. */
const manager = (event: RequestEvent) => ({
	ctx: requireStaff(event, { roles: ['responsable', 'administrateur'] }),
	now: new Date()
});
const back = (code: string | undefined, done: string) =>
	`/espace-pro/agendas?departement=${encodeURIComponent(code ?? '')}&fait=${done}`;
const forms = f.departementForms;

export const actions: Actions = {
	createAgenda: guardedAction(manager, {
		...forms.createAgenda,
		run: (d, by) => manage.createAgenda(getDb(), by, d),
		redirect: (id) => `/espace-pro/agendas/${id}?fait=cree`
	}),
	createPoint: guardedAction(manager, {
		...forms.createPoint,
		run: (d, by) => manage.createPoint(getDb(), by, d),
		redirect: (_, { data }) => back(data.departement, 'point')
	}),
	updatePoint: guardedAction(manager, {
		...forms.updatePoint,
		run: ({ id, ...fields }, by) => manage.updatePoint(getDb(), by, id, fields),
		redirect: (code) => back(code, 'point')
	}),
	pointActive: guardedAction(manager, {
		...forms.pointActive,
		run: (d, by) => manage.setPointActive(getDb(), by, d.id, d.active),
		redirect: (code, { data }) => back(code, data.active ? 'point-active' : 'point-inactive')
	}),
	addClosure: guardedAction(manager, {
		...forms.addClosure,
		run: (d, by, v) => manage.addClosure(getDb(), by, v.departement ?? '', d.date),
		redirect: (_, { values }) => back(values.departement, 'fermeture')
	}),
	removeClosure: guardedAction(manager, {
		...forms.removeClosure,
		run: (d, by, v) => manage.removeClosure(getDb(), by, v.departement ?? '', d.date),
		redirect: (_, { values }) => back(values.departement, 'fermeture-retiree')
	})
};
