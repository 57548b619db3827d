import { bookingService } from '$lib/server/booking/context';
import { choosePlace, chooseDay, groupByDay, placesOf } from '$lib/booking/day-choice';
import {
	departementView,
	parseQuery,
	slotQuerySchema,
	toSlotView
} from '$lib/server/rendez-vous/booking-forms';
import type { PageServerLoad } from './$types';

/**
 * The free slots of a département for a mode, within 14 days, one day at a time (ADR 037):
 * `?jour=YYYY-MM-DD` (default: the first day with free slots, `tous`: every day), and, for
 * in-person rendez-vous in a département with several points d'accueil, `?lieu=<id>` chosen
 * first. Both are plain links: the step works without JavaScript.
 */
export const load: PageServerLoad = async ({ url }) => {
	const query = parseQuery(url, slotQuerySchema, ['departement', 'mode']);
	const all = (await bookingService().freeSlots(query.departement, query.mode)).map(toSlotView);
	const places = placesOf(all);
	const place = choosePlace(places, url.searchParams.get('lieu'));
	// Several places and none chosen yet: the page asks for the place before the days.
	const slots = place ? all.filter((s) => s.point?.id === place.id) : places.length ? [] : all;
	const days = groupByDay(slots);
	const choice = chooseDay(days, url.searchParams.get('jour'));
	return {
		departement: departementView(query.departement),
		mode: query.mode,
		places,
		place,
		/** Every day with its number of free slots. */
		days: days.map((d) => ({ date: d.date, first: d.slots[0]!.start, free: d.slots.length })),
		first: slots[0] ?? null,
		all: choice.kind === 'all',
		day: choice.kind === 'day' ? choice.day.date : null,
		missed: choice.kind === 'day' && choice.missed,
		slots: choice.kind === 'all' ? slots : choice.kind === 'day' ? choice.day.slots : []
	};
};
