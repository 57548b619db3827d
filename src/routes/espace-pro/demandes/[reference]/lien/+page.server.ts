import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { EMAIL_MAX } from '$lib/booking/contact';
import { canAccessDepartement, requireStaff, type StaffContext } from '$lib/server/auth/guard';
import { eventsConfigFromEnv } from '$lib/server/booking/events';
import { getDb } from '$lib/server/db/client';
import { demandes } from '$lib/server/db/schema';
import { fieldErrors, formValues } from '$lib/server/forms';
import { loadDemandeForStaff } from '$lib/server/staff/demande';
import { confirmedEmail, sendPersonalLink } from '$lib/server/staff/personal-link';
import type { Actions, PageServerLoad } from './$types';

/**
 * "Send the person their personal link" (ADR 024, docs/backoffice.md): any staff member working
 * the demande's département, whatever its status. Another département's demande answers the
 * same 404 as an unknown reference, as on the demande page.
 */
function demandeOf(event: Pick<RequestEvent<{ reference: string }>, 'locals' | 'url' | 'params'>): {
	ctx: StaffContext;
	reference: string;
	anonymised: boolean;
	prenom: string;
	nom: string;
} {
	const ctx = requireStaff(event);
	const db = getDb();
	const demande = loadDemandeForStaff(db, ctx.departements, event.params.reference);
	if (!demande || !canAccessDepartement(ctx, demande.departementCode)) error(404, 'Not found');
	const row = db
		.select({ anonymisedAt: demandes.anonymisedAt })
		.from(demandes)
		.where(eq(demandes.reference, demande.reference))
		.get();
	return {
		ctx,
		reference: demande.reference,
		anonymised: row?.anonymisedAt != null,
		prenom: demande.contact.prenom,
		nom: demande.contact.nom
	};
}

export const load: PageServerLoad = (event) => {
	const { reference, anonymised, prenom, nom } = demandeOf(event);
	return {
		reference,
		anonymised,
		person: anonymised ? null : { prenom, nom },
		emailMaxLength: EMAIL_MAX
	};
};

/** The form: the address confirmed with the person, and the staff member's word that it was. Messages are locale keys. */
const linkSchema = z.object({
	email: confirmedEmail,
	confirme: z.literal('oui', 'backoffice:personalLink.errors.confirm')
});

export const actions: Actions = {
	default: async (event) => {
		const { ctx, reference } = demandeOf(event);
		const values = formValues(await event.request.formData(), ['email', 'confirme'], EMAIL_MAX * 4);
		/** What the form shows again (never more than the field holds). */
		const echo = {
			email: (values.email ?? '').trim().slice(0, EMAIL_MAX),
			confirme: values.confirme === 'oui'
		};
		const parsed = linkSchema.safeParse(values);
		if (!parsed.success)
			return fail(400, { values: echo, errors: fieldErrors(parsed.error, 'common:form.invalid') });
		const config = eventsConfigFromEnv();
		const outcome = sendPersonalLink(getDb(), ctx, reference, parsed.data.email, {
			baseUrl: config.baseUrl,
			isDemo: config.isDemo
		});
		if (!outcome.ok) {
			if (outcome.status === 404) error(404, 'Not found');
			const errors =
				outcome.reason === 'invalid_email'
					? { email: 'backoffice:personalLink.errors.email' }
					: { form: `backoffice:personalLink.errors.${outcome.reason}` };
			return fail(outcome.status, { values: echo, errors });
		}
		redirect(303, `/espace-pro/demandes/${reference}?fait=lien-envoye`);
	}
};
