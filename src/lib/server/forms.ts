import { error, fail, redirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import type { Refusal, Result } from './result';

/** A locale key (`namespace:path.to.key`): what schemas carry as messages. */
const LOCALE_KEY = /^[a-z]+:[\w.]+$/;

/**
 * Turns zod issues into `{ field: messageKey }` (first issue per field). Schemas carry
 * locale keys as messages; anything else (an unexpected issue) maps to a generic key.
 */
export function fieldErrors(
	error: z.ZodError,
	fallbackKey = 'common:form.invalid'
): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of error.issues) {
		const field = String(issue.path[0] ?? 'form');
		if (errors[field]) continue;
		errors[field] = LOCALE_KEY.test(issue.message) ? issue.message : fallbackKey;
	}
	return errors;
}

/**
 * Form fields as plain strings (a repeated field keeps its first value; a file or a missing
 * field is undefined). `maxLength` truncates, for fields that are only ever short (enums).
 */
export function formValues(
	data: FormData,
	names: readonly string[],
	maxLength = Number.POSITIVE_INFINITY
): Record<string, string | undefined> {
	const values: Record<string, string | undefined> = {};
	for (const name of names) {
		const value = data.get(name);
		values[name] = typeof value === 'string' ? value.slice(0, maxLength) : undefined;
	}
	return values;
}

/**
 * Multi-valued fields (checkboxes) as string lists: files dropped, each value truncated to
 * `maxLength`, at most `maxItems` values kept.
 */
export function formLists(
	data: FormData,
	names: readonly string[],
	maxLength = Number.POSITIVE_INFINITY,
	maxItems = 200
): Record<string, string[]> {
	const lists: Record<string, string[]> = {};
	for (const name of names) {
		lists[name] = data
			.getAll(name)
			.slice(0, maxItems)
			.filter((value): value is string => typeof value === 'string')
			.map((value) => value.slice(0, maxLength));
	}
	return lists;
}

/** What every refused form action answers: which form, `{ field: localeKey }`, the echoed values, and extras. */
export interface FormFailure {
	form: string;
	errors: Record<string, string>;
	values?: Record<string, string | undefined>;
	[extra: string]: unknown;
}

export interface FormActionSpec<S extends z.ZodType, T, C = undefined> {
	/** Which form of the page answers (several forms share a page), possibly named after a field. */
	form: string | ((values: Record<string, string | undefined>) => string);
	/** The form's schema (declared at module scope; messages are locale keys). */
	schema: S;
	/** Fields read from the request (strings, truncated to `maxLength`). */
	fields: readonly string[];
	maxLength?: number;
	/** Multi-valued fields (checkboxes), parsed as string lists (see `formLists`). */
	lists?: readonly string[];
	/** At most this many values per list (default 200). */
	maxItems?: number;
	/** Fields sent back on a refusal (never a password or a secret code). */
	echo?: readonly string[];
	/** Message for a schema issue whose message is not a locale key. */
	invalidKey?: string;
	/** How schema issues become `{ field: localeKey }` (default `fieldErrors`), e.g. to map reused messages to this form's own. */
	issues?: (error: z.ZodError) => Record<string, string>;
	/**
	 * A check on the raw fields before the schema, which may redirect (e.g. a login step whose
	 * pending session has gone: back to the start, keeping `retour`).
	 */
	before?: (values: Record<string, string | undefined>, context: C) => void;
	/** The use case, on the parsed data (and the guard's context). Refusals are results, not exceptions. */
	run: (
		data: z.output<S>,
		context: C,
		values: Record<string, string | undefined>
	) => Result<T> | Promise<Result<T>>;
	/** The locale key of a refusal (default: the reason if it is a key, else `invalidKey`). */
	message?: (refusal: Refusal) => string;
	/** Where to go after success (303). */
	redirect: (
		value: T,
		form: { data: z.output<S>; context: C; values: Record<string, string | undefined> }
	) => string;
	/**
	 * Extra failure data (e.g. the TOTP set-up to show again, minutes to wait). Spread last: it
	 * may replace `errors` or `values` (a public form's own echo, a honeypot's generic answer).
	 */
	extra?: (form: {
		values: Record<string, string | undefined>;
		lists: Record<string, string[]>;
		context: C;
		refusal?: Refusal;
	}) => Record<string, unknown>;
}

