/**
 * The callback request (`/rendez-vous/rappel`): what the page shows, the form's shape and the
 * use case (ADR 030). At least one way to reach the person (e-mail or phone).
 */
import { z } from 'zod';
import {
	contactFieldNames,
	contactLimits,
	contactShape,
	requireReachable
} from '$lib/booking/contact';
import { priorityReasonFor, rapidCallbackOffered } from '$lib/booking/priority';
import type { QuestionnaireDraft } from '$lib/server/db/schema';
import type { BookingService } from '$lib/server/booking/service';
import { newManageToken } from '$lib/server/booking/service';
import type { FormShape } from '$lib/server/forms';
import { evenementOfVisitor } from '$lib/server/evenements/follow-up';
import { ok, type Result } from '$lib/server/result';
import type { Visitor } from './book';
import {
	canShare,
	departementOptions,
	departementSchema,
	departementView,
	prefilledDepartement,
	sharedResult,
	sourceOf,
	toContact,
	tokenSchema
} from './booking-forms';

/**
 * `?departement` (optional: else the person chooses), `?sansCreneau=1` (no free slot) and
 * `?prioritaire=1` (the rapid callback of the result page, ADR 035).
 */
export const callbackQuerySchema = z.object({
	departement: departementSchema.optional(),
	sansCreneau: z.literal('1').optional(),
	prioritaire: z.literal('1').optional()
});
export const callbackQueryNames = ['departement', 'sansCreneau', 'prioritaire'] as const;

/** The callback request form: contact fields, whether no slot was free, the manage-link token. */
const callbackSchema = z
	.object({
		...contactShape,
		sansCreneau: z.enum(['0', '1'], { error: 'booking:errors.form' }).default('0'),
		prioritaire: z.enum(['0', '1'], { error: 'booking:errors.form' }).default('0'),
		token: tokenSchema
	})
	.superRefine(requireReachable);

export const callbackForm = {
	form: 'callback',
	schema: callbackSchema,
	fields: [...contactFieldNames, 'sansCreneau', 'prioritaire', 'token'],
	// The schemas bound every field far below this; it only caps what is read and echoed.
	maxLength: 1000,
	invalidKey: 'booking:errors.form'
} satisfies FormShape<typeof callbackSchema>;

/** The page: the département (fixed by the query, or chosen, pre-filled from the questionnaire). */
export function callbackPage(
	url: URL,
	query: z.output<typeof callbackQuerySchema>,
	draft: QuestionnaireDraft | undefined
) {
	const search = new URLSearchParams();
	if (query.departement) search.set('departement', query.departement);
	if (query.sansCreneau) search.set('sansCreneau', query.sansCreneau);
	// Offered only on a result with distress or a high risk; otherwise the ordinary form.
	const prioritaire = query.prioritaire === '1' && rapidCallbackOffered(draft?.result);
	if (prioritaire) search.set('prioritaire', '1');
	return {
		prioritaire,
		departement: query.departement ? departementView(query.departement) : null,
		departements: query.departement ? [] : departementOptions(),
		prefill: prefilledDepartement(url, draft),
		sansCreneau: query.sansCreneau === '1',
		token: newManageToken(),
		canShare: canShare(draft),
		limits: contactLimits,
		action: search.size > 0 ? `?${search}` : ''
	};
}

/** Records the callback request; its value is the manage token (the page to go to). */
export async function requestCallback(
	service: BookingService,
	form: z.output<typeof callbackSchema>,
	visitor: Pick<Visitor, 'draft' | 'cookies' | 'locale' | 'campagneId'>
): Promise<Result<string>> {
	const share = form.shareResult === 'oui' ? sharedResult(visitor.draft) : null;
	await service.requestCallback({
		departementCode: form.departement,
		source: sourceOf(visitor.draft, visitor.cookies),
		contact: toContact(form),
		share,
		locale: visitor.locale,
		token: form.token,
		sansCreneau: form.sansCreneau === '1',
		campagneId: visitor.campagneId ?? null,
		suiviConsent: form.suiviConsent === 'oui',
		evenementId: await evenementOfVisitor(visitor.cookies),
		// The reason is decided here from the stored result, never taken from the form.
		priority:
			form.prioritaire === '1' ? priorityReasonFor(visitor.draft?.result, share !== null) : null
	});
	return ok(form.token);
}
