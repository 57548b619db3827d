/**
 * The login steps as use cases (ADR 010, 014, 030): the password step opens a session (fully
 * verified, or pending its second factor), the TOTP code step and the first TOTP set-up of an
 * administrateur end the pending session and open a verified one (a new token: no fixation).
 * Refusals are `Result`s: `throttled` (429, with the seconds to wait) or a locale key on its field.
 */
import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { enableTotp, totpCode } from '$lib/server/account/totp-setup';
import type { Executor } from '$lib/server/db/index';
import type { StaffSession, StaffUser } from '$lib/server/db/schema';
import type { FormShape } from '$lib/server/forms';
import { totpSetupForm } from '$lib/server/account/totp-setup';
import { ok, refused, type Refusal, type Result } from '$lib/server/result';
import { getStaffUser } from './accounts';
import { audit, safeRetour } from './guard';
import { attemptPasswordLogin, attemptTotp, type SecondStep } from './login';
import {
	createSession,
	generateSessionToken,
	invalidateSession,
	sessionCookieExpiry,
	validateSessionToken
} from './session';

const loginSchema = z.object({
	email: z
		.string()
		.trim()
		.toLowerCase()
		.min(1, 'staff:login.errors.emailRequired')
		.max(254, 'staff:login.errors.invalid'),
	password: z
		.string()
		.min(1, 'staff:login.errors.passwordRequired')
		.max(1024, 'staff:login.errors.invalid')
});
const codeSchema = z.object({ code: totpCode });

/** The password form (`retour` is read too: where to go once logged in). */
export const loginForm = {
	form: 'login',
	schema: loginSchema,
	fields: ['email', 'password', 'retour'],
	maxLength: 4096,
	invalidKey: 'staff:login.errors.invalid'
} satisfies FormShape<typeof loginSchema>;

/** The TOTP code form of the second step. */
export const loginCodeForm = {
	form: 'code',
	schema: codeSchema,
	fields: ['code', 'retour'],
	maxLength: 4096,
	invalidKey: 'staff:totp.errors.format'
} satisfies FormShape<typeof codeSchema>;

/** The first administrateur TOTP set-up at login (the account page's form, plus `retour`). */
export const loginSetupForm = {
	...totpSetupForm('setup'),
	fields: ['secret', 'code', 'retour'],
	maxLength: 4096
} satisfies FormShape<ReturnType<typeof totpSetupForm>['schema']>;

type Values = Record<string, string | undefined>;
/** Where a finished login goes (the posted `retour`, if safe). */
export const retourOf = (values: Values) => safeRetour(values.retour);
/** Back to the login page, keeping `retour` (second step pending, or gone). */
export const loginAgain = (values: Values) =>
	`/espace-pro/connexion?retour=${encodeURIComponent(retourOf(values))}`;
/**
 * What both second-step forms share (a throttled refusal says how long to wait): without a pending login for this step (gone, ended, or
 * the other step) back to the login page before reading anything else; once done, `retour`.
 */
export const secondStepFrame = {
	before: (values: Values, { pending }: { pending?: PendingLogin }) => {
		if (!pending) redirect(303, loginAgain(values));
	},
	redirect: (_value: unknown, { values }: { values: Values }) => retourOf(values),
	extra: ({ refusal }: { refusal?: Refusal }) => throttledMinutes(refusal)
};
/** A throttled step says how many minutes to wait (and nothing else). */
export const throttledMinutes = (refusal?: Refusal) =>
	refusal?.status === 429 ? { throttled: Math.ceil((refusal.seconds ?? 60) / 60) } : {};

const NOTICES = {
	expiree: 'expired',
	deconnecte: 'loggedOut',
	active: 'activated',
	reinitialise: 'reset'
} as const;
/** The notice of the login page's query (`?expiree=1` …), first in this order. */
export function loginNotice(query: URLSearchParams): (typeof NOTICES)[keyof typeof NOTICES] | null {
	const name = (Object.keys(NOTICES) as (keyof typeof NOTICES)[]).find(
		(key) => query.get(key) === '1'
	);
	return name ? NOTICES[name] : null;
}

