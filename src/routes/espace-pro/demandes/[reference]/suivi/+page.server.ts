import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { guardedAction } from '$lib/server/forms';
import { demandeInScope } from '$lib/server/staff/demande-page';
import { phoneForm, SUIVI_COMMENT_MAX } from '$lib/server/suivi/answer';
import { recordSuiviByPhone } from '$lib/server/suivi/staff';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/**
 * A follow-up obtained by phone (ADR 045): any staff member working the demande's
 * département. Another département's demande answers the same 404 as an unknown reference.
 */
async function scoped(event: Pick<RequestEvent, 'locals' | 'params' | 'url'>) {
	const ctx = requireStaff(event);
	const demande = await demandeInScope(getDb(), ctx, event.params.reference);
	if (!demande) error(404, 'Not found');
	return { ctx, demande };
}

export const load: PageServerLoad = async (event) => {
	const { demande } = await scoped(event);
	return { reference: demande.reference, commentMax: SUIVI_COMMENT_MAX };
};

/** The action's guard, run before the form is read. */
const inScope = (event: RequestEvent) => scoped(event);

export const actions: Actions = {
	default: guardedAction(inScope, {
		...phoneForm,
		run: (data, { ctx, demande }) =>
			recordSuiviByPhone(getDb(), ctx.user.id, demande, data, new Date()),
		extra: ({ lists }) => ({ autres: lists.autres ?? [] }),
		redirect: (_value, { context }) => `/espace-pro/demandes/${context.demande.reference}`
	})
};
