import { bookingService } from '$lib/server/booking/context';
import {
	departementView,
	parseQuery,
	slotQuerySchema,
	toSlotView
} from '$lib/server/rendez-vous/booking-forms';
import type { PageServerLoad } from './$types';

/** The free slots of a département for a mode, within 14 days. */
export const load: PageServerLoad = ({ url }) => {
	const query = parseQuery(url, slotQuerySchema, ['departement', 'mode']);
	return {
		departement: departementView(query.departement),
		mode: query.mode,
		slots: bookingService().freeSlots(query.departement, query.mode).map(toSlotView)
	};
};
