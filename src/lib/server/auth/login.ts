import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { changedRows, type Executor } from '$lib/server/db/index';
import { staffUsers, type StaffUser } from '$lib/server/db/schema';
import { audit } from './guard';
import { DUMMY_HASH, verifyPassword } from './password';
import { recordFailure, recordSuccess, throttleCheck } from './throttle';
import { matchTotpStep } from './totp';

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

export async function findUserByEmail(db: Executor, email: string): Promise<StaffUser | undefined> {
	return (
		await db.select().from(staffUsers).where(eq(staffUsers.email, email.trim().toLowerCase()))
	)[0];
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
	const user = await findUserByEmail(db, input.email);
	const wait = await throttleCheck(db, subject, now);
	if (wait.seconds > 0) {
		await audit(
			db,
			{
				userId: user?.id ?? null,
				action: 'login_failure',
				details: { reason: 'throttled', rule: wait.rule }
			},
			now
		);
		return { ok: false, reason: 'throttled', seconds: wait.seconds };
	}
	const usable = user && user.passwordHash && user.disabledAt === null ? user : undefined;
	const valid = await verifyPassword(usable?.passwordHash ?? DUMMY_HASH, input.password);
	if (!usable || !valid) {
		await recordFailure(db, subject, now);
		await audit(
			db,
			{ userId: user?.id ?? null, action: 'login_failure', details: { reason: 'password' } },
			now
		);
		return { ok: false, reason: 'invalid' };
	}
	const next = secondStepFor(usable);
	if (next === 'none') {
		await recordSuccess(db, subject);
		await audit(
			db,
			{ userId: usable.id, action: 'login_success', details: { secondFactor: false } },
			now
		);
	}
	return { ok: true, user: usable, next };
}

export type TotpOutcome =
	| { ok: true }
	| { ok: false; reason: 'invalid' | 'reused' }
	| { ok: false; reason: 'throttled'; seconds: number };

/**
 * Accepts a code's time step only if it is later than the last accepted one, in one UPDATE
 * (two concurrent submissions of the same code: one wins). With `enable`, the same statement
 * stores the new secret, and only if the account has none yet (2FA setup).
 */
async function consumeTotpStep(
	db: Executor,
	userId: number,
	step: number,
	enable: string | undefined
): Promise<boolean> {
	const fresh = or(isNull(staffUsers.totpLastStep), lt(staffUsers.totpLastStep, step));
	const result = enable
		? await db
				.update(staffUsers)
				.set({ totpSecret: enable, totpLastStep: step })
				.where(and(eq(staffUsers.id, userId), isNull(staffUsers.totpSecret), fresh))
		: await db
				.update(staffUsers)
				.set({ totpLastStep: step })
				.where(and(eq(staffUsers.id, userId), fresh));
	return changedRows(result) === 1;
}

/**
 * The TOTP step (or the first TOTP code when setting it up, `enable: true`: the secret is then
 * stored by this call): same throttle as passwords. A code whose time step is not later than
 * the last accepted one (staff_users.totpLastStep) is refused as `reused` and counts as a failure.
 */
export async function attemptTotp(
	db: Executor,
	input: { user: StaffUser; secret: string; code: string; ip: string; enable?: boolean },
	now: Date = new Date()
): Promise<TotpOutcome> {
	const subject = { email: input.user.email, ip: input.ip };
	const wait = await throttleCheck(db, subject, now);
	if (wait.seconds > 0) {
		await audit(
			db,
			{
				userId: input.user.id,
				action: 'login_failure',
				details: { reason: 'throttled', step: 'totp', rule: wait.rule }
			},
			now
		);
		return { ok: false, reason: 'throttled', seconds: wait.seconds };
	}
	const step = matchTotpStep(input.secret, input.code, now);
	if (step === null) {
		await recordFailure(db, subject, now);
		await audit(
			db,
			{ userId: input.user.id, action: 'login_failure', details: { reason: 'totp' } },
			now
		);
		return { ok: false, reason: 'invalid' };
	}
	if (!(await consumeTotpStep(db, input.user.id, step, input.enable ? input.secret : undefined))) {
		await recordFailure(db, subject, now);
		await audit(
			db,
			{ userId: input.user.id, action: 'login_failure', details: { reason: 'totp_reused' } },
			now
		);
		return { ok: false, reason: 'reused' };
	}
	await recordSuccess(db, subject);
	return { ok: true };
}
