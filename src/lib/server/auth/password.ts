import { hash, hashSync, verify, type Options } from '@node-rs/argon2';
import { z } from 'zod';
import { commonPasswords } from './common-passwords';

/**
 * argon2id with OWASP's minimum (m=19 MiB, t=2, p=1, 32-byte output); the encoded hash
 * carries its parameters, so raising them later still verifies old hashes (ADR 010).
 */
const ARGON2_OPTIONS: Options = {
	algorithm: 2, // Algorithm.Argon2id (a const enum, not importable under isolatedModules)
	memoryCost: 19456,
	timeCost: 2,
	outputLen: 32,
	parallelism: 1
};

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** The new-password fields of every form that sets one (activation, reset, account page). */
export const newPasswordFields = {
	password: z
		.string()
		.min(1, 'staff:password.required')
		.max(PASSWORD_MAX_LENGTH * 4, 'staff:password.tooLong'),
	confirmation: z.string()
};

/** `.refine(...confirmationMatches)`: the confirmation repeats the new password. */
export const confirmationMatches: [
	(v: { password: string; confirmation: string }) => boolean,
	{ path: string[]; message: string }
] = [
	(v) => v.password === v.confirmation,
	{ path: ['confirmation'], message: 'staff:password.mismatch' }
];

/** A hash of a random string, verified against for unknown accounts (similar timing). */
export const DUMMY_HASH =
	'$argon2id$v=19$m=19456,t=2,p=1$wjZ+pOkD/forZNZCDERmoA$a2VdFgj4WTHDbtijf8Nc2aOyuMtgyhk+BMxilinXS8M';

export function hashPassword(password: string): Promise<string> {
	return hash(password.normalize('NFKC'), ARGON2_OPTIONS);
}

/** The same hash, synchronously (demo seeding inside a transaction); the one parameter set. */
export function hashPasswordSync(password: string): string {
	return hashSync(password.normalize('NFKC'), ARGON2_OPTIONS);
}

/** False (never a throw) for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password.normalize('NFKC'));
	} catch {
		return false;
	}
}

const simplify = (value: string) =>
	value
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase();

/**
 * The password policy (NIST SP 800-63B, ANSSI): 12 to 128 characters, any characters, no
 * composition rule; refused when it is a common password (possibly with digits or symbols
 * around it), made of very few distinct characters, or the person's e-mail or name.
 * Returns a `staff:` locale key, or null when the password is acceptable.
 */
export function passwordPolicyError(
	password: string,
	person: { email?: string; name?: string } = {}
): string | null {
	const length = [...password.normalize('NFKC')].length;
	if (length < PASSWORD_MIN_LENGTH) return 'staff:password.tooShort';
	if (length > PASSWORD_MAX_LENGTH) return 'staff:password.tooLong';
	const plain = simplify(password);
	const core = plain.replace(/[^a-z]/g, '');
	const compact = plain.replace(/[\s._-]/g, '');
	if (
		commonPasswords.has(plain) ||
		commonPasswords.has(compact) ||
		(core.length > 0 && commonPasswords.has(core))
	) {
		return 'staff:password.common';
	}
	if (new Set(plain).size < 5) return 'staff:password.common';
	const email = simplify(person.email ?? '').trim();
	const local = email.split('@')[0] ?? '';
	const name = simplify(person.name ?? '').replace(/[^a-z]/g, '');
	if (
		email &&
		(compact.includes(email) ||
			(local.length >= 4 && compact.includes(local.replace(/[\s._-]/g, ''))))
	) {
		return 'staff:password.personal';
	}
	if (name.length >= 4 && core.includes(name)) return 'staff:password.personal';
	return null;
}
