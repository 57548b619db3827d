import { error } from '@sveltejs/kit';
import * as manage from '$lib/server/agendas/manage';
import * as f from '$lib/server/agendas/forms';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { guardedAction, pick, type FormActionSpec } from '$lib/server/forms';
import type { Result } from '$lib/server/result';
import type { z } from 'zod';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Confirmation banners (`?fait=`); anything else shows none. */
const DONE = [
	'cree',
	'horaires',
	'reglages',
	'active',
	'inactive',
	'ouverture',
	'ouverture-retiree',
	'absence',
	'absence-retiree'
] as const;

export const load: PageServerLoad = (event) => {
	const ctx = requireStaff(event);
	const agenda = manage.agendaDetail(getDb(), ctx, Number(event.params.id), new Date());
	if (!agenda.ok) error(404, 'Not found');
	return { agenda: agenda.value, done: pick(DONE, event.url.searchParams.get('fait')) };
};

/** A manager (403 for agents) and an agenda they may see (404 otherwise); each change checks the rest. */
function target(event: RequestEvent) {
	const ctx = requireStaff(event, { roles: ['responsable', 'administrateur'] });
	const id = Number(event.params.id);
	if (!manage.visibleAgenda(getDb(), ctx, id)) error(404, 'Not found');
	return { actor: { ctx, now: new Date() }, id };
}
type Target = ReturnType<typeof target>;

/** One form of the page: its schema, fields and the change; 303 back to its section. */
function change<S extends z.ZodType>(
	form: string,
	schema: S,
	fields: readonly string[],
	run: (t: Target, data: z.output<S>) => Result,
	done: (data: z.output<S>) => [what: string, anchor: string],
	options: Partial<FormActionSpec<S, undefined, Target>> = {}
) {
	return guardedAction(target, {
		...{ form, schema, fields, maxLength: 20, invalidKey: 'agendas:errors.invalid', echo: fields },
		...options,
		run: (data, t) => run(t, data),
		redirect: (_, { data, context }) => {
			const [what, anchor] = done(data);
			return `/espace-pro/agendas/${context.id}?fait=${what}#${anchor}`;
		}
	});
}

const db = () => getDb();
const REMOVE = { echo: undefined, invalidKey: 'agendas:errors.id' };
export const actions: Actions = {
	weekly: change(
		'weekly',
		f.weeklySchema,
		f.weeklyFieldNames,
		(t, d) => manage.updateWeekly(db(), t.actor, t.id, d),
		() => ['horaires', 'horaires'],
		{ invalidKey: 'agendas:errors.time' }
	),
	settings: change(
		'settings',
		f.settingsSchema,
		['slotMinutes', 'minNoticeDays'],
		(t, d) => manage.updateSettings(db(), t.actor, t.id, d),
		() => ['reglages', 'reglages']
	),
	active: change(
		'active',
		f.activeSchema,
		['active'],
		(t, d) => manage.setAgendaActive(db(), t.actor, t.id, d.active),
		(d) => [d.active ? 'active' : 'inactive', 'etat'],
		{ echo: undefined }
	),
	addOpening: change(
		'opening',
		f.openingSchema,
		['date', 'start', 'end'],
		(t, d) => manage.addOpening(db(), t.actor, t.id, d),
		() => ['ouverture', 'ouvertures']
	),
	removeOpening: change(
		'openings',
		f.removeSchema,
		['id'],
		(t, d) => manage.removeOpening(db(), t.actor, t.id, d.id),
		() => ['ouverture-retiree', 'ouvertures'],
		REMOVE
	),
	addAbsence: change(
		'absence',
		f.absenceSchema,
		['startDate', 'startTime', 'endDate', 'endTime', 'label'],
		(t, d) => manage.planAbsence(db(), t.actor, t.id, d),
		() => ['absence', 'absences'],
		{ maxLength: 200 }
	),
	removeAbsence: change(
		'absences',
		f.removeSchema,
		['id'],
		(t, d) => manage.removeAbsence(db(), t.actor, t.id, d.id),
		() => ['absence-retiree', 'absences'],
		REMOVE
	)
};
