/**
 * The contact step of a booking (`/rendez-vous/coordonnees`): what the page shows for the
 * chosen slot, the form's shape, and the booking use case (ADR 030: a `Result`, refusals are
 * values). The route is wiring: parse the query, call these, let the form frame answer.
 */
import type { Cookies } from '@sveltejs/kit';
import { z } from 'zod';
import {
	contactFieldNames,
	contactLimits,
	contactShape,
	requireReachableFor
} from '$lib/booking/contact';
import { reachRuleFor } from '$lib/booking/reach';
import { slotValue, type SlotView } from '$lib/booking/slot-view';
import type { Mode } from '$lib/vocabulary';
import type { QuestionnaireDraft } from '$lib/server/db/schema';
import type { BookingService, Requester } from '$lib/server/booking/service';
import { newManageToken } from '$lib/server/booking/service';
import type { FormShape } from '$lib/server/forms';
import { evenementOfVisitor } from '$lib/server/evenements/follow-up';
import { ok, refused, type Refusal, type Result } from '$lib/server/result';
import {
	canShare,
	departementSchema,
	departementView,
	echoValues,
	modeSchema,
	sharedResult,
	slotSchema,
	sourceOf,
	toContact,
	toSlotView,
	tokenSchema
} from './booking-forms';

/** The page's query: the département, the mode and the slot chosen on the slot list. */
export const contactQuerySchema = z.object({
	departement: departementSchema,
	mode: modeSchema,
	slot: slotSchema
});
export const contactQueryNames = ['departement', 'mode', 'slot'] as const;
type ContactQuery = z.output<typeof contactQuerySchema>;

/**
 * The booking form: contact fields, the slot, the manage-link token drawn by the load. The way
 * to reach the person depends on the mode (`reachRuleFor`), as the page says before sending.
 */
const bookSchema = z
	.object({ ...contactShape, mode: modeSchema, slot: slotSchema, token: tokenSchema })
	.superRefine(requireReachableFor);
const BOOK_FIELDS = [...contactFieldNames, 'mode', 'slot', 'token'] as const;

export const bookForm = {
	form: 'book',
	schema: bookSchema,
	fields: BOOK_FIELDS,
	// The schemas bound every field far below this; it only caps what is read and echoed.
	maxLength: 1000,
	invalidKey: 'booking:errors.form'
} satisfies FormShape<typeof bookSchema>;

/** A refused booking: slots to choose instead, or the limit reached (ADR 026). */
type BookRefusal = Refusal & { nearest?: SlotView[]; limit?: string };

/**
 * What every refused booking or callback form sends back besides its `form`: the values to
 * show again (never the NIR, the honeypot or the token), the errors, the slots to choose
 * instead and the limit reached. A filled honeypot (a robot) gets a generic answer with
 * nothing echoed; a limit is said by its own alert, not in the error summary.
 */
export function publicFailure({
	values,
	refusal
}: {
	values: Record<string, string | undefined>;
	refusal?: Refusal;
}): Record<string, unknown> {
	if (values.website)
		return { values: {}, errors: { form: 'booking:errors.rejected' }, nearest: null, limit: null };
	const { nearest = null, limit = null } = (refusal ?? {}) as Partial<BookRefusal>;
	return { values: echoValues(values), nearest, limit, ...(limit ? { errors: {} } : {}) };
}

/** The contact step for the query's slot: the slot if still free, else the nearest free ones. */
export async function contactStep(
	service: BookingService,
	query: ContactQuery,
	draft: QuestionnaireDraft | undefined
) {
	const agenda = await service.agendaById(query.slot.agendaId);
	if (!agenda || agenda.departementCode !== query.departement || agenda.mode !== query.mode)
		return refused('booking:errorPage.slot');
	const at = query.slot.start.getTime();
	const chosen = (await service.freeSlots(query.departement, query.mode)).find(
		(s) => s.agendaId === query.slot.agendaId && s.start.getTime() === at
	);
	const slot = slotValue(query.slot.agendaId, query.slot.start);
	return ok({
		departement: departementView(query.departement),
		mode: query.mode,
		slot,
		chosen: chosen ? toSlotView(chosen) : null,
		// Taken meanwhile (or past): the free slots closest to the one chosen.
		nearest: chosen
			? []
			: (await service.nearestFree(query.departement, query.mode, query.slot.start)).map(
					toSlotView
				),
		token: newManageToken(),
		canShare: canShare(draft),
		limits: contactLimits,
		reach: reachRuleFor(query.mode),
		// The action keeps the query, so that the page shown after a refusal (without JS) is this one.
		action: `?${new URLSearchParams({ departement: query.departement, mode: query.mode, slot })}&/book`
	});
}

/** Who is booking, read from the request by the route. */
export interface Visitor {
	draft: QuestionnaireDraft | undefined;
	cookies: Cookies;
	locale: string;
	/** The public is limited (ADR 026); a signed-in staff member booking for someone is not. */
	requester: Requester;
	/** The outreach campaign the person came by (ADR 044, `campagneOf`), if any. */
	campagneId?: number | null;
}

/** Books the posted slot; its value is the manage token (the page to go to). */
export async function bookRendezVous(
	service: BookingService,
	form: z.output<typeof bookSchema>,
	visitor: Visitor
): Promise<Result<string>> {
	const agenda = await service.agendaById(form.slot.agendaId);
	if (!agenda || agenda.departementCode !== form.departement || agenda.mode !== form.mode)
		return refused('booking:errors.slotInvalid', 400, { field: 'slot' });
	const outcome = await service.book({
		departementCode: form.departement,
		source: sourceOf(visitor.draft, visitor.cookies),
		contact: toContact(form),
		share: form.shareResult === 'oui' ? sharedResult(visitor.draft) : null,
		locale: visitor.locale,
		token: form.token,
		agendaId: form.slot.agendaId,
		start: form.slot.start,
		mode: form.mode,
		requester: visitor.requester,
		campagneId: visitor.campagneId ?? null,
		suiviConsent: form.suiviConsent === 'oui',
		evenementId: await evenementOfVisitor(visitor.cookies)
	});
	if (outcome.ok) return ok(form.token);
	// Nothing stored; the page says why and offers the callback request instead.
	if (outcome.reason === 'limit_person') return limitRefusal('booking:limits.person', 409);
	if (outcome.reason === 'limit_address') return limitRefusal('booking:limits.address', 429);
	if (outcome.reason === 'slot_taken')
		return slotRefusal('booking:errors.slotTaken', 409, outcome.nearest.map(toSlotView));
	// Past, outside the window or not a slot of this agenda: offer the closest free ones.
	const nearest = await service.nearestFree(form.departement, form.mode as Mode, form.slot.start);
	return slotRefusal('booking:errors.slotInvalid', 400, nearest.map(toSlotView));
}

const limitRefusal = (limit: string, status: 409 | 429): BookRefusal => ({
	...refused(limit, status),
	limit
});
const slotRefusal = (reason: string, status: 400 | 409, nearest: SlotView[]): BookRefusal => ({
	...refused(reason, status, { field: 'slot' }),
	nearest
});
