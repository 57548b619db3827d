import { describe, expect, it } from 'vitest';
import { hashPassword, passwordPolicyError, verifyPassword, DUMMY_HASH } from './password';
import { commonPasswords } from './common-passwords';

describe('password hashing', () => {
	it('hashes with argon2id m=19456 t=2 p=1 and verifies', async () => {
		const hash = await hashPassword('une phrase de passe assez longue');
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(await verifyPassword(hash, 'une phrase de passe assez longue')).toBe(true);
		expect(await verifyPassword(hash, 'une phrase de passe assez longuE')).toBe(false);
	});

	it('salts every hash and never throws on a malformed hash', async () => {
		expect(await hashPassword('même mot de passe ici')).not.toBe(
			await hashPassword('même mot de passe ici')
		);
		expect(await verifyPassword('not-a-hash', 'whatever')).toBe(false);
		expect(DUMMY_HASH).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
	});
});

describe('password policy', () => {
	it('accepts long passphrases of any characters, with no composition rule', () => {
		expect(passwordPolicyError('le chat dort sur le radiateur')).toBeNull();
		expect(passwordPolicyError('correcthorsebatterystaple')).toBeNull();
		expect(passwordPolicyError('日本語のパスフレーズです十二')).toBeNull();
	});

	it('refuses fewer than 12 and more than 128 characters', () => {
		expect(passwordPolicyError('courtcourt1')).toBe('staff:password.tooShort');
		expect(passwordPolicyError('x'.repeat(60) + 'y'.repeat(69))).toBe('staff:password.tooLong');
		expect(passwordPolicyError('abcdefghijkl' + 'm'.repeat(116))).toBeNull();
	});

	it('refuses common passwords, also with digits or symbols around them', () => {
		expect(commonPasswords.size).toBeGreaterThanOrEqual(200);
		expect(passwordPolicyError('azerty123456')).toBe('staff:password.common');
		expect(passwordPolicyError('motdepasse2026')).toBe('staff:password.common');
		expect(passwordPolicyError('Soleil2026!!!')).toBe('staff:password.common');
		expect(passwordPolicyError('MotDePasse123!')).toBe('staff:password.common');
		expect(passwordPolicyError('aaaaaaaaaaaaaa')).toBe('staff:password.common');
		expect(passwordPolicyError('121212121212')).toBe('staff:password.common');
	});

	it("refuses the person's e-mail or name", () => {
		const person = { email: 'jeanne.martin@carsat.example', name: 'Jeanne Martin' };
		expect(passwordPolicyError('jeanne.martin@carsat.example', person)).toBe(
			'staff:password.personal'
		);
		expect(passwordPolicyError('jeannemartin2026!', person)).toBe('staff:password.personal');
		expect(passwordPolicyError('le chat dort sur le radiateur', person)).toBeNull();
	});
});
