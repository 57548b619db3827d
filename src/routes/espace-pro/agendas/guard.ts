import { error, fail } from '@sveltejs/kit';
import { AgendaAccessError, AgendaChangeError } from '$lib/server/agendas/manage';

/**
 * Runs a change and maps its refusals: out of scope → 404 (existence not revealed), read-only
 * role → 403, an impossible change → fail(400) on the form `form` with a localized message.
 */
export function runChange(form: string, change: () => void) {
	try {
		change();
		return null;
	} catch (e) {
		if (e instanceof AgendaAccessError) error(e.status, e.status === 403 ? 'staff:errors.forbidden' : 'Not found');
		if (e instanceof AgendaChangeError) return fail(400, { form, errors: { [e.field]: e.key } as Record<string, string> });
		throw e;
	}
}

/** A positive integer from a route parameter, or 404. */
export function idParam(value: string): number {
	if (!/^[1-9]\d{0,9}$/.test(value)) error(404, 'Not found');
	return Number(value);
}
