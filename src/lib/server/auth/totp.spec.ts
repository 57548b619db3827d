import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateHOTP, generateTOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import {
	generateTotpSecret,
	isTotpSecret,
	matchTotpStep,
	totpKeyUri,
	totpStepAt,
	verifyTotpCode
} from './totp';

afterEach(() => {
	vi.useRealTimers();
});

const codeAt = (secret: string, time: Date) => {
	vi.setSystemTime(time);
	const code = generateTOTP(decodeBase32IgnorePadding(secret), 30, 6);
	return code;
};

describe('TOTP', () => {
	it('generates 160-bit base32 secrets and an otpauth URI', () => {
		const secret = generateTotpSecret();
		expect(isTotpSecret(secret)).toBe(true);
		expect(generateTotpSecret()).not.toBe(secret);
		const uri = totpKeyUri(secret, 'agent@example.fr');
		expect(uri).toMatch(/^otpauth:\/\/totp\/Portail%20PDP:agent%40example\.fr\?/);
		expect(uri).toContain(`secret=${secret}`);
		expect(uri).toContain('period=30');
		expect(uri).toContain('digits=6');
	});

	it('accepts the current code and one step either side, not two', () => {
		vi.useFakeTimers();
		const secret = generateTotpSecret();
		const now = new Date('2026-11-23T10:00:15Z');
		const current = codeAt(secret, now);
		const previous = codeAt(secret, new Date(now.getTime() - 30_000));
		const next = codeAt(secret, new Date(now.getTime() + 30_000));
		const old = codeAt(secret, new Date(now.getTime() - 90_000));
		vi.setSystemTime(now);
		expect(verifyTotpCode(secret, current)).toBe(true);
		expect(verifyTotpCode(secret, `${current.slice(0, 3)} ${current.slice(3)}`)).toBe(true);
		expect(verifyTotpCode(secret, previous)).toBe(true);
		expect(verifyTotpCode(secret, next)).toBe(true);
		expect(old !== current && verifyTotpCode(secret, old)).toBe(false);
	});

	it('refuses malformed codes and secrets', () => {
		const secret = generateTotpSecret();
		expect(verifyTotpCode(secret, '12345')).toBe(false);
		expect(verifyTotpCode(secret, 'abcdef')).toBe(false);
		expect(verifyTotpCode('not a secret', '123456')).toBe(false);
	});

	it('tells which time step a code belongs to (for replay protection)', () => {
		const secret = 'DC4O7HFDYFE47IG6DMI5TVP2FVEDG72O';
		const now = new Date('2026-11-23T10:00:15Z');
		const step = totpStepAt(now);
		expect(step).toBe(Math.floor(now.getTime() / 30_000));
		const codeOf = (s: number) => generateHOTP(decodeBase32IgnorePadding(secret), BigInt(s), 6);
		expect(matchTotpStep(secret, codeOf(step), now)).toBe(step);
		expect(matchTotpStep(secret, codeOf(step - 1), now)).toBe(step - 1);
		expect(matchTotpStep(secret, codeOf(step + 1), now)).toBe(step + 1);
		const stale = codeOf(step - 3);
		expect(matchTotpStep(secret, stale, now)).toBeNull();
		expect(matchTotpStep(secret, 'abcdef', now)).toBeNull();
	});
});
