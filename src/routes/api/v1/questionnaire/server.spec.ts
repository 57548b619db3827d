import { describe, expect, it } from 'vitest';
import {
	QUESTIONNAIRE_VERSION,
	arrets,
	fields,
	questions,
	rqthAnswers,
	sources,
	statuts
} from '$lib/questionnaire/definition';
import { locales } from '$lib/i18n/config';
import { createI18n } from '$lib/server/i18n';
import type { QuestionnaireDocument } from '$lib/server/api/questionnaire';
import { GET, fallback } from './+server';

type Event = Parameters<typeof GET>[0];

async function get(query = '', headers: Record<string, string> = {}, method = 'GET') {
	const url = new URL(`http://localhost/api/v1/questionnaire${query}`);
	const request = new Request(url, { method, headers });
	const event = { request, url } as unknown as Event;
	const response = await (method === 'GET' ? GET(event) : fallback(event));
	return {
		response,
		status: response.status,
		json: (await response.json()) as QuestionnaireDocument
	};
}

/** Every text key the endpoint reads (docs/api.md lists the convention). */
function expectedKeys(): string[] {
	const keys = fields.map((f) => `questionnaire:fields.${f}`);
	const profile = { statut: statuts, arret: arrets, rqth: rqthAnswers, source: sources };
	for (const [name, values] of Object.entries(profile)) {
		keys.push(`questionnaire:profile.${name}.label`);
		for (const value of values) keys.push(`questionnaire:profile.${name}.options.${value}`);
	}
	keys.push('questionnaire:profile.departement.label');
	for (const q of questions) {
		const p = `questionnaire:questions.${q.id}`;
		keys.push(`${p}.label`);
		for (const v of q.ownWording) keys.push(`${p}.${v}.label`);
		if (q.kind === 'scale') keys.push(`${p}.scale.min`, `${p}.scale.max`);
		else {
			for (const o of q.options) keys.push(`${p}.options.${o.id}`);
			for (const [v, options] of Object.entries(q.variantOptions ?? {}))
				for (const o of options) keys.push(`${p}.${v}.options.${o.id}`);
		}
	}
	return keys;
}

/** All the texts of a document, in a stable order. */
function allLabels(doc: QuestionnaireDocument): string[] {
	const out = doc.fields.map((f) => f.label);
	for (const [name, question] of Object.entries(doc.profile)) {
		out.push(question.label);
		// Département names are proper nouns, the same in every language.
		if (name !== 'departement') out.push(...question.options.map((o) => o.label));
	}
	for (const q of doc.questions) {
		out.push(q.label, ...(q.help ? [q.help] : []));
		for (const own of [q.ti, q.autre])
			if (own)
				out.push(
					own.label,
					...(own.help ? [own.help] : []),
					...(own.options ?? []).map((o) => o.label)
				);
		if (q.kind === 'choice') out.push(...q.options.map((o) => o.label));
		else out.push(q.scale.minLabel, q.scale.maxLabel);
	}
	return out;
}