/** A session just opened: the token for the cookie and the cookie's expiry. */
export interface OpenedSession {
	token: string;
	expiresAt: Date;
}

/** A login whose second factor is still to come. */
export interface PendingLogin {
	session: StaffSession;
	user: StaffUser;
}

async function openSession(
	db: Executor,
	userId: number,
	twoFactorVerified: boolean,
	now: Date
): Promise<OpenedSession> {
	const token = generateSessionToken();
	const session = await createSession(db, token, userId, { twoFactorVerified }, now);
	return { token, expiresAt: sessionCookieExpiry(session) };
}

/**
 * Step 1: e-mail and password (throttled, audited by `attemptPasswordLogin`). Opens a session,
 * verified when no second step follows; `next` says which step comes.
 */
export async function passwordStep(
	db: Executor,
	input: { email: string; password: string; ip: string },
	now: Date = new Date()
): Promise<Result<OpenedSession & { next: SecondStep }>> {
	const outcome = await attemptPasswordLogin(db, input, now);
	if (!outcome.ok) {
		return outcome.reason === 'throttled'
			? refused('throttled', 429, { seconds: outcome.seconds })
			: refused('staff:login.errors.invalid', 400, { field: 'email' });
	}
	return ok({
		...(await openSession(db, outcome.user.id, outcome.next === 'none', now)),
		next: outcome.next
	});
}

/** The login of a session cookie while its second factor is pending (else undefined). */
export async function pendingLogin(
	db: Executor,
	token: string | undefined,
	now: Date = new Date()
): Promise<PendingLogin | undefined> {
	const result = await validateSessionToken(db, token, now);
	if (!result.session || result.session.twoFactorVerified) return undefined;
	const user = await getStaffUser(db, result.user.id);
	return user ? { session: result.session, user } : undefined;
}

/** The pending login of a second step: the code step (`withTotp`) or the set-up step. */
export async function pendingStep(
	db: Executor,
	token: string | undefined,
	withTotp: boolean,
	now: Date = new Date()
): Promise<PendingLogin | undefined> {
	const pending = await pendingLogin(db, token, now);
	return pending && Boolean(pending.user.totpSecret) === withTotp ? pending : undefined;
}

/** Audits the successful second factor, ends the pending session and opens a verified one. */
async function finish(db: Executor, pending: PendingLogin, now: Date): Promise<OpenedSession> {
	await audit(
		db,
		{ userId: pending.user.id, action: 'login_success', details: { secondFactor: true } },
		now
	);
	await invalidateSession(db, pending.session.id);
	return openSession(db, pending.user.id, true, now);
}

/** Step 2: the TOTP code of an account that has one (throttled, no replay). */
export async function codeStep(
	db: Executor,
	pending: PendingLogin,
	input: { code: string; ip: string },
	now: Date = new Date()
): Promise<Result<OpenedSession>> {
	if (!pending.user.totpSecret) return refused('no_totp', 409);
	const outcome = await attemptTotp(
		db,
		{ user: pending.user, secret: pending.user.totpSecret, code: input.code, ip: input.ip },
		now
	);
	if (!outcome.ok) {
		if (outcome.reason === 'throttled')
			return refused('throttled', 429, { seconds: outcome.seconds });
		return refused(
			outcome.reason === 'reused' ? 'staff:totp.errors.reused' : 'staff:totp.errors.invalid',
			400,
			{ field: 'code' }
		);
	}
	return ok(await finish(db, pending, now));
}

/**
 * Step 2 for an administrateur without TOTP: the account page's set-up (`enableTotp`), then
 * the login ends like a code step.
 */
export async function setupStep(
	db: Executor,
	pending: PendingLogin,
	input: { secret: string; code: string; ip: string },
	now: Date = new Date()
): Promise<Result<OpenedSession>> {
	if (pending.user.totpSecret) return refused('totp_exists', 409);
	const outcome = await enableTotp(db, pending.user, input, now);
	if (!outcome.ok) return outcome;
	return ok(await finish(db, pending, now));
}

/** Leaves a pending second step: its session ends. */
export async function cancelLogin(db: Executor, pending: PendingLogin | undefined): Promise<void> {
	if (pending) await invalidateSession(db, pending.session.id);
}
