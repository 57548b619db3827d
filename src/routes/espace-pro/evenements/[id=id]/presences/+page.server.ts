import { error, type RequestEvent } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { guardedAction, pick } from '$lib/server/forms';
import { attendanceSchema, attendeeList, recordAttendance } from '$lib/server/evenements/staff';
import { awaitingPhoneSuivi } from '$lib/server/suivi/inscription-phone';
import type { Actions, PageServerLoad } from './$types';

/**
 * The attendee checklist (a read of personal data: audited, ADR 043), with a link to record
 * the follow-up obtained by phone where the person agreed and has not answered (ADR 045).
 */
export const load: PageServerLoad = async (event) => {
	const staff = requireStaff(event);
	const list = await attendeeList(getDb(), staff, Number(event.params.id), new Date());
	if (!list.ok) error(404, 'Not found');
	const { evenement, inscriptions } = list.value;
	const phoneSuivi = await awaitingPhoneSuivi(getDb(), inscriptions);
	return {
		done: pick(['suivi'] as const, event.url.searchParams.get('fait')),
		id: evenement.id,
		title: evenement.titleFr,
		status: evenement.status,
		inscriptions: inscriptions.map((i) => ({
			id: i.id,
			name: i.name,
			status: i.status,
			places: i.places,
			participantKind: i.participantKind,
			attendance: i.attendance,
			phoneSuivi: phoneSuivi.has(i.id)
		}))
	};
};

const staffOf = (event: RequestEvent) => ({
	staff: requireStaff(event),
	id: Number(event.params.id)
});

export const actions: Actions = {
	default: guardedAction(staffOf, {
		form: 'presences',
		schema: attendanceSchema,
		fields: [],
		lists: ['present'],
		maxItems: 5000,
		invalidKey: 'evenements:staff.errors.form',
		run: (form, { staff, id }) => recordAttendance(getDb(), staff, id, form.present, new Date()),
		redirect: (_, { context }) => `/espace-pro/evenements/${context.id}?fait=presences`
	})
};
