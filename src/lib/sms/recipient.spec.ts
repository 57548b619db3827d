import { describe, expect, it } from 'vitest';
import { smsRecipient } from './recipient';

describe('smsRecipient', () => {
	it.each([
		['06 12 34 56 78', '+33612345678'],
		['07.81.23.45.67', '+33781234567'],
		['+33 6 12 34 56 78', '+33612345678'],
		['0033 (0)6 12 34 56 78', '+33612345678'],
		['0692 12 34 56', '+262692123456'],
		['0693 12 34 56', '+262693123456'],
		['+262 692 12 34 56', '+262692123456'],
		['+33 692 12 34 56', '+262692123456'],
		['0639 12 34 56', '+262639123456'],
		['+269 639 12 34 56', '+262639123456'],
		['0690 12 34 56', '+590690123456'],
		['0691 12 34 56', '+590691123456'],
		['0694 12 34 56', '+594694123456'],
		['0696 12 34 56', '+596696123456'],
		['+596 697 12 34 56', '+596697123456'],
		['+33612345678', '+33612345678']
	])('texts the mobile %s as %s', (typed, e164) => {
		expect(smsRecipient(typed)).toBe(e164);
	});

	it.each([
		['01 23 45 67 89', 'a metropolitan landline'],
		['09 87 65 43 21', 'a box number'],
		['0262 12 34 56', 'a landline of La Réunion'],
		['0269 61 23 45', 'a landline of Mayotte'],
		['0590 12 34 56', 'a landline of Guadeloupe'],
		['0596 12 34 56', 'a landline of Martinique'],
		['0594 12 34 56', 'a landline of Guyane'],
		['08 00 12 34 56', 'a free number'],
		['+32 470 12 34 56', 'a foreign mobile'],
		['+269 321 23 45', 'a number of the Comoros'],
		['06 12 34', 'a short number'],
		['not a number', 'text'],
		['', 'nothing']
	])('does not text %s (%s)', (typed) => {
		expect(smsRecipient(typed)).toBeNull();
	});

	it('does not text a missing number', () => {
		expect(smsRecipient(null)).toBeNull();
		expect(smsRecipient(undefined)).toBeNull();
	});
});
