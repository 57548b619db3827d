import { expect, test } from '@playwright/test';
import { inscriptionOf, publishedEvenement } from './evenement-builders';

/*
 * Évènements over HTTP only (ADR 043): capacity under concurrency through the built server, and
 * the public pages ship no script at all.
 */

const formOf = (html: string) => ({
	token: /name="token" value="([a-z2-7]{32})"/.exec(html)?.[1] ?? '',
	action: /<form method="POST" action="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? ''
});

test('100 simultaneous registrations for the last 3 seats: exactly 3 confirmed, the rest waitlisted', async ({
	request,
	playwright,
	baseURL
}) => {
	test.slow();
	const id = await publishedEvenement({ capacity: 3, titleFr: 'Réunion de la ruée e2e' });
	// Each person has their own form (own manage token), as 100 browsers would.
	const forms = await Promise.all(
		Array.from({ length: 100 }, async () =>
			formOf(await (await request.get(`/evenements/${id}`)).text())
		)
	);
	expect(new Set(forms.map((f) => f.token)).size).toBe(100);
	const client = await playwright.request.newContext({ baseURL });
	const responses = await Promise.all(
		forms.map((form, i) =>
			client.post(`/evenements/${id}${form.action}`, {
				form: {
					name: 'Ruee',
					email: `ruee.${i}@example.org`,
					consent: 'oui',
					source: 'direct',
					token: form.token,
					website: ''
				},
				headers: { origin: new URL(baseURL!).origin, accept: 'text/html' },
				maxRedirects: 0
			})
		)
	);
	expect(responses.map((r) => r.status()).every((s) => s === 303)).toBe(true);
	const statuses = await Promise.all(
		forms.map(async (_, i) => (await inscriptionOf(id, `ruee.${i}@example.org`))?.status)
	);
	expect(statuses.filter((s) => s === 'confirmee')).toHaveLength(3);
	expect(statuses.filter((s) => s === 'attente')).toHaveLength(97);
	await client.dispose();
});

test('the list and an évènement page ship no script; a visio link never appears on them', async ({
	request
}) => {
	const id = await publishedEvenement({ titleFr: 'Réunion sans script e2e' });
	for (const path of ['/evenements', '/evenements?departement=974', `/evenements/${id}`]) {
		const response = await request.get(path);
		expect(response.status(), path).toBe(200);
		const html = await response.text();
		expect(html, path).not.toMatch(/<script(?![^>]*type="application\/json")/);
		expect(html, path).not.toContain('modulepreload');
		expect(html, path).not.toContain('visio.example.org');
	}
	expect((await request.get('/evenements/999999999')).status()).toBe(404);
});

test('a tampered registration gets a clear 400 and stores nothing', async ({
	request,
	baseURL
}) => {
	const id = await publishedEvenement({ titleFr: 'Réunion falsifiée e2e' });
	const form = formOf(await (await request.get(`/evenements/${id}`)).text());
	const response = await request.post(`/evenements/${id}${form.action}`, {
		form: { name: '<b>x</b>', email: 'pas-une-adresse', places: '999', token: form.token },
		headers: { origin: new URL(baseURL!).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(400);
	expect(await response.text()).toContain('erreurs à corriger');
});
