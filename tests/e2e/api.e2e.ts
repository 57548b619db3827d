import { expect, test, type APIResponse } from '@playwright/test';
import { QUESTIONNAIRE_VERSION } from '../../src/lib/questionnaire/definition';
import { isDispositifId } from '../../src/lib/dispositifs/catalogue';
import { sampleAnswers, sampleTiAnswers } from '../fixtures/answers';

/** Partner API against the production build (docs/api.md). */

const answers = sampleAnswers;
const tiAnswers = sampleTiAnswers;
const profile = { statut: 'salarie_cdi', arret: 'maladie', rqth: 'non' };

interface ErrorBody {
	error: {
		code: string;
		message: string;
		issues: { path: string; code: string; message: string }[];
	};
}

async function expectError(response: APIResponse, code: string): Promise<ErrorBody['error']> {
	expect(response.status()).toBe(400);
	expect(response.headers()['content-type']).toMatch(/^application\/json/);
	const body = (await response.json()) as ErrorBody;
	expect(body.error.code).toBe(code);
	expect(body.error.message.length).toBeGreaterThan(0);
	return body.error;
}

/** Sends bytes as they are (Playwright would JSON-encode a string sent as application/json). */
const rawJson = (data: string | Buffer, contentType = 'application/json') => ({
	data: typeof data === 'string' ? Buffer.from(data, 'utf8') : data,
	headers: { 'content-type': contentType }
});

test.describe('GET /api/v1/questionnaire', () => {
	test('French and English documents with 6 questions, 2 per field', async ({ request }) => {
		const fr = await request.get('/api/v1/questionnaire?lang=fr');
		const en = await request.get('/api/v1/questionnaire', {
			headers: { 'accept-language': 'en-GB,en;q=0.9' }
		});
		expect(fr.status()).toBe(200);
		expect(en.status()).toBe(200);
		expect(fr.headers()['cache-control']).toBe('public, max-age=300');
		expect(fr.headers()['vary']).toContain('Accept-Language');
		expect(en.headers()['content-language']).toBe('en');

		const frDoc = await fr.json();
		const enDoc = await en.json();
		expect(frDoc.version).toBe(QUESTIONNAIRE_VERSION);
		expect(frDoc.language).toBe('fr');
		expect(enDoc.language).toBe('en');
		for (const doc of [frDoc, enDoc]) {
			expect(doc.questions).toHaveLength(6);
			for (const field of ['travail', 'sante', 'social']) {
				expect(doc.questions.filter((q: { field: string }) => q.field === field)).toHaveLength(2);
			}
		}
		const labels = (doc: { questions: { label: string }[] }) => doc.questions.map((q) => q.label);
		expect(labels(frDoc)).not.toEqual(labels(enDoc));
		expect(frDoc.fields[0].label).not.toBe(enDoc.fields[0].label);
	});

	test('HEAD works and other methods get a JSON 405', async ({ request }) => {
		expect((await request.head('/api/v1/questionnaire')).status()).toBe(200);
		const del = await request.delete('/api/v1/questionnaire');
		expect(del.status()).toBe(405);
		expect(((await del.json()) as ErrorBody).error.code).toBe('method_not_allowed');
	});
});

