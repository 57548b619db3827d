import { describe, expect, it } from 'vitest';
import { contactSchema, isPhone, normalizePhone } from './contact';

const base = { nom: 'Martin', prenom: 'Claire', departement: '974', email: 'claire@example.org' };

/** Field → first message key, like the form actions show them. */
function errorsOf(input: Record<string, unknown>): Record<string, string> {
	const parsed = contactSchema.safeParse(input);
	if (parsed.success) return {};
	const errors: Record<string, string> = {};
	for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
	return errors;
}

describe('contactSchema', () => {
	it('accepts a minimal form and fills the defaults', () => {
		const parsed = contactSchema.parse(base);
		expect(parsed).toEqual({
			...base,
			shareResult: 'non',
			website: '',
			telephone: undefined,
			nir: undefined,
			message: undefined
		});
	});

	it('trims, normalizes the phone and the NIR, and keeps unicode names', () => {
		const parsed = contactSchema.parse({
			nom: '  N’Diaye-Lefèvre ',
			prenom: 'Zoë Ann. ',
			email: '  ',
			telephone: '06.12.34-56 78',
			nir: ' 2 55 08 14 168 025 38 ',
			message: '  Je préfère le matin.  ',
			shareResult: 'oui',
			departement: '2A',
			website: ''
		});
		expect(parsed).toMatchObject({
			nom: 'N’Diaye-Lefèvre',
			prenom: 'Zoë Ann.',
			email: undefined,
			telephone: '0612345678',
			nir: '255081416802538',
			message: 'Je préfère le matin.',
			shareResult: 'oui',
			departement: '2A'
		});
		expect(contactSchema.parse({ ...base, nom: 'Đặng Thị', prenom: 'Ñusta' }).nom).toBe('Đặng Thị');
	});

	it('requires the names, without digits or symbols, at most 80 characters', () => {
		expect(errorsOf({ ...base, nom: '   ', prenom: undefined })).toEqual({
			nom: 'booking:errors.nom',
			prenom: 'booking:errors.prenom'
		});
		expect(errorsOf({ ...base, nom: 'R2D2' })).toEqual({ nom: 'booking:errors.nameChars' });
		expect(errorsOf({ ...base, prenom: '<script>' })).toEqual({
			prenom: 'booking:errors.nameChars'
		});
		expect(errorsOf({ ...base, nom: '-Martin' })).toEqual({ nom: 'booking:errors.nameChars' });
		expect(errorsOf({ ...base, nom: 'a'.repeat(81) })).toEqual({
			nom: 'booking:errors.nameTooLong'
		});
		expect(errorsOf({ ...base, nom: 'a'.repeat(80) })).toEqual({});
	});

	it('needs an e-mail or a phone, and says so on both fields', () => {
		expect(errorsOf({ ...base, email: '' })).toEqual({
			email: 'booking:errors.reachable',
			telephone: 'booking:errors.reachable'
		});
		expect(errorsOf({ ...base, email: undefined, telephone: '0262 12 34 5' })).toEqual({
			telephone: 'booking:errors.telephone'
		});
		expect(errorsOf({ ...base, email: undefined, telephone: '0262 12 34 56' })).toEqual({});
	});

	it('checks the e-mail', () => {
		expect(errorsOf({ ...base, email: 'claire@' })).toEqual({ email: 'booking:errors.email' });
		expect(errorsOf({ ...base, email: 'claire example.org' })).toEqual({
			email: 'booking:errors.email'
		});
		expect(errorsOf({ ...base, email: `${'a'.repeat(250)}@example.org` })).toEqual({
			email: 'booking:errors.emailTooLong'
		});
	});

	it('checks the phone (French and international formats, at most 20 characters)', () => {
		for (const ok of [
			'0612345678',
			'06 12 34 56 78',
			'+33 6 12 34 56 78',
			'0033 6 12 34 56 78',
			'+262 692 12 34 56',
			'+590 690 12 34 56',
			'+594 694 12 34 56',
			'+596 696 12 34 56',
			'+269 639 12 34 56',
			'+32 470 12 34 56'
		]) {
			expect(errorsOf({ ...base, telephone: ok }), ok).toEqual({});
		}
		for (const bad of [
			'0012',
			'12 34 56 78 90',
			'+33 6 12 34 56',
			'+33 6 12 34 56 78 9',
			'06 12 34 56 7a',
			'appelez-moi'
		]) {
			expect(errorsOf({ ...base, telephone: bad }), bad).toEqual({
				telephone: 'booking:errors.telephone'
			});
		}
		expect(errorsOf({ ...base, telephone: '06 . 12 . 34 . 56 . 78' })).toEqual({
			telephone: 'booking:errors.telephoneTooLong'
		});
	});

	it('checks the NIR key when a NIR is given', () => {
		expect(errorsOf({ ...base, nir: '2 55 08 14 168 025 39' })).toEqual({
			nir: 'booking:errors.nir'
		});
		expect(errorsOf({ ...base, nir: '2 55 08 14 168 025' })).toEqual({ nir: 'booking:errors.nir' });
		expect(errorsOf({ ...base, nir: '9'.repeat(5000) })).toEqual({ nir: 'booking:errors.nir' });
		expect(errorsOf({ ...base, nir: '' })).toEqual({});
	});

	it('limits the message to 500 characters', () => {
		expect(errorsOf({ ...base, message: 'x'.repeat(500) })).toEqual({});
		expect(errorsOf({ ...base, message: 'x'.repeat(501) })).toEqual({
			message: 'booking:errors.messageTooLong'
		});
		expect(errorsOf({ ...base, message: 'x'.repeat(5000) })).toEqual({
			message: 'booking:errors.messageTooLong'
		});
	});

	it('checks the consent answer and the département', () => {
		expect(errorsOf({ ...base, shareResult: 'peut-être' })).toEqual({
			shareResult: 'booking:errors.shareResult'
		});
		for (const bad of ['20', '975', '', undefined, '69 ']) {
			expect(errorsOf({ ...base, departement: bad }), String(bad)).toEqual({
				departement: 'booking:errors.departement'
			});
		}
		for (const ok of ['01', '2B', '69', '976'])
			expect(errorsOf({ ...base, departement: ok }), ok).toEqual({});
	});

	it('refuses a filled honeypot', () => {
		expect(errorsOf({ ...base, website: 'https://spam.example' })).toEqual({
			website: 'booking:errors.honeypot'
		});
		expect(errorsOf({ ...base, website: ' ' })).toEqual({ website: 'booking:errors.honeypot' });
		expect(errorsOf({ ...base, website: '' })).toEqual({});
	});
});

describe('phone helpers', () => {
	it('normalize separators and international prefixes', () => {
		expect(normalizePhone(' 06-12-34-56-78 ')).toBe('0612345678');
		expect(normalizePhone('+33 (0)6 12 34 56 78')).toBe('+33612345678');
		expect(normalizePhone('+33 06 12 34 56 78')).toBe('+33612345678');
		expect(normalizePhone('00262 692 12 34 56')).toBe('+262692123456');
		expect(isPhone('+262692123456')).toBe(true);
		expect(isPhone('0012')).toBe(false);
	});
});
