/**
 * Wording rules of docs/domain/glossary.md ("Wording") that can be checked mechanically,
 * over every string of every locale file (issue #13 §5).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resources, type Messages } from './resources';

function strings(messages: Messages, prefix = ''): [string, string][] {
	return Object.entries(messages).flatMap(([key, value]) =>
		typeof value === 'string'
			? [[`${prefix}${key}`, value] as [string, string]]
			: strings(value, `${prefix}${key}.`)
	);
}

const all = (locale: 'fr' | 'en') =>
	Object.entries(resources[locale]).flatMap(([ns, messages]) =>
		strings(messages).map(([key, text]) => [`${ns}:${key}`, text] as [string, string])
	);

const offending = (locale: 'fr' | 'en', test: (text: string, key: string) => boolean): string[] =>
	all(locale).flatMap(([key, text]) => (test(text, key) ? [`${key}: ${text}`] : []));

describe('locale wording', () => {
	it('English says "social service" and "appointment" on pages and in e-mails alike', () => {
		// "service social" stays only as the word to say on the 36 46 line, in quotes.
		expect(offending('en', (t) => /(?<!["“«] ?)service social(?! ?["”»])/i.test(t))).toEqual([]);
		// "rendez-vous" only in the file name rendez-vous.ics and the dispositif's French name.
		expect(offending('en', (t) => /rendez-vous(?!\.ics| de liaison)/i.test(t))).toEqual([]);
	});

	it('never glues an opening parenthesis to the word before it', () => {
		// Inclusive endings "(e)", "(s)", "(es)" are the only exception (glossary convention).
		const glued = /\p{L}\((?!e\)|s\)|es\))/u;
		expect(offending('fr', (t) => glued.test(t))).toEqual([]);
		expect(offending('en', (t) => glued.test(t))).toEqual([]);
	});

	it('uses one inclusive convention in French: "salarié(e)", a doublet only when the word changes', () => {
		// No point médian, no "salarié ou salariée" doublet where "(e)" is the convention
		// ("un ou une" is kept: an article has no "(e)" form).
		expect(offending('fr', (t) => /\p{L}·\p{L}/u.test(t))).toEqual([]);
		expect(
			offending('fr', (t) =>
				[...t.matchAll(/\b(\p{L}+) ou (\p{L}+)\b/gu)].some(
					([, a = '', b = '']) =>
						a.toLowerCase() !== 'un' && b.toLowerCase() === `${a.toLowerCase()}e`
				)
			)
		).toEqual([]);
	});

	it('says the same questionnaire length everywhere', () => {
		const lengths = (locale: 'fr' | 'en') =>
			new Set(
				all(locale)
					.filter(([key]) => /^(common:home|questionnaire:|partenaires:)/.test(key))
					.flatMap(([, text]) => [...text.matchAll(/(\d+) minutes/g)].map((m) => m[1]))
			);
		expect(lengths('fr')).toEqual(new Set(['3']));
		expect(lengths('en')).toEqual(new Set(['3']));
	});

	it('writes French phone numbers in pairs: 36 46, 06 12 34 56 78', () => {
		expect(
			offending('fr', (t) => /\b3646\b|\b0[1-9]\d{8}\b|\b0[1-9](?:\.\d{2}){4}\b/.test(t))
		).toEqual([]);
		expect(offending('en', (t) => /\b3646\b|\b0[1-9]\d{8}\b/.test(t))).toEqual([]);
	});
});

describe('Svelte templates', () => {
	function svelteFiles(dir: string): string[] {
		return readdirSync(dir).flatMap((name) => {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) return svelteFiles(path);
			return path.endsWith('.svelte') ? [path] : [];
		});
	}

	it('never open a block with "(" on its next line (Svelte trims the space: "Leroy(Cabinet")', () => {
		const found = svelteFiles('src').flatMap((file) =>
			/\{#if [^}]*\}\n\s*\(/.test(readFileSync(file, 'utf8')) ? [file] : []
		);
		expect(found).toEqual([]);
	});
});
