import { fail, redirect } from '@sveltejs/kit';
import { departementByCode } from '$lib/departements/data';
import { addDays } from '$lib/booking/holidays';
import { todayIn } from '$lib/booking/time';
import {
	addClosure,
	createAgenda,
	createPoint,
	listForDepartements,
	removeClosure,
	setPointActive,
	updatePoint
} from '$lib/server/agendas/manage';
import { activeSchema, closureSchema, createAgendaSchema, createPointSchema, pointSchema, removeSchema } from '$lib/server/agendas/forms';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { fieldErrors, formValues } from '$lib/server/forms';
import { runChange } from './guard';
import type { Actions, PageServerLoad } from './$types';

/** Staff with more départements than this (administrateurs) pick one first. */
const SHOW_ALL_UP_TO = 4;
const MANAGERS = ['responsable', 'administrateur'] as const;
/** Confirmation banners (`?fait=`); anything else shows none. */
const DONE = ['point', 'point-active', 'point-inactive', 'fermeture', 'fermeture-retiree'] as const;
/** Closure days are planned at most this far ahead. */
const PLANNING_DAYS = 366;

export const load: PageServerLoad = (event) => {
	const ctx = requireStaff(event);
	event.setHeaders({ 'cache-control': 'private, no-store' });
	const asked = event.url.searchParams.get('departement');
	const selected = asked && ctx.departements.includes(asked) ? asked : null;
	const codes = selected ? [selected] : ctx.departements.length <= SHOW_ALL_UP_TO ? ctx.departements : [];
	return {
		role: ctx.user.role,
		choices:
			ctx.departements.length > SHOW_ALL_UP_TO
				? ctx.departements.map((code) => ({ code, name: departementByCode(code)?.name ?? code }))
				: [],
		selected,
		departements: listForDepartements(getDb(), ctx, codes, new Date()),
		done: DONE.find((d) => d === event.url.searchParams.get('fait')) ?? null
	};
};

const back = (code: string, done: string) => `/espace-pro/agendas?departement=${encodeURIComponent(code)}&fait=${done}`;

export const actions: Actions = {
	createAgenda: async (event) => {
		const ctx = requireStaff(event, { roles: MANAGERS });
		const values = formValues(await event.request.formData(), ['departement', 'mode', 'pointAccueil'], 20);
		const parsed = createAgendaSchema.safeParse(values);
		if (!parsed.success) return fail(400, { form: `agenda-${values.departement ?? ''}`, errors: fieldErrors(parsed.error, 'agendas:errors.invalid') });
		let id = 0;
		const refused = runChange(`agenda-${parsed.data.departement}`, () => {
			id = createAgenda(getDb(), { ctx, now: new Date() }, parsed.data);
		});
		if (refused) return refused;
		redirect(303, `/espace-pro/agendas/${id}?fait=cree`);
	},

	createPoint: async (event) => {
		const ctx = requireStaff(event, { roles: MANAGERS });
		const values = formValues(await event.request.formData(), ['departement', 'name', 'address', 'accessibility'], 1000);
		const parsed = createPointSchema.safeParse(values);
		const form = `point-new-${values.departement ?? ''}`;
		if (!parsed.success) return fail(400, { form, errors: fieldErrors(parsed.error, 'agendas:errors.invalid'), values });
		const refused = runChange(form, () => {
			createPoint(getDb(), { ctx, now: new Date() }, parsed.data);
		});
		if (refused) return refused;
		redirect(303, back(parsed.data.departement, 'point'));
	},

	updatePoint: async (event) => {
		const ctx = requireStaff(event, { roles: MANAGERS });
		const values = formValues(await event.request.formData(), ['id', 'name', 'address', 'accessibility'], 1000);
		const target = removeSchema.safeParse({ id: values.id });
		if (!target.success) return fail(400, { form: 'point', errors: fieldErrors(target.error, 'agendas:errors.id') });
		const form = `point-${target.data.id}`;
		const parsed = pointSchema.safeParse(values);
		if (!parsed.success) return fail(400, { form, errors: fieldErrors(parsed.error, 'agendas:errors.invalid'), values });
		let code = '';
		const refused = runChange(form, () => {
			code = updatePoint(getDb(), { ctx, now: new Date() }, target.data.id, parsed.data);
		});
		if (refused) return refused;
		redirect(303, back(code, 'point'));
	},

	pointActive: async (event) => {
		const ctx = requireStaff(event, { roles: MANAGERS });
		const values = formValues(await event.request.formData(), ['id', 'active'], 20);
		const target = removeSchema.safeParse({ id: values.id });
		const active = activeSchema.safeParse({ active: values.active });
		if (!target.success || !active.success) return fail(400, { form: 'point', errors: { id: 'agendas:errors.id' } });
		let code = '';
		const refused = runChange(`point-${target.data.id}`, () => {
			code = setPointActive(getDb(), { ctx, now: new Date() }, target.data.id, active.data.active);
		});
		if (refused) return refused;
		redirect(303, back(code, active.data.active ? 'point-active' : 'point-inactive'));
	},

	addClosure: async (event) => {
		const ctx = requireStaff(event, { roles: MANAGERS });
		const values = formValues(await event.request.formData(), ['departement', 'date'], 20);
		const code = values.departement ?? '';
		const form = `closure-${code}`;
		const parsed = closureSchema.safeParse(values);
		if (!parsed.success) return fail(400, { form, errors: fieldErrors(parsed.error, 'agendas:errors.date'), values });
		const timeZone = departementByCode(code)?.timeZone ?? 'Europe/Paris';
		const today = todayIn(timeZone, new Date());
		if (parsed.data.date < today || parsed.data.date > addDays(today, PLANNING_DAYS)) {
			return fail(400, { form, errors: { date: 'agendas:errors.dateRange' }, values });
		}
		const refused = runChange(form, () => addClosure(getDb(), { ctx, now: new Date() }, code, parsed.data.date));
		if (refused) return refused;
		redirect(303, back(code, 'fermeture'));
	},

	removeClosure: async (event) => {
		const ctx = requireStaff(event, { roles: MANAGERS });
		const values = formValues(await event.request.formData(), ['departement', 'date'], 20);
		const code = values.departement ?? '';
		const parsed = closureSchema.safeParse(values);
		if (!parsed.success) return fail(400, { form: `closure-${code}`, errors: fieldErrors(parsed.error, 'agendas:errors.date') });
		const refused = runChange(`closure-${code}`, () => removeClosure(getDb(), { ctx, now: new Date() }, code, parsed.data.date));
		if (refused) return refused;
		redirect(303, back(code, 'fermeture-retiree'));
	}
};

