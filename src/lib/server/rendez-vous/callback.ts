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
import type { QuestionnaireDraft } from '$lib/server/db/schema';
import type { BookingService } from '$lib/server/booking/service';
import { newManageToken } from '$lib/server/booking/service';
import type { FormShape } from '$lib/server/forms';
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

/** `?departement` (optional: else the person chooses) and `?sansCreneau=1` (no free slot). */
export const callbackQuerySchema = z.object({
	departement: departementSchema.optional(),
	sansCreneau: z.literal('1').optional()
});
export const callbackQueryNames = ['departement', 'sansCreneau'] as const;

/** The callback request form: contact fields, whether no slot was free, the manage-link token. */
const callbackSchema = z
	.object({
		...contactShape,
		sansCreneau: z.enum(['0', '1'], { error: 'booking:errors.form' }).default('0'),
		token: tokenSchema
	})
	.superRefine(requireReachable);

export const callbackForm = {
	form: 'callback',
	schema: callbackSchema,
	fields: [...contactFieldNames, 'sansCreneau', 'token'],
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
	return {
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
export function requestCallback(
	service: BookingService,
	form: z.output<typeof callbackSchema>,
	visitor: Pick<Visitor, 'draft' | 'cookies' | 'locale'>
): Result<string> {
	service.requestCallback({
		departementCode: form.departement,
		source: sourceOf(visitor.draft, visitor.cookies),
		contact: toContact(form),
		share: form.shareResult === 'oui' ? sharedResult(visitor.draft) : null,
		locale: visitor.locale,
		token: form.token,
		sansCreneau: form.sansCreneau === '1'
	});
	return ok(form.token);
}