test.describe('POST /api/v1/scoring', () => {
	test('scores a salarié with a profile', async ({ request }) => {
		const response = await request.post('/api/v1/scoring', { data: { answers, profile } });
		expect(response.status()).toBe(200);
		expect(response.headers()['cache-control']).toBe('no-store');
		const body = await response.json();
		expect(body).toMatchObject({
			questionnaireVersion: QUESTIONNAIRE_VERSION,
			variant: 'salarie',
			level: 'modere',
			score: 45,
			total: 27,
			points: { sante: 13, travail: 7, social: 7 },
			escalations: ['arret_long'],
			distress: false
		});
		expect(body.recommendedDispositifs.length).toBeGreaterThan(0);
		expect(body.recommendedDispositifs.every(isDispositifId)).toBe(true);
	});

	test('scores a travailleur indépendant', async ({ request }) => {
		const response = await request.post('/api/v1/scoring', {
			data: {
				statut: 'ti_artisan',
				answers: tiAnswers,
				profile: { ...profile, statut: 'ti_artisan' }
			}
		});
		expect(response.status()).toBe(200);
		const body = await response.json();
		expect(body.variant).toBe('ti');
		expect(body.points.travail).toBe(14);
		expect(body.recommendedDispositifs.every(isDispositifId)).toBe(true);
	});

	test('rejects malformed JSON', async ({ request }) => {
		const error = await expectError(
			await request.post('/api/v1/scoring', rawJson('{"answers": {')),
			'malformed_json'
		);
		expect(error.issues).toEqual([]);
	});

	test('rejects a non-JSON content type', async ({ request }) => {
		await expectError(
			await request.post(
				'/api/v1/scoring',
				rawJson(JSON.stringify({ answers }), 'application/xml')
			),
			'unsupported_media_type'
		);
		// Form content types without an Origin header are stopped by SvelteKit's CSRF check.
		const form = await request.post(
			'/api/v1/scoring',
			rawJson(JSON.stringify({ answers }), 'text/plain')
		);
		expect(form.status()).toBeGreaterThanOrEqual(400);
		expect(form.status()).toBeLessThan(500);
	});

	test('rejects missing answers, extra keys, wrong types and out-of-range values', async ({
		request
	}) => {
		const cases: { data: unknown; issues: string[] }[] = [
			{ data: { profile }, issues: ['answers:required'] },
			{ data: { answers, extra: true }, issues: ['extra:unknown_field'] },
			{
				data: { answers: { ...answers, capacite_travail: 'quatre' } },
				issues: ['answers.capacite_travail:invalid_type']
			},
			{
				data: { answers: { ...answers, attente_retour: 11 } },
				issues: ['answers.attente_retour:too_big']
			},
			{
				data: { answers: { ...answers, attente_retour: -3 } },
				issues: ['answers.attente_retour:too_small']
			},
			{ data: { answers: tiAnswers }, issues: ['answers.relation_travail:invalid_option'] }
		];
		for (const { data, issues } of cases) {
			const error = await expectError(
				await request.post('/api/v1/scoring?lang=en', { data }),
				'validation_failed'
			);
			expect(error.issues.map((i) => `${i.path}:${i.code}`)).toEqual(issues);
			for (const issue of error.issues) expect(issue.message.length).toBeGreaterThan(0);
		}
	});

	test('rejects a 100 KB body', async ({ request }) => {
		const big = JSON.stringify({ answers: { ...answers, duree_arret: 'x'.repeat(100 * 1024) } });
		await expectError(await request.post('/api/v1/scoring', rawJson(big)), 'payload_too_large');
	});

	test('rejects an oversized chunked body (no Content-Length)', async ({ baseURL }) => {
		const chunk = new TextEncoder().encode(`{"answers": "${'x'.repeat(8 * 1024)}`);
		let sent = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (sent++ < 12) controller.enqueue(chunk);
				else controller.close();
			}
		});
		// Node's fetch streams the body chunked; the e2e server listens on IPv4 only.
		const url = new URL('/api/v1/scoring', baseURL);
		if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body,
			duplex: 'half'
		} as RequestInit);
		expect(response.status).toBe(400);
		expect(((await response.json()) as ErrorBody).error.code).toBe('payload_too_large');
	});

	test('rejects unicode and HTML payloads without echoing them', async ({ request }) => {
		const nasty = '<script>alert("x")</script>\u202e😀\u0000';
		const response = await request.post('/api/v1/scoring', {
			data: { answers: { ...answers, duree_arret: nasty, difficultes_vie: nasty.repeat(50) } }
		});
		const error = await expectError(response, 'validation_failed');
		expect(error.issues.map((i) => `${i.path}:${i.code}`)).toEqual([
			'answers.duree_arret:invalid_option',
			'answers.difficultes_vie:invalid_option'
		]);
		expect(JSON.stringify(error)).not.toContain('<script>');
	});

	test('localizes error messages', async ({ request }) => {
		const data = { answers: { ...answers, attente_retour: 11 } };
		const fr = (await (
			await request.post('/api/v1/scoring?lang=fr', { data })
		).json()) as ErrorBody;
		const en = (await (
			await request.post('/api/v1/scoring', { data, headers: { 'accept-language': 'en' } })
		).json()) as ErrorBody;
		expect(fr.error.message).not.toBe(en.error.message);
		expect(fr.error.issues[0]!.message).not.toBe(en.error.issues[0]!.message);
	});

	test('never answers 500 to hostile bodies', async ({ request }) => {
		const bodies: string[] = [
			'',
			'null',
			'[]',
			'"answers"',
			'1e999',
			'{"__proto__": {"answers": {}}}',
			'{"constructor": {"prototype": {"polluted": 1}}}',
			'['.repeat(4000) + ']'.repeat(4000),
			JSON.stringify({
				answers: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`q${i}`, i]))
			}),
			JSON.stringify({ answers, profile: { ...profile, departement: '999' } }),
			JSON.stringify({ variant: 'ti', statut: 'salarie_cdi', answers })
		];
		for (const body of bodies) {
			const response = await request.post('/api/v1/scoring', rawJson(body));
			expect(response.status(), body.slice(0, 60)).toBe(400);
			expect(((await response.json()) as ErrorBody).error.code).toMatch(
				/^(malformed_json|validation_failed)$/
			);
		}
		const invalidUtf8 = Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]);
		await expectError(
			await request.post('/api/v1/scoring', rawJson(invalidUtf8)),
			'malformed_json'
		);
	});

	test('other methods get a JSON 405', async ({ request }) => {
		const response = await request.get('/api/v1/scoring');
		expect(response.status()).toBe(405);
		expect(response.headers()['allow']).toBe('POST');
		expect(((await response.json()) as ErrorBody).error.code).toBe('method_not_allowed');
	});
});

