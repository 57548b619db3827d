import type { LayoutServerLoad } from './$types';

/**
 * Only what the back-office menu needs. This is not an authorization: every load and action
 * of the back-office calls `requireStaff` itself (a layout load does not guard actions).
 */
export const load: LayoutServerLoad = ({ locals }) => ({
	staffMenu: locals.staff ? { name: locals.staff.user.name, role: locals.staff.user.role } : null
});
