import { describe, expect, it } from 'vitest';
import {
	linkSearch,
	parseLinkQuery,
	parseSourceParam,
	questionnaireUrl,
	sourceSlug
} from './links';

describe('?source= alias', () => {
	it('reads the hyphen and underscore forms, case and blanks aside', () => {
		expect(parseSourceParam('medecin-traitant')).toBe('medecin_traitant');
		expect(parseSourceParam('medecin_traitant')).toBe('medecin_traitant');
		expect(parseSourceParam(' Medecin-Travail ')).toBe('medecin_travail');
		expect(parseSourceParam('courrier-assurance-maladie')).toBe('courrier_assurance_maladie');
	});

	it('ignores unknown, empty, absent and oversized values', () => {
		for (const raw of ['docteur-house', '', 'medecin traitant', 'x'.repeat(500), null, undefined]) {
			expect(parseSourceParam(raw)).toBeUndefined();
		}
	});
});

describe('professional links', () => {
	it('builds the questionnaire URL on the public base, hyphen form, département optional', () => {
		expect(questionnaireUrl('https://pdp.example/', { type: 'medecin_traitant' })).toBe(
			'https://pdp.example/questionnaire?source=medecin-traitant'
		);
		expect(questionnaireUrl('https://pdp.example', { type: 'employeur', departement: '974' })).toBe(
			'https://pdp.example/questionnaire?source=employeur&departement=974'
		);
		expect(sourceSlug('moi_meme')).toBe('moi-meme');
	});

	it('the URL round-trips: its source parses back to the partner type', () => {
		const url = new URL(
			questionnaireUrl('https://pdp.example', { type: 'medecin_travail', departement: '2B' })
		);
		expect(parseSourceParam(url.searchParams.get('source'))).toBe('medecin_travail');
		expect(url.searchParams.get('departement')).toBe('2B');
	});

	it('parses the builder query: defaults, both forms, and rejects unknown values', () => {
		const q = (search: string) =>
			parseLinkQuery(new URL(`https://pdp.example/professionnels?${search}`));
		expect(q('')).toEqual({ type: 'medecin_traitant', departement: undefined });
		expect(q('type=&departement=')).toEqual({ type: 'medecin_traitant', departement: undefined });
		expect(q('type=medecin-travail&departement=69')).toEqual({
			type: 'medecin_travail',
			departement: '69'
		});
		expect(q('type=partenaire&departement=2A')).toEqual({ type: 'partenaire', departement: '2A' });
		// A source that is not a professional, an unknown type or département: invalid.
		expect(q('type=moi_meme')).toBeUndefined();
		expect(q('type=<script>')).toBeUndefined();
		expect(q('departement=20')).toBeUndefined();
		expect(q('departement=999')).toBeUndefined();
		expect(linkSearch({ type: 'medecin_traitant', departement: '01' })).toBe(
			'type=medecin-traitant&departement=01'
		);
	});
});