test.describe('GET /api/v1/departements and créneaux', () => {
	test('lists the 101 départements with organisme and time zone', async ({ request }) => {
		const response = await request.get('/api/v1/departements');
		expect(response.status()).toBe(200);
		const body = (await response.json()) as {
			departements: { code: string; timeZone: string; organisme: { name: string } }[];
		};
		expect(body.departements).toHaveLength(101);
		expect(body.departements.map((d) => d.code)).toEqual(
			expect.arrayContaining(['2A', '2B', '971', '972', '973', '974', '976'])
		);
		expect(body.departements.find((d) => d.code === '973')).toMatchObject({
			timeZone: 'America/Cayenne',
			organisme: { name: 'CGSS Guyane' }
		});
	});

	test('lists free slots with the département offset, without personal data', async ({
		request
	}) => {
		const response = await request.get('/api/v1/departements/974/creneaux?mode=telephone');
		expect(response.status()).toBe(200);
		const body = (await response.json()) as {
			timeZone: string;
			creneaux: { start: string; end: string; mode: string }[];
		};
		expect(body.timeZone).toBe('Indian/Reunion');
		expect(body.creneaux.length).toBeGreaterThan(10);
		for (const slot of body.creneaux) {
			expect(slot.start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\+04:00$/);
			expect(new Date(slot.end).getTime() - new Date(slot.start).getTime()).toBe(45 * 60 * 1000);
		}
		const first = new Date(body.creneaux[0]!.start).getTime();
		const last = new Date(body.creneaux.at(-1)!.start).getTime();
		expect(first).toBeGreaterThan(Date.now());
		expect(last - Date.now()).toBeLessThan(15 * 24 * 60 * 60 * 1000);
		expect(JSON.stringify(body)).not.toMatch(/@|nom|prenom/);
		const inPerson = (await (
			await request.get('/api/v1/departements/69/creneaux?mode=accueil')
		).json()) as { creneaux: { pointAccueil: { demo: boolean } | null }[] };
		expect(inPerson.creneaux[0]?.pointAccueil?.demo).toBe(true);
	});

	test('answers 404 for an unknown département and 400 for a bad mode', async ({ request }) => {
		const unknown = await request.get('/api/v1/departements/20/creneaux?mode=telephone');
		expect(unknown.status()).toBe(404);
		expect(((await unknown.json()) as ErrorBody).error.code).toBe('not_found');
		// Unknown parameters (`extra=1`, `utm_*`) are ignored, not refused: tests/integration/bsplit.spec.ts.
		for (const query of ['', '?mode=fax', `?mode=${'x'.repeat(5000)}`]) {
			const bad = await request.get(`/api/v1/departements/69/creneaux${query}`);
			expect(bad.status(), query.slice(0, 30)).toBe(400);
			expect(((await bad.json()) as ErrorBody).error.code).toBe('validation_failed');
		}
	});
});
