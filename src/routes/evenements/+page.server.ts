import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/client';
import {
	byInvitationCode,
	codeQuerySchema,
	departementChoices,
	departementQuerySchema,
	sourceQuerySchema,
	upcoming
} from '$lib/server/evenements/public';
import type { PageServerLoad } from './$types';

/** Upcoming évènements of a département (GET form); an invitation code opens its évènement. */
export const load: PageServerLoad = async ({ url, locals }) => {
	const db = getDb();
	const code = codeQuerySchema.parse(url.searchParams.get('code') ?? undefined);
	const source = sourceQuerySchema.parse(url.searchParams.get('source') ?? undefined);
	if (code) {
		const invited = await byInvitationCode(db, code);
		if (invited) redirect(303, `/evenements/${invited.id}?code=${code}&source=invitation`);
	}
	const departement = departementQuerySchema.parse(
		url.searchParams.get('departement') ?? undefined
	);
	return {
		departement: departement ?? null,
		departements: departementChoices(),
		source,
		codeUnknown: Boolean(code),
		evenements: await upcoming(db, departement, locals.locale, new Date())
	};
};
