import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
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
	return createTOTPKeyURI(
		ISSUER,
		accountName,
		decodeBase32IgnorePadding(secret),
		TOTP_PERIOD,
		TOTP_DIGITS
	);
}

/** The 30-second time step (RFC 6238 counter) of an instant. */
export function totpStepAt(now: Date): number {
	return Math.floor(now.getTime() / (TOTP_PERIOD * 1000));
}

/**
 * The time step a typed code (spaces allowed) belongs to, at `now` ± one step, or null when it
 * matches none. The caller accepts it only if this step is later than the last accepted one
 * (staff_users.totpLastStep): a code is never accepted twice (replay protection, ADR 014).
 */
export function matchTotpStep(secret: string, code: string, now: Date = new Date()): number | null {
	const digits = code.replace(/\s/g, '');
	if (!isTotpSecret(secret) || !/^\d{6}$/.test(digits)) return null;
	const key = decodeBase32IgnorePadding(secret);
	const current = totpStepAt(now);
	let matched: number | null = null;
	for (const step of [current - 1, current, current + 1]) {
		if (verifyHOTP(key, BigInt(step), TOTP_DIGITS, digits)) matched = step;
	}
	return matched;
}

/** The code as typed (spaces allowed) against the secret, at the current time ± 30 s (no replay check). */
export function verifyTotpCode(secret: string, code: string, now: Date = new Date()): boolean {
	return matchTotpStep(secret, code, now) !== null;
}
