/**
 * A staff member changes their own password (espace-pro/compte; ADR 010, 014, 030): the
 * current password is checked under the login throttle, the new one against the policy; then,
 * in one transaction, the hash is replaced, every session of the account ends and a fresh,
 * fully verified session opens for this browser (the route sets its cookie).
 */
import { z } from 'zod';
import { setPassword } from '$lib/server/auth/accounts';
import { audit } from '$lib/server/auth/guard';
import {
	confirmationMatches,
	newPasswordFields,
	hashPassword,
	passwordPolicyError,
	verifyPassword
} from '$lib/server/auth/password';
import {
	createSession,
	generateSessionToken,
	invalidateUserSessions,
	sessionCookieExpiry
} from '$lib/server/auth/session';
import { recordFailure, recordSuccess, throttleWaitSeconds } from '$lib/server/auth/throttle';
import type { Db } from '$lib/server/db/index';
import type { StaffUser } from '$lib/server/db/schema';
import type { FormShape } from '$lib/server/forms';
import { ok, refused, type Result } from '$lib/server/result';

const passwordChangeSchema = z
	.object({
		current: z
			.string()
			.min(1, 'staff:account.errors.current')
			.max(4096, 'staff:account.errors.current'),
		...newPasswordFields
	})
	.refine(...confirmationMatches);
/** The form of the account page (nothing is echoed back: they are passwords). */
export const passwordChangeForm = {
	form: 'password',
	schema: passwordChangeSchema,
	fields: ['current', 'password', 'confirmation'],
	maxLength: 4096,
	invalidKey: 'staff:password.required'
} satisfies FormShape<typeof passwordChangeSchema>;

/** Refusals are locale keys on their field (`current` or `password`). */
export async function changePassword(
	db: Db,
	user: StaffUser,
	input: { current: string; password: string; ip: string },
	now: Date = new Date()
): Promise<
	Result<{ token: string; /** When the cookie should expire (ADR 027). */ expiresAt: Date }>
> {
	const subject = { email: user.email, ip: input.ip };
	if ((await throttleWaitSeconds(db, subject, now)) > 0)
		return refused('staff:account.errors.throttled', 429, { field: 'current' });
	if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.current))) {
		await recordFailure(db, subject, now);
		await audit(
			db,
			{
				userId: user.id,
				action: 'password_change_failure',
				details: { reason: 'current_password' }
			},
			now
		);
		return refused('staff:account.errors.current', 400, { field: 'current' });
	}
	await recordSuccess(db, subject);
	const policy = passwordPolicyError(input.password, user);
	if (policy) return refused(policy, 400, { field: 'password' });
	const passwordHash = await hashPassword(input.password);
	const token = generateSessionToken();
	const session = await db.transaction(async (tx) => {
		await setPassword(tx, user.id, passwordHash);
		await invalidateUserSessions(tx, user.id);
		return createSession(tx, token, user.id, { twoFactorVerified: true });
	});
	await audit(db, { userId: user.id, action: 'password_changed' }, now);
	return ok({ token, expiresAt: sessionCookieExpiry(session) });
}
