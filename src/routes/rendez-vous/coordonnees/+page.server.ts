import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import {
	contactFieldNames,
	contactLimits,
	contactShape,
	requireReachable
} from '$lib/booking/contact';
import { bookingService } from '$lib/server/booking/context';
import { newManageToken } from '$lib/server/booking/service';
import { fieldErrors } from '$lib/server/forms';
import { currentDraft } from '$lib/server/questionnaire/context';
import {
	canShare,
	departementSchema,
	departementView,
	echoValues,
	modeSchema,
	parseQuery,
	readForm,
	sharedResult,
	slotSchema,
	sourceOf,
	toContact,
	toSlotView,
	tokenSchema
} from '../booking.server';
import { slotValue, type SlotView } from '../slot-view';
import type { Actions, PageServerLoad } from './$types';

const querySchema = z.object({
	departement: departementSchema,
	mode: modeSchema,
	slot: slotSchema
});

/** The booking form: contact fields, the slot, the manage-link token drawn by the load. */
const bookSchema = z
	.object({ ...contactShape, mode: modeSchema, slot: slotSchema, token: tokenSchema })
	.superRefine(requireReachable)
	.superRefine((data, ctx) => {
		// The conseiller calls the phone number; the visio link is sent by e-mail.
		if (data.mode === 'telephone' && data.telephone === undefined) {
			ctx.addIssue({
				code: 'custom',
				path: ['telephone'],
				message: 'booking:errors.telephoneForPhone'
			});
		}
		if (data.mode === 'visio' && data.email === undefined) {
			ctx.addIssue({ code: 'custom', path: ['email'], message: 'booking:errors.emailForVisio' });
		}
	});
const BOOK_FIELDS = [...contactFieldNames, 'mode', 'slot', 'token'] as const;

/**
 * Every refusal has the same shape: values to show again, errors, slots to choose instead, and
 * the limit reached (ADR 026: its message, shown with the callback request offered instead).
 */
function refuse(
	status: number,
	values: Record<string, string | undefined>,
	errors: Record<string, string>,
	nearest: SlotView[] | null = null,
	limit: string | null = null
) {
	return fail(status, { values, errors, nearest, limit });
}

export const load: PageServerLoad = (event) => {
	const query = parseQuery(event.url, querySchema, ['departement', 'mode', 'slot']);
	const service = bookingService();
	const agenda = service.agendaById(query.slot.agendaId);
	if (!agenda || agenda.departementCode !== query.departement || agenda.mode !== query.mode) {
		error(400, 'booking:errorPage.slot');
	}
	const free = service.freeSlots(query.departement, query.mode);
	const at = query.slot.start.getTime();
	const chosen = free.find((s) => s.agendaId === query.slot.agendaId && s.start.getTime() === at);
	const slot = slotValue(query.slot.agendaId, query.slot.start);
	return {
		departement: departementView(query.departement),
		mode: query.mode,
		slot,
		chosen: chosen ? toSlotView(chosen) : null,
		// Taken meanwhile (or past): the free slots closest to the one chosen.
		nearest: chosen
			? []
			: service.nearestFree(query.departement, query.mode, query.slot.start).map(toSlotView),
		token: newManageToken(),
		canShare: canShare(currentDraft(event)),
		limits: contactLimits,
		// The action keeps the query, so that the page shown after a refusal (without JS) is this one.
		action: `?${new URLSearchParams({ departement: query.departement, mode: query.mode, slot })}&/book`
	};
};

export const actions: Actions = {
	book: async (event) => {
		const raw = readForm(await event.request.formData(), BOOK_FIELDS);
		const values = echoValues(raw);
		const parsed = bookSchema.safeParse(raw);
		if (!parsed.success) {
			const errors = fieldErrors(parsed.error, 'booking:errors.form');
			// A filled honeypot: a robot. A generic answer, nothing stored, nothing echoed.
			if (errors.website) return refuse(400, {}, { form: 'booking:errors.rejected' });
			return refuse(400, values, errors);
		}
		const form = parsed.data;
		const service = bookingService();
		const agenda = service.agendaById(form.slot.agendaId);
		if (!agenda || agenda.departementCode !== form.departement || agenda.mode !== form.mode) {
			return refuse(400, values, { slot: 'booking:errors.slotInvalid' });
		}
		const draft = currentDraft(event);
		const outcome = service.book({
			departementCode: form.departement,
			source: sourceOf(draft, event.cookies),
			contact: toContact(form),
			share: form.shareResult === 'oui' ? sharedResult(draft) : null,
			locale: event.locals.locale,
			token: form.token,
			agendaId: form.slot.agendaId,
			start: form.slot.start,
			mode: form.mode,
			// The public is limited (ADR 026); a signed-in staff member booking for someone is not.
			requester: event.locals.staff
				? { public: false }
				: { public: true, address: event.getClientAddress() }
		});
		if (outcome.ok) redirect(303, `/rendez-vous/gerer/${form.token}?confirmation=1`);
		if (outcome.reason === 'limit_person' || outcome.reason === 'limit_address') {
			// Nothing stored; the page says why and offers the callback request instead.
			const person = outcome.reason === 'limit_person';
			return refuse(
				person ? 409 : 429,
				values,
				{},
				null,
				person ? 'booking:limits.person' : 'booking:limits.address'
			);
		}
		if (outcome.reason === 'slot_taken') {
			return refuse(
				409,
				values,
				{ slot: 'booking:errors.slotTaken' },
				outcome.nearest.map(toSlotView)
			);
		}
		// Past, outside the window or not a slot of this agenda: offer the closest free ones.
		const nearest = service.nearestFree(form.departement, form.mode, form.slot.start);
		return refuse(400, values, { slot: 'booking:errors.slotInvalid' }, nearest.map(toSlotView));
	}
};
