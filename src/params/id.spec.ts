import { describe, expect, it } from 'vitest';
import { match } from './id';

describe('id param matcher', () => {
	it('accepts positive integers of up to 10 digits', () => {
		for (const id of ['1', '42', '9999999999']) expect(match(id)).toBe(true);
	});

	it('refuses zero, leading zeros, signs, decimals, exponents and junk', () => {
		for (const id of [
			'0',
			'007',
			'-1',
			'+1',
			'1.5',
			'1e3',
			'12345678901',
			'',
			' 1',
			'1 ',
			'0x10',
			'abc',
			'1;drop'
		])
			expect(match(id)).toBe(false);
	});
});
