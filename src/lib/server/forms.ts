import type { z } from 'zod';

/**
 * Turns zod issues into `{ field: messageKey }` (first issue per field). Schemas carry
 * locale keys as messages; anything else (an unexpected issue) maps to a generic key.
 */
export function fieldErrors(error: z.ZodError, fallbackKey = 'common:form.invalid'): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of error.issues) {
		const field = String(issue.path[0] ?? 'form');
		if (errors[field]) continue;
		errors[field] = /^[a-z]+:[\w.]+$/.test(issue.message) ? issue.message : fallbackKey;
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
