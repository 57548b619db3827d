/**
 * Wording rules of docs/domain/glossary.md ("Wording") that can be checked mechanically,
 * over every string of every locale file.
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

	it('never gives the 36 46 without saying it may differ from the overseas départements (#13 §1)', () => {
		// The 36 46's access from 971–976 is not confirmed (docs/domain/actors-and-contacts.md).
		// Only the result page's variant for a known metropolitan département may leave it out.
		const metropolitanOnly = new Set(['questionnaire:result.next.serviceSocial.howMetropolitan']);
		const caveat = { fr: /outre-mer/, en: /overseas/ };
		for (const locale of ['fr', 'en'] as const) {
			expect(
				offending(
					locale,
					(t, key) => /36 46/.test(t) && !metropolitanOnly.has(key) && !caveat[locale].test(t)
				)
			).toEqual([]);
		}
	});

	it('states no 971/972 closure (21 July, Good Friday) as certain to the public (#13 §3)', () => {
		// Both are customary closures, not fêtes légales, and staff can lift them (ADR 038).
		const staffOnly = /^(agendas|backoffice|staff|equipe|stats):/;
		expect(
			offending(
				'fr',
				(t, key) =>
					!staffOnly.test(key) && /21 juillet|Schœlcher|Schoelcher|vendredi saint/i.test(t)
			)
		).toEqual([]);
		expect(
			offending(
				'en',
				(t, key) => !staffOnly.test(key) && /21 July|Schœlcher|Schoelcher|Good Friday/i.test(t)
			)
		).toEqual([]);
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
