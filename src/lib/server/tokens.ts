import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/**
 * Opaque bearer tokens (questionnaire drafts, later sessions and manage links), the way
 * Lucia's guide teaches: 20 random bytes (160 bits) encoded in base32; only the SHA-256 hash
 * is stored, so a database leak gives no usable token (ADR 005).
 */
export function generateToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Shape check before hashing: a forged cookie never reaches the database as-is. */
export function looksLikeToken(value: string | undefined): value is string {
	return typeof value === 'string' && /^[a-z2-7]{32}$/.test(value);
}
