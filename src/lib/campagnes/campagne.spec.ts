import { describe, expect, it } from 'vitest';
import {
	addDays,
	attributesOn,
	campagneFormSchema,
	campagneUrl,
	codeFrom,
	lettersSentSchema,
	parseCode
} from './campagne';
import { CAMPAGNE_CODE_ALPHABET } from '../vocabulary';

describe('campaign codes', () => {
	it('reads a code in any case, with spaces around, and refuses ambiguous or foreign characters', () => {
		expect(parseCode(' mars27 ')).toBe('MARS27');
		expect(parseCode('MARS2O')).toBeUndefined(); // O is not in the alphabet
		expect(parseCode('MARS1')).toBeUndefined();
		expect(parseCode('../etc')).toBeUndefined();
		expect(parseCode(null)).toBeUndefined();
	});

	it('draws codes from the unambiguous alphabet', () => {
		const code = codeFrom(new Uint8Array([0, 30, 31, 255, 7, 100]));
		expect(code).toHaveLength(6);
		expect([...code].every((c) => CAMPAGNE_CODE_ALPHABET.includes(c))).toBe(true);
		expect(parseCode(code)).toBe(code);
	});

	it('builds the link of a letter with or without its département', () => {
		expect(campagneUrl('https://pdp.example/', 'MARS27', '93')).toBe(
			'https://pdp.example/c/MARS27/93'
		);
		expect(campagneUrl('https://pdp.example', 'MARS27')).toBe('https://pdp.example/c/MARS27');
	});

	it('attributes until 90 days after the period', () => {
		expect(addDays('2027-03-31', 90)).toBe('2027-06-29');
		expect(attributesOn({ endsOn: '2027-03-31' }, '2027-02-01')).toBe(true);
		expect(attributesOn({ endsOn: '2027-03-31' }, '2027-06-29')).toBe(true);
		expect(attributesOn({ endsOn: '2027-03-31' }, '2027-06-30')).toBe(false);
	});
});

describe('campaign form', () => {
	const valid = {
		name: ' Arrêts de 90 jours ',
		target: 'arrêts de 90 jours, mars 2027',
		startsOn: '2027-03-01',
		endsOn: '2027-03-31',
		departements: ['94', '93', '93']
	};

	it('trims, sorts and deduplicates', () => {
		const parsed = campagneFormSchema.parse(valid);
		expect(parsed.name).toBe('Arrêts de 90 jours');
		expect(parsed.departements).toEqual(['93', '94']);
	});

	it('refuses an empty name, an unknown département, a bad date, a period that ends before it starts', () => {
		const issues = (input: object) =>
			campagneFormSchema.safeParse({ ...valid, ...input }).error?.issues.map((i) => i.message);
		expect(issues({ name: '  ' })).toEqual(['campagnes:errors.name']);
		expect(issues({ departements: ['99'] })).toEqual(['campagnes:errors.departements']);
		expect(issues({ departements: [] })).toEqual(['campagnes:errors.departements']);
		expect(issues({ startsOn: '2027-02-30' })).toEqual(['campagnes:errors.startsOn']);
		expect(issues({ endsOn: '2027-02-01' })).toEqual(['campagnes:errors.period']);
	});

	it('reads letters sent as a whole number or nothing', () => {
		expect(lettersSentSchema.parse({ departement: '93', lettersSent: '2000' }).lettersSent).toBe(
			2000
		);
		expect(lettersSentSchema.parse({ departement: '93', lettersSent: ' ' }).lettersSent).toBeNull();
		expect(lettersSentSchema.safeParse({ departement: '93', lettersSent: '-1' }).success).toBe(
			false
		);
		expect(lettersSentSchema.safeParse({ departement: '93', lettersSent: '2,5' }).success).toBe(
			false
		);
		expect(lettersSentSchema.safeParse({ departement: '93', lettersSent: 'abc' }).success).toBe(
			false
		);
	});
});
