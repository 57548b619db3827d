import { describe, expect, it } from 'vitest';
import { locales, namespaces } from './config';
import { resources, type Messages } from './resources';

function flatKeys(messages: Messages, prefix = ''): string[] {
	return Object.entries(messages).flatMap(([key, value]) =>
		typeof value === 'string' ? [prefix + key] : flatKeys(value, `${prefix}${key}.`)
	);
}

describe('locale files', () => {
	for (const ns of namespaces) {
		const reference = new Set(flatKeys(resources.fr[ns]));
		for (const locale of locales.filter((l) => l !== 'fr')) {
			it(`${locale}/${ns} has exactly the keys of fr/${ns}`, () => {
				const keys = new Set(flatKeys(resources[locale][ns]));
				expect(
					[...reference].filter((k) => !keys.has(k)),
					'missing keys'
				).toEqual([]);
				expect(
					[...keys].filter((k) => !reference.has(k)),
					'extra keys'
				).toEqual([]);
			});
		}
		it(`fr/${ns} has no empty string`, () => {
			const empty = flatKeys(resources.fr[ns]).filter((key) => {
				const value = key
					.split('.')
					.reduce<unknown>((node, part) => (node as Messages)[part], resources.fr[ns]);
				return typeof value !== 'string' || value.trim() === '';
			});
			expect(empty).toEqual([]);
		});
	}
});
