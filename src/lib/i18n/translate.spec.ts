import { describe, expect, it } from 'vitest';
import { createI18n } from '$lib/server/i18n';
import { locales, namespaces, negotiateLocale } from './config';
import { resources, type Messages } from './resources';
import { createTranslator } from './translate';

function flatKeys(messages: Messages, prefix = ''): string[] {
	return Object.entries(messages).flatMap(([key, value]) =>
		typeof value === 'string' ? [prefix + key] : flatKeys(value, `${prefix}${key}.`)
	);
}

const vars = {
	count: 2,
	current: 3,
	total: 6,
	value: 7,
	number: 4,
	date: '1 janvier',
	id: 'abc',
	version: '2026.1',
	organisme: 'Carsat X',
	departement: '69 — Rhône'
};

describe('component translator agrees with i18next', () => {
	for (const locale of locales) {
		it(`gives i18next's string for every key in ${locale}`, () => {
			const server = createI18n(locale).t;
			const client = createTranslator(locale, resources[locale]);
			let checked = 0;
			for (const ns of namespaces) {
				for (const raw of flatKeys(resources[locale][ns])) {
					const key = `${ns}:${raw.replace(/_(one|other|zero|few|many|two)$/, '')}`;
					expect(client(key, vars), key).toBe(server(key, vars));
					checked++;
				}
			}
			expect(checked).toBeGreaterThan(50);
		});
	}

	it('selects plural forms and interpolates', () => {
		const t = createTranslator('fr', resources.fr);
		expect(t('form.errorSummary', { count: 1 })).toBe('Il y a 1 erreur à corriger');
		expect(t('form.errorSummary', { count: 3 })).toBe('Il y a 3 erreurs à corriger');
		expect(t('questionnaire:progress', { current: 3, total: 6 })).toBe('Question 3 sur 6');
	});

	it('returns the key for a missing translation (visible in tests, never a crash)', () => {
		expect(createTranslator('en', resources.en)('common:does.not.exist')).toBe('does.not.exist');
	});
});

describe('negotiateLocale', () => {
	it.each([
		[null, 'fr'],
		['en-GB,en;q=0.9', 'en'],
		['de-DE,en;q=0.5,fr;q=0.8', 'fr'],
		['de', 'fr'],
		['en;q=0,fr;q=0.1', 'fr'],
		['garbage;;;q=x', 'fr']
	])('%s → %s', (header, expected) => {
		expect(negotiateLocale(header)).toBe(expected);
	});
});
