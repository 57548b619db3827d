import { describe, expect, it } from 'vitest';
import { testDb } from '../../../../tests/helpers/db';
import { t0, PASSPHRASE } from '../../../../tests/fixtures/auth';
import { auditLog } from '$lib/server/db/schema';
import { createSetupToken, createStaffUser } from './accounts';
import { activationForm, forgotPasswordForm, setPasswordFromLink } from './setup-link-forms';

async function member() {
	const db = testDb();
	const userId = await createStaffUser(
		db,
		{ email: 'nouveau@example.fr', name: 'Nouveau', role: 'agent', departements: ['69'] },
		t0
	);
	return { db, userId, token: await createSetupToken(db, userId, t0, 'activation') };
}

describe('setting a password from a setup link', () => {
	it('sets it once, answers the purpose and audits password_set; the link is then refused on `password`', async () => {
		const { db, userId, token } = await member();
		expect(await setPasswordFromLink(db, token, PASSPHRASE, t0)).toEqual({
			ok: true,
			value: 'activation'
		});
		expect(await db.select().from(auditLog)).toMatchObject([
			{ userId, action: 'password_set', details: { via: 'setup_link', purpose: 'activation' } }
		]);
		expect(await setPasswordFromLink(db, token, PASSPHRASE, t0)).toEqual({
			ok: false,
			reason: 'staff:activation.invalid',
			status: 400,
			field: 'password'
		});
	});

	it('refuses a password against the policy without burning the link', async () => {
		const { db, token } = await member();
		const weak = await setPasswordFromLink(db, token, 'court', t0);
		expect(weak).toMatchObject({ ok: false, status: 400, field: 'password' });
		expect(weak.ok === false && weak.reason).toMatch(/^staff:password\./);
		expect(await setPasswordFromLink(db, token, PASSPHRASE, t0)).toMatchObject({ ok: true });
	});

	it('the forms: mismatched confirmation on `confirmation`, a bad address on `email`', () => {
		const mismatch = activationForm.schema.safeParse({ password: 'a', confirmation: 'b' });
		expect(mismatch.error?.issues[0]).toMatchObject({
			path: ['confirmation'],
			message: 'staff:password.mismatch'
		});
		expect(forgotPasswordForm.schema.safeParse({ email: ' Ada@Example.fr ' }).data).toEqual({
			email: 'ada@example.fr'
		});
		expect(forgotPasswordForm.schema.safeParse({ email: 'pas-une-adresse' }).success).toBe(false);
	});
});
