import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { seedDemoData } from '$lib/server/db/seed';
import { closeDb, getDb } from '$lib/server/db/client';
import { GET } from '../../src/routes/api/v1/departements/[code]/creneaux/+server';
import { testDatabaseUrl } from '../helpers/db';

/*
 * Helper "bsplit" (#13 §5): the slot API ignores an unsupported `lang` and unknown query
 * parameters, as docs/openapi.yaml says and /api/v1/questionnaire does.
 */

beforeAll(async () => {
	process.env.DATABASE_URL = await testDatabaseUrl();
	process.env.PUBLIC_URL = 'https://portail.example';
	await seedDemoData(getDb(), { onlyIfEmpty: false });
});
afterAll(closeDb);

async function slots(query: string, headers: Record<string, string> = {}) {
	const url = new URL(`https://portail.example/api/v1/departements/974/creneaux?${query}`);
	const request = new Request(url, { headers });
	const response = await GET({ request, url, params: { code: '974' } } as unknown as RequestEvent<
		{ code: string },
		'/api/v1/departements/[code]/creneaux'
	>);
	return { status: response.status, body: await response.json() };
}

describe('GET /api/v1/departements/{code}/creneaux', () => {
	it('ignores an unsupported lang and answers in the Accept-Language or French', async () => {
		const plain = await slots('mode=telephone');
		expect(plain.status).toBe(200);
		const odd = await slots('mode=telephone&lang=de');
		expect(odd.status).toBe(200);
		expect(odd.body).toEqual(plain.body);
		// The errors still follow the language: an unsupported lang falls back to Accept-Language.
		const refused = await slots('mode=pigeon&lang=xx', { 'accept-language': 'en' });
		expect(refused.status).toBe(400);
		expect(JSON.stringify(refused.body)).not.toMatch(/lang/);
	});

	it('ignores unknown parameters (cache busters, utm_*) instead of refusing them', async () => {
		const plain = await slots('mode=telephone');
		const busted = await slots('mode=telephone&_=1733561234&utm_source=newsletter&utm_medium=mail');
		expect(busted.status).toBe(200);
		expect(busted.body).toEqual(plain.body);
	});

	it('still refuses a missing or unknown mode (400 validation_failed)', async () => {
		for (const query of ['', 'mode=pigeon', 'utm_source=x']) {
			const { status, body } = await slots(query);
			expect(status).toBe(400);
			expect(body.error.code).toBe('validation_failed');
		}
	});
});
