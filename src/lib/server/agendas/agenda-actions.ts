/**
 * The action frames of one agenda's page (`/espace-pro/agendas/[id]`): one per form, each a
 * schema, a change of `manage.ts` and the section to go back to (ADR 030). The route passes
 * its guard (`requireStaff` for a manager, the agenda in scope), which runs first in every
 * action; each change checks the rest.
 */
import type { RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { getDb } from '$lib/server/db/client';
import { guardedAction, type FormActionSpec } from '$lib/server/forms';
import type { Result } from '$lib/server/result';
import type { StaffContext } from '$lib/server/auth/guard';
import * as f from './forms';
import * as manage from './manage';

/** Confirmation banners (`?fait=`); anything else shows none. */
export const AGENDA_DONE = [
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

/** What the route's guard hands over: the acting manager and the agenda's id. */
export interface AgendaTarget {
	actor: { ctx: StaffContext; now: Date };
	id: number;
}

/** The actions of the page, each behind `guard`. */
export function agendaActions<E extends Pick<RequestEvent, 'request'>>(
	guard: (event: E) => AgendaTarget | Promise<AgendaTarget>
) {
	/** One form of the page: its schema, fields and the change; 303 back to its section. */
	function change<S extends z.ZodType>(
		form: string,
		schema: S,
		fields: readonly string[],
		run: (t: AgendaTarget, data: z.output<S>) => Promise<Result>,
		done: (data: z.output<S>) => [what: (typeof AGENDA_DONE)[number], anchor: string],
		options: Partial<FormActionSpec<S, undefined, AgendaTarget>> = {}
	) {
		return guardedAction(guard, {
			...{
				form,
				schema,
				fields,
				maxLength: 20,
				invalidKey: 'agendas:errors.invalid',
				echo: fields
			},
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
	return {
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
}
