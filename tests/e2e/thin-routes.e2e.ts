/**
 * The login steps on the shared form frame (ADR 030): a second step posted without a pending
 * login goes back to the login page keeping a safe `retour` (before its fields are checked),
 * and a malformed login post is a 400 with the generic message, never a 500.
 */
import { expect, test } from '@playwright/test';

const post = (baseURL: string | undefined, action: string, fields: Record<string, string>) =>
	fetch(new URL(`/espace-pro/connexion?/${action}`, baseURL), {
		method: 'POST',
		redirect: 'manual',
		headers: {
			accept: 'text/html',
			origin: new URL(baseURL ?? '').origin,
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams(fields).toString()
	});

test('a second step without a pending login restarts the login, keeping a safe retour', async ({
	baseURL
}) => {
	for (const action of ['code', 'setup']) {
		const response = await post(baseURL, action, {
			code: 'pas un code',
			retour: '/espace-pro/demandes?page=2'
		});
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(
			'/espace-pro/connexion?retour=%2Fespace-pro%2Fdemandes%3Fpage%3D2'
		);
	}
	const offSite = await post(baseURL, 'code', { code: '123456', retour: 'https://evil.example' });
	expect(offSite.headers.get('location')).toBe('/espace-pro/connexion?retour=%2Fespace-pro');
});

test('a login post without its fields is a 400 with the form kept, not a 500', async ({
	baseURL
}) => {
	const response = await post(baseURL, 'login', { retour: '/espace-pro' });
	expect(response.status).toBe(400);
	expect(await response.text()).toContain('name="email"');
});
