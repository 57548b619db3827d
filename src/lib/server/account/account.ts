/** The account page of a staff member (espace-pro/compte): what it shows, "log out everywhere". */
import { audit, type StaffContext } from '$lib/server/auth/guard';
import { invalidateUserSessions } from '$lib/server/auth/session';
import type { Executor } from '$lib/server/db/index';
import type { StaffUser } from '$lib/server/db/schema';
import { totpSetupView } from './totp-setup';

export function accountView(staff: StaffContext, user: StaffUser) {
	return {
		name: staff.user.name,
		email: staff.user.email,
		role: staff.user.role,
		departements: staff.user.role === 'administrateur' ? [] : staff.departements,
		totpEnabled: user.totpSecret !== null,
		/** Administrateurs keep TOTP (mandatory for them). */
		canDisableTotp: user.totpSecret !== null && user.role !== 'administrateur',
		/** A fresh secret to set TOTP up, while the account has none. */
		setup: user.totpSecret ? null : totpSetupView(user.email)
	};
}

/** Every session of the account ends (this one included), audited. */
export async function logoutEverywhere(
	db: Executor,
	userId: number,
	now: Date = new Date()
): Promise<void> {
	await invalidateUserSessions(db, userId);
	await audit(db, { userId, action: 'logout_all' }, now);
}