/** The declarative half of a spec (which form, schema, fields, messages): declared next to its use case. */
export type FormShape<S extends z.ZodType> = Pick<
	FormActionSpec<S, never>,
	| 'form'
	| 'schema'
	| 'fields'
	| 'maxLength'
	| 'lists'
	| 'maxItems'
	| 'echo'
	| 'invalidKey'
	| 'issues'
	| 'message'
>;

/**
 * The one frame of a form action (ADR 030): read the fields, parse them with the schema
 * (400 with `{ form, errors, values }`), run the use case, then 303 to `redirect`. A refusal
 * `not_found`/404 is the 404 page (existence not revealed), a 403 the forbidden page; any
 * other refusal is `fail(status)` with its translated key on its field (`form` when none).
 * Authorization stays with the caller: `requireStaff` before calling this.
 */
export async function formAction<S extends z.ZodType, T, C = undefined>(
	event: Pick<RequestEvent, 'request'>,
	spec: FormActionSpec<S, T, C>,
	context?: C
): Promise<ActionFailure<FormFailure>> {
	const invalidKey = spec.invalidKey ?? 'common:form.invalid';
	const body = await event.request.formData();
	const values = formValues(body, spec.fields, spec.maxLength);
	const lists = formLists(body, spec.lists ?? [], spec.maxLength, spec.maxItems);
	const echoed = spec.echo
		? Object.fromEntries(spec.echo.map((name) => [name, values[name]]))
		: undefined;
	spec.before?.(values, context as C);
	const form = typeof spec.form === 'string' ? spec.form : spec.form(values);
	const failure = (errors: Record<string, string>, refusal?: Refusal): FormFailure => ({
		form,
		errors,
		...(echoed ? { values: echoed } : {}),
		...spec.extra?.({ values, lists, context: context as C, refusal })
	});
	const parsed = spec.schema.safeParse({ ...values, ...lists });
	if (!parsed.success)
		return fail(
			400,
			failure(spec.issues ? spec.issues(parsed.error) : fieldErrors(parsed.error, invalidKey))
		);
	const outcome = await spec.run(parsed.data, context as C, values);
	if (outcome.ok)
		redirect(
			303,
			spec.redirect(outcome.value, { data: parsed.data, context: context as C, values })
		);
	return refusalToFailure(outcome, (refusal) =>
		failure({ [refusal.field ?? 'form']: messageOf(refusal) }, refusal)
	);

	function messageOf(refusal: Refusal): string {
		if (spec.message) return spec.message(refusal);
		return LOCALE_KEY.test(refusal.reason) ? refusal.reason : invalidKey;
	}
}

/** A refusal as SvelteKit answers it: 404/403 pages, else `fail(status, data)`. */
export function refusalToFailure<D extends Record<string, unknown>>(
	refusal: Refusal,
	data: (refusal: Refusal) => D
): ActionFailure<D> {
	if (refusal.status === 404) error(404, 'Not found');
	if (refusal.status === 403) error(403, 'staff:errors.forbidden');
	return fail(refusal.status, data(refusal));
}

/** A value from the first of `allowed` equal to `asked` (for `?fait=` banners), else null. */
export function pick<T extends string>(allowed: readonly T[], asked: string | null): T | null {
	return allowed.find((value) => value === asked) ?? null;
}

/**
 * A form action whose `guard` runs first (authorization: `requireStaff`, the object in scope;
 * it redirects or answers 403/404 by itself), then `formAction` with the guard's context.
 */
export function guardedAction<E extends Pick<RequestEvent, 'request'>, C, S extends z.ZodType, T>(
	guard: (event: E) => C | Promise<C>,
	spec: FormActionSpec<S, T, C>
): (event: E) => Promise<ActionFailure<FormFailure>> {
	return async (event) => formAction(event, spec, await guard(event));
}
