import { describe, expect, it } from 'vitest';
import { departementByCode, departementCodes, departements, organismeOf, organismes } from './data';

describe('the départements and their organismes', () => {
	it('lists the 101 départements once each, in code order', () => {
		expect(departements).toHaveLength(101);
		expect(new Set(departementCodes).size).toBe(101);
		expect(departementCodes.slice(0, 3)).toEqual(['01', '02', '03']);
		expect(departementCodes).toContain('2A');
		expect(departementCodes.at(-1)).toBe('976');
	});

	it('gives every département a known organisme', () => {
		for (const d of departements) expect(organismes).toContain(organismeOf(d));
		expect(organismeOf(departementByCode('75')!).name).toBe('Cramif');
	});

	it('names an organisme to the public only by a label our sources confirm (#13 §2)', () => {
		const publicName = (code: string) => organismeOf(departementByCode(code)!).publicName;
		expect(publicName('75')).toBe('Cramif');
		expect(publicName('971')).toBe('CGSS Guadeloupe');
		expect(publicName('976')).toBe('CSS Mayotte');
		expect(publicName('69')).toBe('Carsat Rhône-Alpes');
		// Renamed Carsat whose current label is only probable: the kind of organisme, which is sure.
		for (const code of ['59', '45', '21']) expect(publicName(code)).toBe('Carsat');
		expect(organismeOf(departementByCode('976')!).name).toBe('CSS Mayotte');
	});

	it('puts metropolitan départements on Paris time and overseas ones on their own', () => {
		expect(departementByCode('69')).toEqual({
			code: '69',
			name: 'Rhône',
			organismeId: 'carsat-rhone-alpes',
			timeZone: 'Europe/Paris'
		});
		expect(departementByCode('95')?.name).toBe("Val-d'Oise");
		expect(
			Object.fromEntries(
				departements.filter((d) => d.timeZone !== 'Europe/Paris').map((d) => [d.code, d.timeZone])
			)
		).toEqual({
			'971': 'America/Guadeloupe',
			'972': 'America/Martinique',
			'973': 'America/Cayenne',
			'974': 'Indian/Reunion',
			'976': 'Indian/Mayotte'
		});
	});
});
