import { describe, expect, it } from 'vitest';
import { emailKey, personKeys, phoneE164 } from './identity';

describe('emailKey', () => {
	it('makes one key of the ways to write one mailbox', () => {
		expect(emailKey(' Jean.Lefevre@Example.ORG ')).toBe('jean.lefevre@example.org');
		expect(emailKey('jean.lefevre+rdv2@example.org')).toBe('jean.lefevre@example.org');
		expect(emailKey('J.E.A.N+x@googlemail.com')).toBe('jean@gmail.com');
		expect(emailKey('jean@gmail.com')).toBe(emailKey('je.an+1@GMAIL.com'));
	});

	it('keeps different mailboxes apart', () => {
		expect(emailKey('jean.lefevre@example.org')).not.toBe(emailKey('jeanlefevre@example.org'));
		expect(emailKey('+tag@example.org')).toBe('+tag@example.org');
	});
});

describe('phoneE164', () => {
	it('writes metropolitan numbers with +33', () => {
		for (const typed of [
			'06 12 34 56 78',
			'0612345678',
			'+33 6 12 34 56 78',
			'+33 (0)6 12 34 56 78',
			'0033612345678',
			'06.12.34.56.78'
		]) {
			expect(phoneE164(typed), typed).toBe('+33612345678');
		}
	});

	it('writes overseas numbers with their own country code, however they were dialled', () => {
		for (const typed of ['0692 12 34 56', '+262 692 12 34 56', '+33 692 12 34 56'])
			expect(phoneE164(typed), typed).toBe('+262692123456');
		expect(phoneE164('0269 61 00 00')).toBe('+262269610000');
		expect(phoneE164('0590 12 34 56')).toBe('+590590123456');
		expect(phoneE164('0694 12 34 56')).toBe('+594694123456');
		expect(phoneE164('0696 12 34 56')).toBe('+596696123456');
	});

	it('keeps foreign numbers and refuses what is not a number', () => {
		expect(phoneE164('+32 470 12 34 56')).toBe('+32470123456');
		expect(phoneE164('12')).toBeNull();
		expect(phoneE164('not a phone')).toBeNull();
	});
});

describe('personKeys', () => {
	it('normalises every key and leaves the missing ones null', () => {
		expect(
			personKeys({ email: 'Claire+1@Example.org', telephone: null, nir: '2 55 08 14 168 025 38' })
		).toEqual({
			email: 'claire@example.org',
			phone: null,
			nir: '255081416802538'
		});
		expect(personKeys({ email: null, telephone: '0612345678', nir: null })).toEqual({
			email: null,
			phone: '+33612345678',
			nir: null
		});
	});
});