describe('GET /api/v1/questionnaire', () => {
	it('has a text for every key it reads, in every locale', () => {
		for (const locale of locales) {
			const { i18n } = createI18n(locale);
			const missing = expectedKeys().filter(
				(key) => !i18n.exists(key, { lng: locale, fallbackLng: false })
			);
			expect({ locale, missing }).toEqual({ locale, missing: [] });
		}
	});

	it('publishes the versioned definition: 6 questions, 2 per field, in order', async () => {
		const { status, json } = await get('?lang=fr');
		expect(status).toBe(200);
		expect(json.version).toBe(QUESTIONNAIRE_VERSION);
		expect(json.language).toBe('fr');
		expect(json.variants).toEqual(['salarie', 'ti', 'autre']);
		expect(json.fields.map((f) => f.id)).toEqual([...fields]);
		expect(json.questions.map((q) => q.id)).toEqual(questions.map((q) => q.id));
		for (const field of fields) {
			expect(json.questions.filter((q) => q.field === field)).toHaveLength(2);
		}
		expect(json.profile.statut.options.map((o) => [o.value, o.variant])).toEqual(
			statuts.map((s) => [s, s.startsWith('ti_') ? 'ti' : s === 'autre' ? 'autre' : 'salarie'])
		);
		expect(json.profile.arret.options.map((o) => o.value)).toEqual([...arrets]);
		expect(json.profile.rqth.options.map((o) => o.value)).toEqual([...rqthAnswers]);
		expect(json.profile.source.options.map((o) => o.value)).toEqual([...sources]);
		expect(json.profile.departement.options).toHaveLength(101);
		expect(json.profile.departement.options).toContainEqual({ value: '2A', label: 'Corse-du-Sud' });
	});

	it('carries option ids and points, scale bounds and TI variants from the definition', async () => {
		const { json } = await get();
		for (const [i, q] of questions.entries()) {
			const published = json.questions[i]!;
			expect(published.kind).toBe(q.kind);
			expect(published.ti !== undefined).toBe(q.ownWording.includes('ti'));
			expect(published.autre !== undefined).toBe(q.ownWording.includes('autre'));
			if (q.kind === 'choice' && published.kind === 'choice') {
				expect(published.options.map(({ id, points }) => ({ id, points }))).toEqual(q.options);
				for (const v of ['ti', 'autre'] as const) {
					const own = q.variantOptions?.[v];
					const options = published[v]?.options?.map(({ id, points }) => ({ id, points }));
					if (own) expect(options).toEqual(own);
					else expect(options).toBeUndefined();
				}
			} else if (q.kind === 'scale' && published.kind === 'scale') {
				expect(published.scale).toMatchObject({ min: q.min, max: q.max, reversed: q.reversed });
			}
		}
	});

	it('publishes help texts exactly where the locale has one', async () => {
		const { json } = await get('?lang=en');
		const { i18n } = createI18n('en');
		for (const q of json.questions) {
			const key = `questionnaire:questions.${q.id}`;
			expect(q.help).toBe(i18n.exists(`${key}.help`) ? i18n.t(`${key}.help`) : undefined);
			for (const v of ['ti', 'autre'] as const)
				if (q[v])
					expect(q[v].help).toBe(
						i18n.exists(`${key}.${v}.help`) ? i18n.t(`${key}.${v}.help`) : undefined
					);
		}
		expect(json.questions.filter((q) => q.help !== undefined).length).toBeGreaterThan(0);
	});

	it('localizes every text, French and English differ', async () => {
		const fr = await get('?lang=fr');
		const en = await get('?lang=en');
		const frLabels = allLabels(fr.json);
		const enLabels = allLabels(en.json);
		for (const label of [...frLabels, ...enLabels]) {
			expect(label.trim().length).toBeGreaterThan(0);
			expect(label).not.toMatch(/^(questionnaire:)?(questions|fields|profile)\./);
		}
		expect(fr.json.questions.map((q) => q.label)).not.toEqual(
			en.json.questions.map((q) => q.label)
		);
		expect(fr.json.fields.map((q) => q.label)).not.toEqual(en.json.fields.map((q) => q.label));
	});

	it('negotiates the language: ?lang, then Accept-Language, then French', async () => {
		expect((await get('', { 'accept-language': 'en-US,en;q=0.8' })).json.language).toBe('en');
		expect((await get('?lang=fr', { 'accept-language': 'en' })).json.language).toBe('fr');
		expect((await get('?lang=de', { 'accept-language': 'de, en;q=0.5' })).json.language).toBe('en');
		expect((await get('?lang=<script>')).json.language).toBe('fr');
		expect((await get()).json.language).toBe('fr');
	});

	it('is cacheable for 5 minutes and varies on Accept-Language', async () => {
		const { response } = await get('', { 'accept-language': 'en' });
		expect(response.headers.get('cache-control')).toBe('public, max-age=300');
		expect(response.headers.get('vary')).toBe('Accept-Language');
		expect(response.headers.get('content-language')).toBe('en');
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
	});

	it('answers 405 in JSON for other methods', async () => {
		const { status, response } = await get('?lang=en', {}, 'DELETE');
		expect(status).toBe(405);
		expect(response.headers.get('allow')).toBe('GET, HEAD');
		const body = (await get('?lang=en', {}, 'PUT')).json as unknown as { error: { code: string } };
		expect(body.error.code).toBe('method_not_allowed');
	});
});
