import { eq } from 'drizzle-orm';
import type { Executor } from '$lib/server/db/index';
import { staffUsers, type StaffUser } from '$lib/server/db/schema';
import { audit } from './guard';
import { DUMMY_HASH, verifyPassword } from './password';
import { recordFailure, recordSuccess, throttleWaitSeconds } from './throttle';
import { verifyTotpCode } from './totp';

/** What the password step leads to: done, a TOTP code to type, or a TOTP to set up first. */
export type SecondStep = 'none' | 'totp' | 'totp_setup';

export type LoginOutcome =
	| { ok: true; user: StaffUser; next: SecondStep }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; seconds: number };

export function secondStepFor(user: Pick<StaffUser, 'role' | 'totpSecret'>): SecondStep {
	if (user.totpSecret) return 'totp';
	return user.role === 'administrateur' ? 'totp_setup' : 'none';
}

export function findUserByEmail(db: Executor, email: string): StaffUser | undefined {
	return db.select().from(staffUsers).where(eq(staffUsers.email, email.trim().toLowerCase())).get();
}

/**
 * The password step. Always runs one argon2 verification (against a dummy hash for an
 * unknown, disabled or not yet activated account) so that timing tells nothing; every
 * outcome is audited with the user id when known, never with the typed address.
 */
export async function attemptPasswordLogin(
	db: Executor,
	input: { email: string; password: string; ip: string },
	now: Date = new Date()
): Promise<LoginOutcome> {
	const subject = { email: input.email, ip: input.ip };
	const user = findUserByEmail(db, input.email);
	const wait = throttleWaitSeconds(db, subject, now);
	if (wait > 0) {
		audit(db, { userId: user?.id ?? null, action: 'login_failure', details: { reason: 'throttled' } }, now);
		return { ok: false, reason: 'throttled', seconds: wait };
	}
	const usable = user && user.passwordHash && user.disabledAt === null ? user : undefined;
	const valid = await verifyPassword(usable?.passwordHash ?? DUMMY_HASH, input.password);
	if (!usable || !valid) {
		recordFailure(db, subject, now);
		audit(db, { userId: user?.id ?? null, action: 'login_failure', details: { reason: 'password' } }, now);
		return { ok: false, reason: 'invalid' };
	}
	const next = secondStepFor(usable);
	if (next === 'none') {
		recordSuccess(db, subject);
		audit(db, { userId: usable.id, action: 'login_success', details: { secondFactor: false } }, now);
	}
	return { ok: true, user: usable, next };
}

/** The TOTP step (or the first TOTP code when setting it up): same throttle as passwords. */
export function attemptTotp(
	db: Executor,
	input: { user: StaffUser; secret: string; code: string; ip: string },
	now: Date = new Date()
): { ok: true } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; seconds: number } {
	const subject = { email: input.user.email, ip: input.ip };
	const wait = throttleWaitSeconds(db, subject, now);
	if (wait > 0) {
		audit(db, { userId: input.user.id, action: 'login_failure', details: { reason: 'throttled', step: 'totp' } }, now);
		return { ok: false, reason: 'throttled', seconds: wait };
	}
	if (!verifyTotpCode(input.secret, input.code)) {
		recordFailure(db, subject, now);
		audit(db, { userId: input.user.id, action: 'login_failure', details: { reason: 'totp' } }, now);
		return { ok: false, reason: 'invalid' };
	}
	recordSuccess(db, subject);
	return { ok: true };
}
