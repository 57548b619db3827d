import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isDispositifId } from '$lib/dispositifs/catalogue';
import { QUESTIONNAIRE_VERSION, autreEquivalents } from '$lib/questionnaire/definition';
import { MAX_BODY_BYTES, MAX_DRAIN_BYTES } from '$lib/server/api/http';
import { POST, fallback } from './+server';
import { sampleAnswers, sampleTiAnswers } from '../../../../../tests/fixtures/answers';

type Event = Parameters<typeof POST>[0];
/** A parsed JSON answer: the tests read arbitrary shapes from it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON under test, asserted field by field
type Json = Record<string, any>;

const answers = sampleAnswers;
const tiAnswers = sampleTiAnswers;
const profile = { statut: 'salarie_cdi', arret: 'maladie', rqth: 'non' } as const;

interface Options {
	headers?: Record<string, string>;
	lang?: string;
	method?: string;
}

async function call(body: BodyInit | null, { headers = {}, lang, method = 'POST' }: Options = {}) {
	const url = new URL(`http://localhost/api/v1/scoring${lang ? `?lang=${lang}` : ''}`);
	const request = new Request(url, {
		method,
		headers: { 'content-type': 'application/json', ...headers },
		body,
		duplex: 'half'
	} as RequestInit);
	const event = { request, url } as unknown as Event;
	const response = await (method === 'POST' ? POST(event) : fallback(event));
	const text = await response.text();
	return { response, status: response.status, json: JSON.parse(text) as Json };
}

/** The « autre » option meaning the same risk as a salarié `relation_travail` option. */
const autreEquivalentOf = (salarieId: unknown) =>
	Object.keys(autreEquivalents).find((id) => autreEquivalents[id] === salarieId);

const post = (body: unknown, options?: Options) => call(JSON.stringify(body), options);

/** Asserts the error envelope and returns `path:code` of each issue. */
function expectError(json: Json, code: string): string[] {
	expect(json.error.code).toBe(code);
	expect(typeof json.error.message).toBe('string');
	expect(json.error.message.length).toBeGreaterThan(0);
	expect(Array.isArray(json.error.issues)).toBe(true);
	for (const issue of json.error.issues) {
		expect(Object.keys(issue).sort()).toEqual(['code', 'message', 'path']);
		expect(issue.message).not.toMatch(/^api:|^issues\./);
	}
	return json.error.issues.map((i: { path: string; code: string }) => `${i.path}:${i.code}`);
}

