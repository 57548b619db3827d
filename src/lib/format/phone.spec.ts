import { describe, expect, it } from 'vitest';
import { formatPhone, splitPhoneNumbers, telHref } from './phone';

describe('splitPhoneNumbers', () => {
	it('turns every number of a public sentence into a tel: part and gives the sentence back', () => {
		const sentence = 'Appelez le 36 46, le 3114, le 15 (SAMU) ou le 112, ou le 01 23 45 67 89.';
		const parts = splitPhoneNumbers(sentence);
		expect(parts.map((p) => p.text).join('')).toBe(sentence);
		expect(parts.filter((p) => p.tel).map((p) => [p.text, p.tel])).toEqual([
			['36 46', 'tel:3646'],
			['3114', 'tel:3114'],
			['15', 'tel:15'],
			['112', 'tel:112'],
			['01 23 45 67 89', 'tel:0123456789']
		]);
	});

	it('leaves numbers that are not phone numbers alone', () => {
		for (const text of ['15 jours', 'les 15 chiffres', 'article 9(2)', 'L. 4624-2-4', '2026']) {
			expect(splitPhoneNumbers(text).some((p) => p.tel)).toBe(false);
		}
	});

	it('dials digits only', () => {
		expect(telHref('06 12 34 56 78')).toBe('tel:0612345678');
	});
});

describe('formatPhone', () => {
	it('writes French numbers in pairs, overseas ones with their four-digit prefix', () => {
		expect(formatPhone('+33612345678')).toBe('06 12 34 56 78');
		expect(formatPhone('0612345678')).toBe('06 12 34 56 78');
		expect(formatPhone('+262692123456')).toBe('0692 12 34 56');
		expect(formatPhone('+4915112345678')).toBe('+4915112345678');
	});
});
