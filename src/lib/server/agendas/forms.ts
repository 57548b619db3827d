/**
 * Form schemas of agenda management (one per form, at module scope). Messages are locale keys
 * of the `agendas` namespace; `fieldErrors` (server/forms.ts) maps them to fields.
 */
import { z } from 'zod';
import { departementCodes } from '$lib/departements/data';
import {
	isLocalDate,
	liftableClosures,
	type IsoWeekday,
	type LocalDate
} from '$lib/booking/holidays';
import type { WeeklyOpening } from '$lib/booking/slots';
import {
	isLocalTime,
	timeToMinutes,
	zonedDateTimeToInstant,
	type LocalTime
} from '$lib/booking/time';
import { modes } from '$lib/server/db/schema';
import type { FormShape } from '$lib/server/forms';

export const SLOT_MINUTES_MIN = 15;
export const SLOT_MINUTES_MAX = 120;
export const MIN_NOTICE_MAX = 10;
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const satisfies readonly IsoWeekday[];
export const RANGES = [1, 2] as const;

/** Form field names of the weekly hours: `d1r1start`, `d1r1end`, … `d7r2end`. */
export const weeklyField = (weekday: number, range: number, bound: 'start' | 'end') =>
	`d${weekday}r${range}${bound}`;
export const weeklyFieldNames: string[] = WEEKDAYS.flatMap((d) =>
	RANGES.flatMap((r) => [weeklyField(d, r, 'start'), weeklyField(d, r, 'end')])
);

/** 'H:MM', 'HH:MM' or 'HHhMM' typed by a person → 'HH:MM' (then checked by isLocalTime). */
function normaliseTime(value: string): string {
	const m = /^\s*(\d{1,2})\s*[:hH]\s*(\d{2})\s*$/.exec(value);
	return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : value.trim();
}

const text = (max: number) => z.string().max(max, 'agendas:errors.tooLong').optional().default('');
const time = (required: string) =>
	z
		.string({ error: required })
		.max(10, 'agendas:errors.time')
		.transform(normaliseTime)
		.refine((v) => v !== '', required)
		.refine((v) => v === '' || isLocalTime(v), 'agendas:errors.time');
const date = z
	.string({ error: 'agendas:errors.date' })
	.max(10, 'agendas:errors.date')
	.transform((v) => v.trim())
	.refine(isLocalDate, 'agendas:errors.date');
const id = z
	.string({ error: 'agendas:errors.id' })
	.regex(/^[1-9]\d{0,9}$/, 'agendas:errors.id')
	.transform(Number);
const integer = (min: number, max: number, key: string) =>
	z
		.string({ error: key })
		.trim()
		.regex(/^\d{1,4}$/, key)
		.transform(Number)
		.pipe(z.number().min(min, key).max(max, key));

/** Weekly hours: per weekday up to two ranges; a range is both times or none. */
export const weeklySchema = z
	.object(
		Object.fromEntries(
			weeklyFieldNames.map((n) => [n, z.string().max(10, 'agendas:errors.time').optional()])
		)
	)
	.transform((values, ctx) => {
		const weekly: WeeklyOpening[] = [];
		for (const weekday of WEEKDAYS) {
			const ranges: { start: number; end: number; field: string }[] = [];
			for (const range of RANGES) {
				const startField = weeklyField(weekday, range, 'start');
				const endField = weeklyField(weekday, range, 'end');
				const start = normaliseTime(values[startField] ?? '');
				const end = normaliseTime(values[endField] ?? '');
				if (start === '' && end === '') continue;
				if (start === '' || end === '') {
					ctx.addIssue({
						code: 'custom',
						path: [start === '' ? startField : endField],
						message: 'agendas:errors.rangeIncomplete'
					});
					continue;
				}
				if (!isLocalTime(start) || !isLocalTime(end)) {
					ctx.addIssue({
						code: 'custom',
						path: [isLocalTime(start) ? endField : startField],
						message: 'agendas:errors.time'
					});
					continue;
				}
				if (timeToMinutes(end) <= timeToMinutes(start)) {
					ctx.addIssue({
						code: 'custom',
						path: [endField],
						message: 'agendas:errors.endBeforeStart'
					});
					continue;
				}
				const candidate = {
					start: timeToMinutes(start),
					end: timeToMinutes(end),
					field: startField
				};
				if (ranges.some((r) => r.start < candidate.end && candidate.start < r.end)) {
					ctx.addIssue({ code: 'custom', path: [startField], message: 'agendas:errors.overlap' });
					continue;
				}
				ranges.push(candidate);
				weekly.push({ weekday, start: start as LocalTime, end: end as LocalTime });
			}
		}
		return weekly;
	});

export const settingsSchema = z.object({
	slotMinutes: integer(SLOT_MINUTES_MIN, SLOT_MINUTES_MAX, 'agendas:errors.slotMinutes'),
	minNoticeDays: integer(0, MIN_NOTICE_MAX, 'agendas:errors.minNoticeDays')
});

export const openingSchema = z
	.object({
		date,
		start: time('agendas:errors.startRequired'),
		end: time('agendas:errors.endRequired')
	})
	.refine(
		(v) =>
			!isLocalTime(v.start) || !isLocalTime(v.end) || timeToMinutes(v.end) > timeToMinutes(v.start),
		{
			path: ['end'],
			message: 'agendas:errors.endBeforeStart'
		}
	);

export const absenceSchema = z.object({
	startDate: date,
	startTime: time('agendas:errors.startRequired'),
	endDate: date,
	endTime: time('agendas:errors.endRequired'),
	label: text(100)
});
export type AbsenceForm = z.infer<typeof absenceSchema>;