describe('POST /api/v1/scoring — success', () => {
	it('scores a salarié and recommends dispositifs from the profile', async () => {
		const { status, response, json } = await post({ answers, profile });
		expect(status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		expect(json).toMatchObject({
			questionnaireVersion: QUESTIONNAIRE_VERSION,
			variant: 'salarie',
			score: 45,
			total: 27,
			points: { sante: 13, travail: 7, social: 7 },
			baseLevel: 'modere',
			level: 'modere',
			escalations: ['arret_long'],
			distress: false
		});
		expect(json.recommendedDispositifs.length).toBeGreaterThan(0);
		expect(json.recommendedDispositifs.every(isDispositifId)).toBe(true);
	});

	it('uses the TI variant from statut, profile.statut or variant', async () => {
		for (const body of [
			{ statut: 'ti_artisan', answers: tiAnswers },
			{ variant: 'ti', answers: tiAnswers },
			{ answers: tiAnswers, profile: { ...profile, statut: 'ti_liberal' } },
			{
				variant: 'ti',
				statut: 'ti_commercant',
				answers: tiAnswers,
				profile: { ...profile, statut: 'ti_commercant' }
			}
		]) {
			const { status, json } = await post(body);
			expect(status).toBe(200);
			expect(json.variant).toBe('ti');
			expect(json.points.travail).toBe(4 + 10);
		}
	});

	it('defaults to the salarié variant', async () => {
		for (const body of [{ answers }, { statut: 'salarie_interim', answers }]) {
			const { status, json } = await post(body);
			expect(status).toBe(200);
			expect(json.variant).toBe('salarie');
		}
	});

	it('scores statut « autre » in its own variant since 2026.2, like its salarié equivalent', async () => {
		const autreAnswers = {
			...answers,
			relation_travail: autreEquivalentOf(answers.relation_travail)
		};
		const autre = await post({ statut: 'autre', answers: autreAnswers });
		expect(autre.status).toBe(200);
		expect(autre.json.variant).toBe('autre');
		expect(autre.json.questionnaireVersion).toBe('2026.2');
		const salarie = await post({ answers });
		for (const key of ['level', 'score', 'total', 'points', 'escalations', 'distress'])
			expect(autre.json[key]).toEqual(salarie.json[key]);
		// The salarié options no longer fit « autre »: an employer relationship means nothing there.
		const wrong = await post({ statut: 'autre', answers });
		expect(wrong.status).toBe(400);
	});

	it('recommends nothing without a profile', async () => {
		const { json } = await post({ answers });
		expect(json.recommendedDispositifs).toEqual([]);
	});

	it('reports distress and escalations', async () => {
		const { json } = await post({
			answers: { ...answers, difficultes_vie: 'a_bout', attente_retour: 2, capacite_travail: 9 }
		});
		expect(json.distress).toBe(true);
		expect(json.escalations).toEqual(['attente_retour_basse', 'arret_long']);
		expect(json.level).toBe('eleve');
	});

	it('accepts a charset parameter and a BOM', async () => {
		const { status } = await call(`\uFEFF${JSON.stringify({ answers })}`, {
			headers: { 'content-type': 'application/json; charset=UTF-8' }
		});
		expect(status).toBe(200);
	});
});

describe('POST /api/v1/scoring — rejected input', () => {
	it('rejects malformed JSON and empty bodies', async () => {
		for (const body of ['{"answers": ', '', 'undefined', "{'a': 1}", '{"answers":{}}}']) {
			const { status, json } = await call(body);
			expect(status).toBe(400);
			expect(expectError(json, 'malformed_json')).toEqual([]);
		}
		const { status, json } = await call(null);
		expect(status).toBe(400);
		expectError(json, 'malformed_json');
	});

	it('rejects invalid UTF-8', async () => {
		const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]);
		const { status, json } = await call(bytes);
		expect(status).toBe(400);
		expectError(json, 'malformed_json');
	});

	it('rejects other content types', async () => {
		const types = [
			'text/plain',
			'application/xml',
			'application/x-www-form-urlencoded',
			'application/json; charset=latin1',
			''
		];
		for (const type of types) {
			const { status, json } = await call(JSON.stringify({ answers }), {
				headers: { 'content-type': type }
			});
			expect(status).toBe(400);
			expectError(json, 'unsupported_media_type');
		}
	});

	it('rejects a body declared larger than 16 KB before reading it', async () => {
		const { status, json } = await call(JSON.stringify({ answers }), {
			headers: { 'content-length': String(MAX_BODY_BYTES + 1) }
		});
		expect(status).toBe(400);
		expectError(json, 'payload_too_large');
	});

	it('rejects a 100 KB body', async () => {
		const body = JSON.stringify({ answers: { ...answers, duree_arret: 'x'.repeat(100_000) } });
		const { status, json } = await call(body);
		expect(status).toBe(400);
		expect(json.error.message).toContain(String(MAX_BODY_BYTES));
		expectError(json, 'payload_too_large');
	});

	it('stops reading an endless chunked body', async () => {
		let pulled = 0;
		const endless = new ReadableStream<Uint8Array>({
			pull(controller) {
				pulled++;
				controller.enqueue(new TextEncoder().encode(' '.repeat(1024)));
			}
		});
		const { status, json } = await call(endless);
		expect(status).toBe(400);
		expectError(json, 'payload_too_large');
		// It reads at most the body limit plus what it drains so that the client gets the 400
		// (and the few chunks a stream pulls ahead).
		expect(pulled * 1024).toBeLessThanOrEqual(MAX_BODY_BYTES + MAX_DRAIN_BYTES + 8 * 1024);
	});

	it('accepts a body of exactly 16 KB', async () => {
		const base = JSON.stringify({ answers });
		const { status } = await call(base + ' '.repeat(MAX_BODY_BYTES - base.length));
		expect(status).toBe(200);
	});

	it('reports missing answers and missing questions', async () => {
		let { status, json } = await post({ profile });
		expect(status).toBe(400);
		expect(expectError(json, 'validation_failed')).toEqual(['answers:required']);

		const { attente_retour: _a, ...partial } = answers;
		({ status, json } = await post({ answers: partial }));
		expect(status).toBe(400);
		expect(expectError(json, 'validation_failed')).toEqual(['answers.attente_retour:required']);

		({ status, json } = await post({ answers: { ...answers, duree_arret: undefined } }));
		expect(status).toBe(400);
		expect(expectError(json, 'validation_failed')).toEqual(['answers.duree_arret:required']);
	});

	it('reports unknown keys one by one, at any depth', async () => {
		const { status, json } = await post({
			answers: { ...answers, commentaire: 'x' },
			profile: { ...profile, age: 50 },
			token: 'abc'
		});
		expect(status).toBe(400);
		expect(expectError(json, 'validation_failed').sort()).toEqual([
			'answers.commentaire:unknown_field',
			'profile.age:unknown_field',
			'token:unknown_field'
		]);
	});

	it('reports wrong types', async () => {
		const { json } = await post({
			answers: { ...answers, capacite_travail: '4', attente_retour: 2.5, duree_arret: 3 },
			profile: 'cdi'
		});
		expect(expectError(json, 'validation_failed')).toEqual([
			'answers.duree_arret:invalid_option',
			'answers.capacite_travail:invalid_type',
			'answers.attente_retour:not_integer',
			'profile:invalid_type'
		]);
		for (const body of [[], null, 'answers', 42, true]) {
			const res = await post(body);
			expect(res.status).toBe(400);
			expect(expectError(res.json, 'validation_failed')).toEqual([':invalid_type']);
		}
	});

	it('reports out-of-range scale values with their bounds', async () => {
		const { json } = await post(
			{ answers: { ...answers, capacite_travail: 11, attente_retour: -1 } },
			{ lang: 'en' }
		);
		expect(expectError(json, 'validation_failed')).toEqual([
			'answers.capacite_travail:too_big',
			'answers.attente_retour:too_small'
		]);
		expect(json.error.issues[0].message).toContain('10');
		expect(json.error.issues[1].message).toContain('0');
	});

	it('rejects a TI option on the salarié variant and the reverse', async () => {
		let { status, json } = await post({ answers: tiAnswers });
		expect(status).toBe(400);
		expect(expectError(json, 'validation_failed')).toEqual([
			'answers.relation_travail:invalid_option'
		]);
		expect(json.error.issues[0].message).toContain('conflit');

		({ status, json } = await post({ statut: 'ti_artisan', answers }));
		expect(status).toBe(400);
		expect(expectError(json, 'validation_failed')).toEqual([
			'answers.relation_travail:invalid_option'
		]);
	});

	it('rejects conflicting variant, statut and profile', async () => {
		let { json } = await post({ variant: 'salarie', statut: 'ti_artisan', answers });
		expect(expectError(json, 'validation_failed')).toEqual(['variant:variant_conflict']);
		({ json } = await post({
			statut: 'salarie_cdi',
			answers,
			profile: { ...profile, statut: 'salarie_cdd' }
		}));
		expect(expectError(json, 'validation_failed')).toEqual(['profile.statut:statut_conflict']);
		({ json } = await post({ variant: 'ti', answers: tiAnswers, profile }));
		expect(expectError(json, 'validation_failed')).toEqual(['variant:variant_conflict']);
	});

	it('validates the optional profile fields', async () => {
		let { status, json } = await post({
			answers,
			profile: { ...profile, departement: '2A', source: 'employeur' }
		});
		expect(status).toBe(200);
		expect(json.variant).toBe('salarie');
		({ status, json } = await post({
			answers,
			profile: { ...profile, departement: '20', source: 'x' }
		}));
		expect(status).toBe(400);
		expect(expectError(json, 'validation_failed')).toEqual([
			'profile.departement:invalid_departement',
			'profile.source:invalid_option'
		]);
		({ json } = await post({ answers, profile: { statut: 'salarie_cdi' } }));
		expect(expectError(json, 'validation_failed')).toEqual([
			'profile.arret:required',
			'profile.rqth:required'
		]);
	});

	it('never echoes unicode or HTML payloads into messages', async () => {
		const nasty = '<img src=x onerror=alert(1)>\u202e\u0000😀';
		const { status, json } = await post({
			answers: { ...answers, duree_arret: nasty, [nasty]: nasty },
			[nasty.repeat(20)]: 1
		});
		expect(status).toBe(400);
		const codes = expectError(json, 'validation_failed');
		expect(codes).toContain('answers.duree_arret:invalid_option');
		for (const issue of json.error.issues) expect(issue.message).not.toContain('<img');
		// Keys are echoed only in `path`, cut at 64 characters.
		for (const issue of json.error.issues) expect(issue.path.length).toBeLessThanOrEqual(80);
	});

	it('is not polluted by __proto__ keys', async () => {
		const body = `{"__proto__": {"answers": ${JSON.stringify(answers)}}, "constructor": {"prototype": {"x": 1}}}`;
		const { status, json } = await call(body);
		expect(status).toBe(400);
		expect(expectError(json, 'validation_failed').sort()).toEqual([
			'__proto__:unknown_field',
			'answers:required',
			'constructor:unknown_field'
		]);
		expect(({} as Record<string, unknown>).answers).toBeUndefined();
	});

	it('survives deeply nested JSON', async () => {
		const depth = 5_000;
		const { status, json } = await call('['.repeat(depth) + ']'.repeat(depth));
		expect(status).toBe(400);
		expectError(json, 'validation_failed');
	});

	it('caps the number of issues', async () => {
		const extra = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]));
		const { status, json } = await post({ answers, ...extra });
		expect(status).toBe(400);
		expect(json.error.issues).toHaveLength(50);
	});

	it('localizes messages with ?lang or Accept-Language', async () => {
		const fr = await post({ answers: { ...answers, capacite_travail: 11 } });
		const en = await post({ answers: { ...answers, capacite_travail: 11 } }, { lang: 'en' });
		const header = await post(
			{ answers: { ...answers, capacite_travail: 11 } },
			{ headers: { 'accept-language': 'en-GB,en;q=0.9' } }
		);
		expect(fr.response.headers.get('content-language')).toBe('fr');
		expect(en.response.headers.get('content-language')).toBe('en');
		expect(fr.json.error.message).not.toBe(en.json.error.message);
		expect(fr.json.error.issues[0].message).not.toBe(en.json.error.issues[0].message);
		expect(header.json).toEqual(en.json);
	});

	it('answers 405 in JSON for other methods', async () => {
		const { status, response, json } = await call(null, { method: 'GET' });
		expect(status).toBe(405);
		expect(response.headers.get('allow')).toBe('POST');
		expectError(json, 'method_not_allowed');
	});

	it('answers 200 or 400, never anything else, for any JSON body', async () => {
		const nearlyValid = fc.record(
			{
				variant: fc.oneof(fc.constantFrom('salarie', 'ti'), fc.jsonValue()),
				statut: fc.oneof(fc.constantFrom('ti_artisan', 'salarie_cdi', 'autre'), fc.jsonValue()),
				answers: fc.oneof(
					fc.constant(answers),
					fc.dictionary(fc.constantFrom(...Object.keys(answers), 'x'), fc.jsonValue())
				),
				profile: fc.oneof(fc.constant(profile), fc.jsonValue())
			},
			{ requiredKeys: [] }
		);
		await fc.assert(
			fc.asyncProperty(fc.oneof(fc.jsonValue(), nearlyValid), async (body) => {
				const { status, json } = await post(body);
				expect([200, 400]).toContain(status);
				if (status === 400)
					expect(['validation_failed', 'payload_too_large']).toContain(json.error.code);
				else expect(['faible', 'modere', 'eleve']).toContain(json.level);
			}),
			{ numRuns: 300 }
		);
	});
});
