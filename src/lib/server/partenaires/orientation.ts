/**
 * The orientation form's use case (`/professionnels/orienter`, ADR 016 and 024): a
 * professional asks the service social to call a person back, with the person's agreement.
 * The form's shape is here, next to the use case (ADR 030); the route is wiring.
 */
import { z } from 'zod';
import { requireReachable } from '$lib/booking/contact';
import { departementByCode, departementCodes } from '$lib/departements/data';
import { parseLinkQuery, partnerTypes } from '$lib/partenaires/links';
import {
	orientationErrors,
	orientationFieldNames,
	orientationLimits,
	orientationShape
} from '$lib/partenaires/orientation';
import type { BookingService } from '$lib/server/booking/service';
import type { FormShape } from '$lib/server/forms';
import { ok, type Result } from '$lib/server/result';
import { generateToken, looksLikeToken } from '$lib/server/tokens';

/** Where every accepted post ends, a robot's included. */
export const MERCI = '/professionnels/orienter/merci';

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

export const orientationForm = {
	form: 'orientation',
	schema: orientationFormSchema,
	fields: orientationFieldNames,
	// The schema bounds every field far below this; it only caps what is read.
	maxLength: 1000,
	invalidKey: 'partenaires:errors.form',
	// The person's fields reuse the booking rules: their messages become this form's own.
	issues: orientationErrors
} satisfies FormShape<typeof orientationFormSchema>;

/** A filled honeypot: a robot (answered like a success by the route, nothing stored). */
export const isTrapped = (values: Record<string, string | undefined>) =>
	values.website !== undefined && values.website !== '';

/** What a failed post echoes back: never the honeypot nor the token, and bounded. */
export function orientationEcho(values: Record<string, string | undefined>): {
	values: Record<string, string | undefined>;
} {
	const echoed: Record<string, string | undefined> = {};
	for (const [name, value] of Object.entries(values)) {
		if (name === 'website' || name === 'token') continue;
		echoed[name] = value?.slice(0, name === 'motif' ? 600 : 300);
	}
	return { values: echoed };
}

/**
 * The page: `?type=` and `?departement=` (from the page for professionals) pre-fill; unknown
 * values are ignored. Nothing is pre-selected otherwise: who orients is the professional's
 * own answer (a default would skew the source statistics).
 */
export function orientationPage(url: URL) {
	const query = parseLinkQuery(url);
	// The link query defaults its type (médecin traitant, for links and QR codes): not here.
	const typeAsked = Boolean(url.searchParams.get('type'));
	return {
		// An idempotency key, not a manage token (ADR 024).
		token: generateToken(),
		types: partnerTypes,
		departements: departementCodes.map((code) => ({
			code,
			name: departementByCode(code)?.name ?? code
		})),
		limits: orientationLimits,
		prefill: { type: typeAsked ? query?.type : undefined, departement: query?.departement }
	};
}

/** Records the callback request on the professional's behalf. */
export async function orient(
	service: BookingService,
	form: z.output<typeof orientationFormSchema>,
	locale: string
): Promise<Result> {
	await service.requestCallback({
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
		locale,
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
	return ok();
}
