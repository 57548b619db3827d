import { error, type RequestEvent } from '@sveltejs/kit';
import { campagneOf } from '$lib/server/campagnes/attribution';
import { getDb } from '$lib/server/db/client';
import { guardedAction } from '$lib/server/forms';
import { inscriptionForm, registerFromForm } from '$lib/server/evenements/forms';
import { codeQuerySchema, evenementPage, sourceQuerySchema } from '$lib/server/evenements/public';
import type { Actions, PageServerLoad } from './$types';

/** An évènement's page and its registration form (a draft, or an invitation without its code: 404). */
export const load: PageServerLoad = async ({ params, url, locals }) => {
	const code = codeQuerySchema.parse(url.searchParams.get('code') ?? undefined);
	const page = await evenementPage(getDb(), Number(params.id), code, locals.locale, new Date());
	if (!page) error(404, 'evenements:errors.notFound');
	return {
		...page,
		code: code ?? null,
		source: sourceQuerySchema.parse(url.searchParams.get('source') ?? undefined)
	};
};

const visitor = async (event: RequestEvent) => ({
	id: Number(event.params.id),
	locale: event.locals.locale,
	campagneId: await campagneOf(getDb(), { cookies: event.cookies }, new Date())
});

export const actions: Actions = {
	register: guardedAction(visitor, {
		...inscriptionForm,
		run: (form, who) => registerFromForm(who.id, form, who.locale, who.campagneId),
		redirect: (token) => `/evenements/inscription/${token}?confirmation=1`
	})
};
