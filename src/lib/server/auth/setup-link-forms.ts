/**
 * The forms around setup links (ADR 030): setting a password from an activation or reset link,
 * and asking for a reset link. The use cases stay in `accounts.ts` and `reset.ts`; this module
 * gives them the shared form shape and `Result`.
 */
import { z } from 'zod';
import type { Db } from '$lib/server/db/index';
import type { FormShape } from '$lib/server/forms';
import { ok, refused, type Result } from '$lib/server/result';
import { completeSetup, type SetupPurpose } from './accounts';
import { audit } from './guard';
import { confirmationMatches, newPasswordFields } from './password';

const activationSchema = z
	.object({
		...newPasswordFields
	})
	.refine(...confirmationMatches);

export const activationForm = {
	form: 'activation',
	schema: activationSchema,
	fields: ['password', 'confirmation'],
	maxLength: 4096,
	invalidKey: 'staff:password.required'
} satisfies FormShape<typeof activationSchema>;

/**
 * Sets the password of a setup link (burning it) and audits `password_set`. Refusals (400, on
 * `password`): the link is unknown, used or expired, or the password breaks the policy.
 */
export async function setPasswordFromLink(
	db: Db,
	token: string,
	password: string,
	now: Date = new Date()
): Promise<Result<SetupPurpose>> {
	const outcome = await completeSetup(db, token, password, now);
	if (!outcome.ok) return refused(outcome.error, 400, { field: 'password' });
	await audit(
		db,
		{
			userId: outcome.userId,
			action: 'password_set',
			details: { via: 'setup_link', purpose: outcome.purpose }
		},
		now
	);
	return ok(outcome.purpose);
}

const forgotSchema = z.object({
	email: z
		.string()
		.trim()
		.toLowerCase()
		.min(1, 'equipe:forgot.errors.required')
		.max(254, 'equipe:forgot.errors.invalid')
		.pipe(z.email('equipe:forgot.errors.invalid'))
});

/** "Mot de passe oublié": one e-mail address; the answer never tells whether it has an account. */
export const forgotPasswordForm = {
	form: 'forgot',
	schema: forgotSchema,
	fields: ['email'],
	maxLength: 1000,
	invalidKey: 'equipe:forgot.errors.invalid'
} satisfies FormShape<typeof forgotSchema>;
