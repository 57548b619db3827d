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

/** Form fields as plain strings (a repeated field keeps its first value; files are ignored). */
export function formValues(data: FormData, names: readonly string[]): Record<string, string | undefined> {
	const values: Record<string, string | undefined> = {};
	for (const name of names) {
		const value = data.get(name);
		values[name] = typeof value === 'string' ? value.slice(0, 200) : undefined;
	}
	return values;
}