/** The instants of an absence typed as local dates and times of `timeZone` (DST-safe). */
export function absenceInstants(
	form: AbsenceForm,
	timeZone: string
):
	| { ok: true; start: Date; end: Date }
	| { ok: false; field: 'startTime' | 'endTime'; message: string } {
	const start = zonedDateTimeToInstant(form.startDate as LocalDate, form.startTime, timeZone);
	if (!start) return { ok: false, field: 'startTime', message: 'agendas:errors.nonexistentTime' };
	const end = zonedDateTimeToInstant(form.endDate as LocalDate, form.endTime, timeZone);
	if (!end) return { ok: false, field: 'endTime', message: 'agendas:errors.nonexistentTime' };
	if (end.getTime() <= start.getTime())
		return { ok: false, field: 'endTime', message: 'agendas:errors.endBeforeStart' };
	return { ok: true, start, end };
}

export const removeSchema = z.object({ id });
export const closureSchema = z.object({ date });
export const activeSchema = z.object({
	active: z.enum(['1', '0'], { error: 'agendas:errors.id' }).transform((v) => v === '1')
});
export const pointActiveSchema = activeSchema.extend({ id });
/** Opening (`open=1`) or closing again a default closure of 971/972 (ADR 038). */
export const defaultClosureSchema = z.object({
	holiday: z.enum(liftableClosures, { error: 'agendas:errors.defaultClosure' }),
	open: z.enum(['1', '0'], { error: 'agendas:errors.defaultClosure' }).transform((v) => v === '1')
});

export const createAgendaSchema = z
	.object({
		departement: z.enum(departementCodes as unknown as [string, ...string[]], {
			error: 'agendas:errors.departement'
		}),
		mode: z.enum(modes, { error: 'agendas:errors.mode' }),
		pointAccueil: z
			.string()
			.optional()
			.transform((v) => (v === undefined || v === '' ? null : v))
			.pipe(
				z.union([
					z.null(),
					z
						.string()
						.regex(/^[1-9]\d{0,9}$/, 'agendas:errors.pointAccueil')
						.transform(Number)
				])
			)
	})
	.refine((v) => (v.mode === 'accueil') === (v.pointAccueil !== null), {
		path: ['pointAccueil'],
		message: 'agendas:errors.pointAccueil'
	});

export const pointSchema = z.object({
	name: z
		.string({ error: 'agendas:errors.name' })
		.trim()
		.min(1, 'agendas:errors.name')
		.max(120, 'agendas:errors.tooLong'),
	address: z
		.string({ error: 'agendas:errors.address' })
		.trim()
		.min(1, 'agendas:errors.address')
		.max(300, 'agendas:errors.tooLong'),
	accessibility: z.string().trim().max(500, 'agendas:errors.tooLong').optional().default('')
});
export const pointUpdateSchema = pointSchema.extend({ id });
export const createPointSchema = pointSchema.extend({
	departement: z.enum(departementCodes as unknown as [string, ...string[]], {
		error: 'agendas:errors.departement'
	})
});

// ------------------------------------------------------------------ the forms of the agendas page

const pointFields = ['name', 'address', 'accessibility'];
/** A point's forms are named after its id (`point-12`), or `point` when the id is junk. */
const pointForm = (v: Record<string, string | undefined>) =>
	/^[1-9]\d{0,9}$/.test(v.id ?? '') ? `point-${v.id}` : 'point';
const closureForm = {
	form: (v: Record<string, string | undefined>) => `closure-${v.departement ?? ''}`,
	schema: closureSchema,
	fields: ['departement', 'date'],
	maxLength: 20,
	invalidKey: 'agendas:errors.date'
} satisfies FormShape<typeof closureSchema>;

/** Form shapes of the agendas page (ADR 030): which form, schema, fields, echoed fields, fallback message. */
export const departementForms = {
	createAgenda: {
		form: (v) => `agenda-${v.departement ?? ''}`,
		schema: createAgendaSchema,
		fields: ['departement', 'mode', 'pointAccueil'],
		maxLength: 20,
		invalidKey: 'agendas:errors.invalid'
	} satisfies FormShape<typeof createAgendaSchema>,
	createPoint: {
		form: (v) => `point-new-${v.departement ?? ''}`,
		schema: createPointSchema,
		fields: ['departement', ...pointFields],
		echo: ['departement', ...pointFields],
		maxLength: 1000,
		invalidKey: 'agendas:errors.invalid'
	} satisfies FormShape<typeof createPointSchema>,
	updatePoint: {
		form: pointForm,
		schema: pointUpdateSchema,
		fields: ['id', ...pointFields],
		echo: ['id', ...pointFields],
		maxLength: 1000,
		invalidKey: 'agendas:errors.invalid'
	} satisfies FormShape<typeof pointUpdateSchema>,
	pointActive: {
		form: pointForm,
		schema: pointActiveSchema,
		fields: ['id', 'active'],
		maxLength: 20,
		invalidKey: 'agendas:errors.id'
	} satisfies FormShape<typeof pointActiveSchema>,
	addClosure: { ...closureForm, echo: ['departement', 'date'] },
	removeClosure: closureForm,
	defaultClosure: {
		form: (v) => `default-closure-${v.departement ?? ''}`,
		schema: defaultClosureSchema,
		fields: ['departement', 'holiday', 'open'],
		maxLength: 20,
		invalidKey: 'agendas:errors.defaultClosure'
	} satisfies FormShape<typeof defaultClosureSchema>
};
