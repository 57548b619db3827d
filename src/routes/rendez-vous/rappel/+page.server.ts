import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import {
	contactFieldNames,
	contactLimits,
	contactShape,
	requireReachable
} from '$lib/booking/contact';
import { priorityReasonFor, rapidCallbackOffered } from '$lib/booking/priority';
import { bookingService } from '$lib/server/booking/context';
import { newManageToken } from '$lib/server/booking/service';
import { fieldErrors } from '$lib/server/forms';
import { currentDraft } from '$lib/server/questionnaire/context';
import {
	canShare,
	departementOptions,
	departementSchema,
	departementView,
	echoValues,
	parseQuery,
	prefilledDepartement,
	readForm,
	sharedResult,
	sourceOf,
	toContact,
	tokenSchema
} from '../booking.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * `?departement` (optional: else the person chooses), `?sansCreneau=1` (no free slot) and
 * `?prioritaire=1` (the rapid callback of the result page, ADR 035).
 */
const querySchema = z.object({
	departement: departementSchema.optional(),
	sansCreneau: z.literal('1').optional(),
	prioritaire: z.literal('1').optional()
});

/** The callback request form: contact fields, whether no slot was free, the manage-link token. */
const callbackSchema = z
	.object({
		...contactShape,
		sansCreneau: z.enum(['0', '1'], { error: 'booking:errors.form' }).default('0'),
		prioritaire: z.enum(['0', '1'], { error: 'booking:errors.form' }).default('0'),
		token: tokenSchema
	})
	.superRefine(requireReachable);
const CALLBACK_FIELDS = [...contactFieldNames, 'sansCreneau', 'prioritaire', 'token'] as const;

export const load: PageServerLoad = (event) => {
	const query = parseQuery(event.url, querySchema, ['departement', 'sansCreneau', 'prioritaire']);
	const draft = currentDraft(event);
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
		prefill: prefilledDepartement(event.url, draft),
		sansCreneau: query.sansCreneau === '1',
		token: newManageToken(),
		canShare: canShare(draft),
		limits: contactLimits,
		action: search.size > 0 ? `?${search}` : ''
	};
};

export const actions: Actions = {
	default: async (event) => {
		const raw = readForm(await event.request.formData(), CALLBACK_FIELDS);
		const values = echoValues(raw);
		const parsed = callbackSchema.safeParse(raw);
		if (!parsed.success) {
			const errors = fieldErrors(parsed.error, 'booking:errors.form');
			// A filled honeypot: a robot. A generic answer, nothing stored, nothing echoed.
			if (errors.website)
				return fail(400, {
					values: {} as Record<string, string | undefined>,
					errors: { form: 'booking:errors.rejected' } as Record<string, string>
				});
			return fail(400, { values, errors });
		}
		const form = parsed.data;
		const draft = currentDraft(event);
		const share = form.shareResult === 'oui' ? sharedResult(draft) : null;
		bookingService().requestCallback({
			departementCode: form.departement,
			source: sourceOf(draft, event.cookies),
			contact: toContact(form),
			share,
			locale: event.locals.locale,
			token: form.token,
			sansCreneau: form.sansCreneau === '1',
			// The reason is decided here from the stored result, never taken from the form.
			priority: form.prioritaire === '1' ? priorityReasonFor(draft?.result, share !== null) : null
		});
		redirect(303, `/rendez-vous/gerer/${form.token}?confirmation=1`);
	}
};
