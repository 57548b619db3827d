/**
 * A page with several forms gets back the failure of the one that was just posted
 * (ADR 030: `{ form, errors, values }`). These pick that form's errors and echoed values,
 * and give nothing for the page's other forms.
 */
type Posted =
	{ form?: unknown; errors?: Record<string, string>; values?: unknown } | null | undefined;

export function errorsOf(posted: Posted, name: string): Record<string, string> {
	return posted && posted.form === name ? (posted.errors ?? {}) : {};
}

export function valuesOf(posted: Posted, name: string): Record<string, string | undefined> {
	return posted && posted.form === name && posted.values && typeof posted.values === 'object'
		? (posted.values as Record<string, string | undefined>)
		: {};
}
