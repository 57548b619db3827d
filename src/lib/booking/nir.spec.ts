import { describe, expect, it } from 'vitest';
import { isValidNir, nirKey, normalizeNir } from './nir';

/** A NIR with its key computed independently of nir.ts (2A → 19, 2B → 18). */
function withKey(first13: string): string {
	const compact = first13.replace(/\s/g, '');
	const numeric =
		compact.slice(0, 5) +
		compact.slice(5, 7).replace('2A', '19').replace('2B', '18') +
		compact.slice(7);
	const key = 97n - (BigInt(numeric) % 97n);
	return `${first13} ${String(key).padStart(2, '0')}`;
}

describe('normalizeNir', () => {
	it('removes every kind of space and upper-cases the Corsica letters', () => {
		expect(normalizeNir(' 1 85 05 2a 006\u00a0084 12 ')).toBe('185052A00608412');
		expect(normalizeNir('1\t85')).toBe('185');
	});
});

describe('isValidNir', () => {
	it('accepts a published example and numbers whose key is computed', () => {
		// The usual textbook example (INSEE): key 38.
		expect(isValidNir('2 55 08 14 168 025 38')).toBe(true);
		expect(isValidNir(withKey('1 85 05 78 006 084'))).toBe(true);
		expect(isValidNir(withKey('1 85 05 78 006 084').replace(/\s/g, ''))).toBe(true);
		// Provisional numbers (3, 4, 7, 8) and an unknown birth month (20–42, 50–99).
		for (const first13 of [
			'3 85 05 78 006 084',
			'4 01 12 75 101 001',
			'7 99 30 99 352 001',
			'8 70 50 13 055 123'
		]) {
			expect(isValidNir(withKey(first13)), first13).toBe(true);
		}
	});

	it('handles Corsica (2A counts as 19, 2B as 18), in either case', () => {
		const corseDuSud = withKey('1 72 03 2A 004 012');
		const hauteCorse = withKey('2 80 11 2B 033 145');
		expect(isValidNir(corseDuSud)).toBe(true);
		expect(isValidNir(hauteCorse)).toBe(true);
		expect(isValidNir(corseDuSud.toLowerCase())).toBe(true);
		// The same digits with 2A and 2B swapped have another key.
		expect(isValidNir(corseDuSud.replace('2A', '2B'))).toBe(false);
		expect(nirKey('172032A004012')).not.toBe(nirKey('172032B004012'));
	});

	it('refuses a wrong key', () => {
		expect(isValidNir('2 55 08 14 168 025 39')).toBe(false);
		expect(isValidNir('2 55 08 14 168 025 00')).toBe(false);
		const valid = withKey('1 85 05 78 006 084');
		const key = Number(valid.slice(-2));
		expect(isValidNir(`${valid.slice(0, -2)}${String((key % 97) + 1).padStart(2, '0')}`)).toBe(
			false
		);
	});

	it('refuses a wrong length, letters, a bad sex digit or month', () => {
		for (const bad of [
			'',
			'2 55 08 14 168 025 3',
			'2 55 08 14 168 025 381',
			'2550814168025',
			'2 55 08 14 16A 025 38',
			'A 55 08 14 168 025 38',
			'2 55 08 2C 168 025 38',
			'5 55 08 14 168 025 38',
			withKey('5 85 05 78 006 084'),
			withKey('1 85 00 78 006 084'),
			withKey('1 85 13 78 006 084'),
			'2-55-08-14-168-025-38'
		]) {
			expect(isValidNir(bad), bad).toBe(false);
		}
	});
});
