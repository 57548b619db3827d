/**
 * Setting up TOTP (ADR 014, 030): the same use case on the account page (anyone, optional)
 * and at login (administrateurs, mandatory). The secret travels in the form (it is stored only
 * once a code from it is accepted); a malformed one is replaced by a fresh one.
 */
import { z } from 'zod';
import { setTotpSecret } from '$lib/server/auth/accounts';
import { audit } from '$lib/server/auth/guard';
import { attemptTotp } from '$lib/server/auth/login';
import { generateTotpSecret, isTotpSecret, totpKeyUri } from '$lib/server/auth/totp';
import type { Executor } from '$lib/server/db/index';
import type { StaffUser } from '$lib/server/db/schema';
import type { FormShape } from '$lib/server/forms';
import { ok, refused, type Refusal, type Result } from '$lib/server/result';

/** Six digits, spaces allowed (`123 456`). */
export const totpCode = z
	.string()
	.transform((value) => value.replace(/\s/g, ''))
	.pipe(z.string().regex(/^\d{6}$/, 'staff:totp.errors.format'));
const totpSetupSchema = z.object({
	secret: z.string().refine(isTotpSecret, 'staff:totp.errors.format'),
	code: totpCode
});
const totpDisableSchema = z.object({ code: totpCode });

/** What the set-up steps show: the secret (the posted one if well-formed, else a new one) and its otpauth URI. */
export function totpSetupView(email: string, posted?: string): { secret: string; uri: string } {
	const secret = posted && isTotpSecret(posted) ? posted : generateTotpSecret();
	return { secret, uri: totpKeyUri(secret, email) };
}

/** The locale key of a refused code. */
function totpErrorKey(refusal: Refusal): string {
	if (refusal.reason === 'throttled') return 'staff:account.errors.throttled';
	return refusal.reason === 'reused' ? 'staff:totp.errors.reused' : 'staff:totp.errors.invalid';
}
const codeForm = { maxLength: 100, invalidKey: 'staff:totp.errors.format', message: totpErrorKey };

/** The set-up form (account page: `totp`; login: `setup`). */
export const totpSetupForm = (form: string) =>
	({ ...codeForm, form, schema: totpSetupSchema, fields: ['secret', 'code'] }) satisfies FormShape<
		typeof totpSetupSchema
	>;
export const totpDisableForm = {
	...codeForm,
	form: 'disable',
	schema: totpDisableSchema,
	fields: ['code']
} satisfies FormShape<typeof totpDisableSchema>;

/**
 * Checks a first code of `secret` (same throttle as logins, no replay) and, if right, stores the
 * secret (only if the account has none yet) and audits `totp_enabled`. Refusals: `throttled`
 * (429, with the seconds to wait), `invalid` or `reused` (400), on the field `code`.
 */
export async function enableTotp(
	db: Executor,
	user: StaffUser,
	input: { secret: string; code: string; ip: string },
	now: Date = new Date()
): Promise<Result> {
	const outcome = await attemptTotp(db, { user, ...input, enable: true }, now);
	if (!outcome.ok) {
		return refused(outcome.reason, outcome.reason === 'throttled' ? 429 : 400, {
			field: 'code',
			...(outcome.reason === 'throttled' ? { seconds: outcome.seconds } : {})
		});
	}
	await audit(db, { userId: user.id, action: 'totp_enabled' }, now);
	return ok();
}

/** Turns TOTP off after a current code (agents and responsables only: administrateurs keep it). */
export async function disableTotp(
	db: Executor,
	user: StaffUser,
	input: { code: string; ip: string },
	now: Date = new Date()
): Promise<Result> {
	if (!user.totpSecret || user.role === 'administrateur') return refused('forbidden', 403);
	const outcome = await attemptTotp(
		db,
		{ user, secret: user.totpSecret, code: input.code, ip: input.ip },
		now
	);
	if (!outcome.ok)
		return refused(outcome.reason, outcome.reason === 'throttled' ? 429 : 400, { field: 'code' });
	await setTotpSecret(db, user.id, null);
	await audit(db, { userId: user.id, action: 'totp_disabled' }, now);
	return ok();
}
