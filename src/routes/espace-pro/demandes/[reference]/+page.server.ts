import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { pick } from '$lib/server/forms';
import { demandeActions } from '$lib/server/staff/demande-actions';
import { messagesOf } from '$lib/server/staff/messages';
import { suiviStatus } from '$lib/server/suivi/staff';
import { DEMANDE_DONE, demandeInScope, demandePage } from '$lib/server/staff/demande-page';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** One demande. Another département's demande answers the same 404 as an unknown reference. */
export const load: PageServerLoad = async (event) => {
	const ctx = requireStaff(event);
	const page = await demandePage(getDb(), ctx, event.params.reference, new Date());
	if (!page.ok) error(404, 'Not found');
	return {
		...page.value,
		me: ctx.user.id,
		messages: await messagesOf(getDb(), event.params.reference),
		done: pick(DEMANDE_DONE, event.url.searchParams.get('fait')),
		suivi: await suiviStatus(getDb(), event.params.reference, new Date())
	};
};

/** A staff member and a demande in their scope (else 404, before reading the form). */
async function inScope(event: RequestEvent) {
	const ctx = requireStaff(event);
	const reference = event.params.reference;
	if (!(await demandeInScope(getDb(), ctx, reference))) error(404, 'Not found');
	return { ctx, reference };
}

export const actions: Actions = demandeActions(inScope);
