import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { eventsConfigFromEnv } from '$lib/server/booking/events';
import { getDb } from '$lib/server/db/client';
import { guardedAction } from '$lib/server/forms';
import { demandeInScope } from '$lib/server/staff/demande-page';
import {
	personalLinkForm,
	personalLinkPage,
	sendPersonalLink
} from '$lib/server/staff/personal-link';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/**
 * "Send the person their personal link" (ADR 024, docs/backoffice.md): any staff member working
 * the demande's département, whatever its status. Another département's demande answers the
 * same 404 as an unknown reference, as on the demande page.
 */
export const load: PageServerLoad = async (event) => {
	const page = await personalLinkPage(getDb(), requireStaff(event), event.params.reference);
	if (!page) error(404, 'Not found');
	return page;
};

/** A staff member and a demande in their scope (else 404, before reading the form). */
async function inScope(event: RequestEvent) {
	const ctx = requireStaff(event);
	if (!(await demandeInScope(getDb(), ctx, event.params.reference))) error(404, 'Not found');
	return { ctx, reference: event.params.reference };
}

export const actions: Actions = {
	default: guardedAction(inScope, {
		...personalLinkForm,
		run: async (data, { ctx, reference }) => {
			const { baseUrl, isDemo } = eventsConfigFromEnv();
			const outcome = await sendPersonalLink(getDb(), ctx, reference, data.email, {
				baseUrl,
				isDemo
			});
			return outcome.ok ? { ok: true, value: reference } : outcome;
		},
		redirect: (reference) => `/espace-pro/demandes/${reference}?fait=lien-envoye`
	})
};
