import { error, fail, redirect } from '@sveltejs/kit';
import { todayIn } from '$lib/booking/time';
import { addDays } from '$lib/booking/holidays';
import {
	AgendaAccessError,
	addAbsence,
	addOpening,
	agendaDetail,
	removeAbsence,
	removeOpening,
	setAgendaActive,
	updateSettings,
	updateWeekly,
	visibleAgenda
} from '$lib/server/agendas/manage';
import {
	absenceInstants,
	absenceSchema,
	activeSchema,
	openingSchema,
	removeSchema,
	settingsSchema,
	weeklyFieldNames,
	weeklySchema
} from '$lib/server/agendas/forms';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { departementByCode } from '$lib/departements/data';
import { fieldErrors, formValues } from '$lib/server/forms';
import { idParam, runChange } from '../guard';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const MANAGERS = ['responsable', 'administrateur'] as const;
/** Confirmation banners (`?fait=`); anything else shows none. */
const DONE = ['cree', 'horaires', 'reglages', 'active', 'inactive', 'ouverture', 'ouverture-retiree', 'absence', 'absence-retiree'] as const;
/** One-off openings and absences are planned at most this far ahead. */
const PLANNING_DAYS = 366;

export const load: PageServerLoad = (event) => {
	const ctx = requireStaff(event);
	event.setHeaders({ 'cache-control': 'private, no-store' });
	const id = idParam(event.params.id);
	try {
		return { agenda: agendaDetail(getDb(), ctx, id, new Date()), done: DONE.find((d) => d === event.url.searchParams.get('fait')) ?? null };
	} catch (e) {
		if (e instanceof AgendaAccessError) error(404, 'Not found');
		throw e;
	}
};

/** Staff allowed to change, the agenda id and its time zone (403 for agents, 404 when out of scope). */
function target(event: RequestEvent) {
	const ctx = requireStaff(event, { roles: MANAGERS });
	const id = idParam(event.params.id);
	try {
		const agenda = visibleAgenda(getDb(), ctx, id);
		return { actor: { ctx, now: new Date() }, id, timeZone: departementByCode(agenda.departementCode)!.timeZone };
	} catch (e) {
		if (e instanceof AgendaAccessError) error(404, 'Not found');
		throw e;
	}
}

const done = (id: number, what: string, anchor: string) => `/espace-pro/agendas/${id}?fait=${what}#${anchor}`;

export const actions: Actions = {
	weekly: async (event) => {
		const { actor, id } = target(event);
		const values = formValues(await event.request.formData(), weeklyFieldNames, 20);
		const parsed = weeklySchema.safeParse(values);
		if (!parsed.success) return fail(400, { form: 'weekly', errors: fieldErrors(parsed.error, 'agendas:errors.time'), values });
		const refused = runChange('weekly', () => updateWeekly(getDb(), actor, id, parsed.data));
		if (refused) return refused;
		redirect(303, done(id, 'horaires', 'horaires'));
	},

	settings: async (event) => {
		const { actor, id } = target(event);
		const values = formValues(await event.request.formData(), ['slotMinutes', 'minNoticeDays'], 20);
		const parsed = settingsSchema.safeParse(values);
		if (!parsed.success) return fail(400, { form: 'settings', errors: fieldErrors(parsed.error, 'agendas:errors.invalid'), values });
		const refused = runChange('settings', () => updateSettings(getDb(), actor, id, parsed.data));
		if (refused) return refused;
		redirect(303, done(id, 'reglages', 'reglages'));
	},

	active: async (event) => {
		const { actor, id } = target(event);
		const parsed = activeSchema.safeParse(formValues(await event.request.formData(), ['active'], 5));
		if (!parsed.success) return fail(400, { form: 'active', errors: fieldErrors(parsed.error, 'agendas:errors.invalid') });
		const refused = runChange('active', () => setAgendaActive(getDb(), actor, id, parsed.data.active));
		if (refused) return refused;
		redirect(303, done(id, parsed.data.active ? 'active' : 'inactive', 'etat'));
	},

	addOpening: async (event) => {
		const { actor, id, timeZone } = target(event);
		const values = formValues(await event.request.formData(), ['date', 'start', 'end'], 20);
		const parsed = openingSchema.safeParse(values);
		if (!parsed.success) return fail(400, { form: 'opening', errors: fieldErrors(parsed.error, 'agendas:errors.invalid'), values });
		const today = todayIn(timeZone, actor.now);
		if (parsed.data.date < today || parsed.data.date > addDays(today, PLANNING_DAYS)) {
			return fail(400, { form: 'opening', errors: { date: 'agendas:errors.dateRange' }, values });
		}
		const refused = runChange('opening', () => addOpening(getDb(), actor, id, parsed.data));
		if (refused) return refused;
		redirect(303, done(id, 'ouverture', 'ouvertures'));
	},

	removeOpening: async (event) => {
		const { actor, id } = target(event);
		const parsed = removeSchema.safeParse(formValues(await event.request.formData(), ['id'], 20));
		if (!parsed.success) return fail(400, { form: 'openings', errors: fieldErrors(parsed.error, 'agendas:errors.id') });
		const refused = runChange('openings', () => removeOpening(getDb(), actor, id, parsed.data.id));
		if (refused) return refused;
		redirect(303, done(id, 'ouverture-retiree', 'ouvertures'));
	},

	addAbsence: async (event) => {
		const { actor, id, timeZone } = target(event);
		const values = formValues(await event.request.formData(), ['startDate', 'startTime', 'endDate', 'endTime', 'label'], 200);
		const parsed = absenceSchema.safeParse(values);
		if (!parsed.success) return fail(400, { form: 'absence', errors: fieldErrors(parsed.error, 'agendas:errors.invalid'), values });
		const instants = absenceInstants(parsed.data, timeZone);
		if (!instants.ok) return fail(400, { form: 'absence', errors: { [instants.field]: instants.message }, values });
		const today = todayIn(timeZone, actor.now);
		if (parsed.data.endDate < today || parsed.data.startDate > addDays(today, PLANNING_DAYS)) {
			return fail(400, { form: 'absence', errors: { endDate: 'agendas:errors.dateRange' }, values });
		}
		const refused = runChange('absence', () => addAbsence(getDb(), actor, id, { start: instants.start, end: instants.end, label: parsed.data.label }));
		if (refused) return refused;
		redirect(303, done(id, 'absence', 'absences'));
	},

	removeAbsence: async (event) => {
		const { actor, id } = target(event);
		const parsed = removeSchema.safeParse(formValues(await event.request.formData(), ['id'], 20));
		if (!parsed.success) return fail(400, { form: 'absences', errors: fieldErrors(parsed.error, 'agendas:errors.id') });
		const refused = runChange('absences', () => removeAbsence(getDb(), actor, id, parsed.data.id));
		if (refused) return refused;
		redirect(303, done(id, 'absence-retiree', 'absences'));
	}
};
