/**
 * The action frames of the agendas page (`/espace-pro/agendas`): creating an agenda, the
 * points d'accueil and the closing days of a département (ADR 030). The route passes its guard
 * (`requireStaff` for a manager), which runs first in every action; the département scope is
 * checked by each change.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/client';
import { guardedAction } from '$lib/server/forms';
import type { StaffContext } from '$lib/server/auth/guard';
import { departementForms as forms } from './forms';
import * as manage from './manage';

/** Confirmation banners (`?fait=`); anything else shows none. */
export const DEPARTEMENT_DONE = [
	'point',
	'point-active',
	'point-inactive',
	'fermeture',
	'fermeture-retiree',
	'ouverture-habituelle',
	'fermeture-habituelle'
] as const;

const back = (code: string | undefined, done: (typeof DEPARTEMENT_DONE)[number]) =>
	`/espace-pro/agendas?departement=${encodeURIComponent(code ?? '')}&fait=${done}`;

/** The actions of the page, each behind `guard` (the acting manager and the time). */
export function departementActions<E extends Pick<RequestEvent, 'request'>>(
	guard: (event: E) => { ctx: StaffContext; now: Date }
) {
	return {
		createAgenda: guardedAction(guard, {
			...forms.createAgenda,
			run: (d, by) => manage.createAgenda(getDb(), by, d),
			redirect: (id) => `/espace-pro/agendas/${id}?fait=cree`
		}),
		createPoint: guardedAction(guard, {
			...forms.createPoint,
			run: (d, by) => manage.createPoint(getDb(), by, d),
			redirect: (_, { data }) => back(data.departement, 'point')
		}),
		updatePoint: guardedAction(guard, {
			...forms.updatePoint,
			run: ({ id, ...fields }, by) => manage.updatePoint(getDb(), by, id, fields),
			redirect: (code) => back(code, 'point')
		}),
		pointActive: guardedAction(guard, {
			...forms.pointActive,
			run: (d, by) => manage.setPointActive(getDb(), by, d.id, d.active),
			redirect: (code, { data }) => back(code, data.active ? 'point-active' : 'point-inactive')
		}),
		addClosure: guardedAction(guard, {
			...forms.addClosure,
			run: (d, by, v) => manage.addClosure(getDb(), by, v.departement ?? '', d.date),
			redirect: (_, { values }) => back(values.departement, 'fermeture')
		}),
		removeClosure: guardedAction(guard, {
			...forms.removeClosure,
			run: (d, by, v) => manage.removeClosure(getDb(), by, v.departement ?? '', d.date),
			redirect: (_, { values }) => back(values.departement, 'fermeture-retiree')
		}),
		defaultClosure: guardedAction(guard, {
			...forms.defaultClosure,
			run: (d, by, v) =>
				manage.setDefaultClosureOpen(getDb(), by, v.departement ?? '', d.holiday, d.open),
			redirect: (_, { values, data }) =>
				back(values.departement, data.open ? 'ouverture-habituelle' : 'fermeture-habituelle')
		})
	};
}
