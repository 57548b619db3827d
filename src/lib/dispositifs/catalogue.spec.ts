import { describe, expect, it } from 'vitest';
import { questionById, type ChoiceQuestion } from '$lib/questionnaire/definition';
import fr from '$lib/i18n/locales/dispositifs/fr.json';
import en from '$lib/i18n/locales/dispositifs/en.json';
import {
	DISPOSITIFS_VERSION,
	contactKinds,
	dispositifById,
	dispositifIds,
	dispositifs,
	dureesArret,
	hasCaution,
	isDispositifId,
	itemTextKeys,
	sections
} from './catalogue';

type Json = { [key: string]: string | Json };
const locales = { fr, en } as Record<'fr' | 'en', Json>;

function text(messages: Json, path: string): string | undefined {
	let node: string | Json | undefined = messages;
	for (const part of path.split('.')) {
		if (node === undefined || typeof node === 'string') return undefined;
		node = node[part];
	}
	return typeof node === 'string' ? node : undefined;
}

describe('catalogue data', () => {
	it('has a version', () => {
		expect(DISPOSITIFS_VERSION).toMatch(/^\d{4}\.\d+$/);
	});

	it('has exactly one entry per id, in the order of the ids', () => {
		expect(dispositifs.map((d) => d.id)).toEqual([...dispositifIds]);
	});

	it('uses kebab-case ids (they are URLs)', () => {
		for (const id of dispositifIds) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
	});

	it('has the dispositifs of docs/domain/dispositifs.md', () => {
		for (const id of [
			'visite-pre-reprise',
			'rendez-vous-liaison',
			'visite-reprise',
			'essai-encadre',
			'crpe',
			'psop',
			'bilan-competences',
			'temps-partiel-therapeutique',
			'pmsmp',
			'rqth',
			'inclu-pro',
			'inaptitude-reclassement',
			'invalidite',
			'consultation-medico-professionnelle',
			'ama'
		]) {
			expect(isDispositifId(id)).toBe(true);
		}
		expect(isDispositifId('inconnu')).toBe(false);
		expect(isDispositifId(undefined)).toBe(false);
		expect(() => dispositifById('inconnu' as never)).toThrow();
	});

	it('keeps the arrêt durations equal to the questionnaire options', () => {
		const question = questionById('duree_arret') as ChoiceQuestion;
		expect(question.options.map((o) => o.id)).toEqual([...dureesArret]);
	});

	it('gives every dispositif an audience, a contact and a recommendation rule', () => {
		for (const d of dispositifs) {
			expect(d.audience.statuts.length, d.id).toBeGreaterThan(0);
			expect(d.audience.origines.length, d.id).toBeGreaterThan(0);
			expect(d.contacts.length, d.id).toBeGreaterThan(0);
			expect(d.recommend.when.length, d.id).toBeGreaterThan(0);
			for (const group of d.recommend.when) expect(group.length, d.id).toBeGreaterThan(0);
		}
	});

	it('keeps pré-reprise and rendez-vous de liaison for arrêts of more than 30 days', () => {
		expect(dispositifById('visite-pre-reprise').audience.minDureeArret).toBe('1_3_mois');
		expect(dispositifById('rendez-vous-liaison').audience.minDureeArret).toBe('1_3_mois');
	});

	it('keeps the employer-based dispositifs for salariés only', () => {
		for (const id of [
			'visite-pre-reprise',
			'rendez-vous-liaison',
			'visite-reprise',
			'crpe',
			'essai-encadre'
		] as const) {
			expect(dispositifById(id).audience.statuts).toEqual(['salarie']);
		}
		for (const id of ['consultation-medico-professionnelle', 'ama'] as const) {
			expect(dispositifById(id).audience.statuts).toEqual(['ti']);
		}
	});
});

describe('catalogue texts', () => {
	for (const [locale, messages] of Object.entries(locales)) {
		it(`has every text of every dispositif in ${locale}`, () => {
			for (const d of dispositifs) {
				for (const key of itemTextKeys) {
					expect(
						text(messages, `items.${d.id}.${key}`),
						`${locale} items.${d.id}.${key}`
					).toBeTruthy();
				}
				const caution = text(messages, `items.${d.id}.caution`);
				// A caution exists exactly when a fact is not certain.
				expect(Boolean(caution), `${locale} items.${d.id}.caution`).toBe(hasCaution(d));
			}
		});

		it(`has no text for unknown dispositifs in ${locale}`, () => {
			expect(Object.keys(messages.items as Json).sort()).toEqual([...dispositifIds].sort());
		});

		it(`has the section, contact, code and audience labels in ${locale}`, () => {
			for (const section of sections)
				expect(text(messages, `detail.sections.${section}`)).toBeTruthy();
			for (const contact of contactKinds) {
				expect(text(messages, `contacts.${contact}.name`)).toBeTruthy();
				expect(text(messages, `contacts.${contact}.how`)).toBeTruthy();
			}
			for (const d of dispositifs) {
				for (const ref of d.legal)
					expect(text(messages, `detail.legal.codes.${ref.code}`)).toBeTruthy();
				for (const s of d.audience.statuts)
					expect(text(messages, `audience.statuts.${s}`)).toBeTruthy();
				for (const o of d.audience.origines)
					expect(text(messages, `audience.origines.${o}`)).toBeTruthy();
			}
		});
	}

	it('has the same keys in fr and en', () => {
		const keys = (node: Json, prefix = ''): string[] =>
			Object.entries(node).flatMap(([k, v]) =>
				typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`)
			);
		expect(keys(locales.en).sort()).toEqual(keys(locales.fr).sort());
	});

	it('uses the same interpolation variables in fr and en', () => {
		const vars = (s: string | undefined) =>
			[...(s ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
		for (const key of ['guide.count_one', 'guide.count_other', 'audience.for', 'audience.arret']) {
			expect(vars(text(locales.en, key)), key).toEqual(vars(text(locales.fr, key)));
		}
	});
});
