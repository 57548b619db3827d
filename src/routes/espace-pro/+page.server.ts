import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { formAction } from '$lib/server/forms';
import { inboxPage } from '$lib/server/staff/inbox-page';
import { assignMany, bulkAssignForm, bulkReportHref } from '$lib/server/staff/inbox-assign';
import type { Actions, PageServerLoad } from './$types';

/** The inbox: demandes of the staff member's départements only (scope applied in SQL). */
export const load: PageServerLoad = (event) =>
	inboxPage(getDb(), requireStaff(event), event.url.searchParams);

export const actions: Actions = {
	/** Several demandes to one agent, each by the demande page's rule; back to the list with a report. */
	assign: (event) =>
		formAction(
			event,
			{
				...bulkAssignForm,
				run: (data, ctx) => assignMany(getDb(), ctx, data.demandes, data.assignee),
				redirect: (report) => bulkReportHref(event.url.searchParams, report)
			},
			requireStaff(event)
		)
};
