import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { departementByCode, departementCodes } from '$lib/departements/data';
import { parseLinkQuery, partnerTypes } from '$lib/partenaires/links';
import {
	orientationErrors,
	orientationFieldNames,
	orientationLimits,
	orientationShape
} from '$lib/partenaires/orientation';
import { requireReachable } from '$lib/booking/contact';
import { bookingService } from '$lib/server/booking/context';
import { formValues } from '$lib/server/forms';
import { logger } from '$lib/server/log';
import { generateToken, looksLikeToken } from '$lib/server/tokens';
import type { Actions, PageServerLoad } from './$types';

/**
 * The orientation form with its idempotency key (`token`): drawn when the form is shown,
 * posted back, so that a double submit finds the first demande instead of creating a second
 * (ADR 009). It is only that: the demande's manage token is drawn by the server and never
 * reaches the professional (ADR 024).
 */
const orientationFormSchema = z
	.object({
		...orientationShape,
		token: z
			.string({ error: 'partenaires:errors.form' })
			.refine(looksLikeToken, { error: 'partenaires:errors.form' })
	})
	.superRefine(requireReachable);

/** Where every accepted post ends, a robot's included. */
const MERCI = '/professionnels/orienter/merci';
/** What a failed post echoes back: never the honeypot nor the token, and bounded. */
const ECHO_MAX: Record<string, number> = { motif: 600 };

export const load: PageServerLoad = (event) => {
	// `?type=` and `?departement=` (from the page for professionals) pre-fill; unknown values are ignored.
	const query = parseLinkQuery(event.url);
	return {
		// An idempotency key, not a manage token (ADR 024).
		token: generateToken(),
		types: partnerTypes,
		departements: departementCodes.map((code) => ({
			code,
			name: departementByCode(code)?.name ?? code
		})),
		limits: orientationLimits,
		prefill: { type: query?.type, departement: query?.departement }
	};
};

export const actions: Actions = {
	default: async (event) => {
		const raw = formValues(await event.request.formData(), orientationFieldNames);
		// A filled honeypot: a robot. Answered like a success; nothing stored, nothing sent.
		if (raw.website !== undefined && raw.website !== '') {
			logger.warn('orientation honeypot filled', { requestId: event.locals.requestId });
			redirect(303, MERCI);
		}
		const parsed = orientationFormSchema.safeParse(raw);
		if (!parsed.success) {
			const values: Record<string, string | undefined> = {};
			for (const [name, value] of Object.entries(raw)) {
				if (name === 'website' || name === 'token') continue;
				values[name] = value?.slice(0, ECHO_MAX[name] ?? 300);
			}
			return fail(400, { values, errors: orientationErrors(parsed.error) });
		}
		const form = parsed.data;
		bookingService().requestCallback({
			departementCode: form.departement,
			source: form.type,
			contact: {
				nom: form.nom,
				prenom: form.prenom,
				email: form.email ?? null,
				telephone: form.telephone ?? null,
				nir: null,
				message: form.motif
			},
			share: null,
			locale: event.locals.locale,
			// The manage token: drawn here, stored hashed, given to nobody (ADR 024). The
			// professional's key only makes a replay find this demande.
			token: generateToken(),
			requestKey: form.token,
			sansCreneau: false,
			orienteur: {
				type: form.type,
				nom: form.proNom,
				structure: form.proStructure ?? '',
				email: form.proEmail,
				telephone: form.proTelephone ?? null
			}
		});
		redirect(303, MERCI);
	}
};
