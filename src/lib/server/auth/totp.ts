import { createTOTPKeyURI, verifyTOTPWithGracePeriod } from '@oslojs/otp';
import { decodeBase32IgnorePadding, encodeBase32NoPadding } from '@oslojs/encoding';

/** TOTP (RFC 6238): 30-second steps, 6 digits, one step of tolerance either side. */
export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
const ISSUER = 'Portail PDP';

/** A new secret: 20 random bytes in base32 (what authenticator apps expect). */
export function generateTotpSecret(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32NoPadding(bytes);
}

export const isTotpSecret = (value: string): boolean => /^[A-Z2-7]{32}$/.test(value);

export function totpKeyUri(secret: string, accountName: string): string {
	return createTOTPKeyURI(ISSUER, accountName, decodeBase32IgnorePadding(secret), TOTP_PERIOD, TOTP_DIGITS);
}

/** The code as typed (spaces allowed) against the secret, at the current time ± 30 s. */
export function verifyTotpCode(secret: string, code: string): boolean {
	const digits = code.replace(/\s/g, '');
	if (!isTotpSecret(secret) || !/^\d{6}$/.test(digits)) return false;
	return verifyTOTPWithGracePeriod(decodeBase32IgnorePadding(secret), TOTP_PERIOD, TOTP_DIGITS, digits, TOTP_PERIOD);
}
