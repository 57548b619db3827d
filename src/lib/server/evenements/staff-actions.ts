import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { requireStaff, type StaffContext } from '$lib/server/auth/guard';
import { formAction } from '$lib/server/forms';
import type { Result } from '$lib/server/result';
import { managerRoles } from './staff';

const noFields = z.object({});

/**
 * A button of an évènement's back-office page (publish, cancel, follow-up): managers only,
 * no field, the use case's refusal shown on the page (ADR 030), else back with `?fait=`.
 */
export function staffAction<T>(
	done: string,
	run: (staff: StaffContext, event: RequestEvent, now: Date) => Promise<Result<T>>
) {
	return async (event: RequestEvent) => {
		const staff = requireStaff(event, { roles: managerRoles });
		return formAction(event, {
			form: done,
			schema: noFields,
			fields: [],
			run: () => run(staff, event, new Date()),
			redirect: () => `${event.url.pathname}?fait=${done}`
		});
	};
}
