import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { refuseMalformedForms, simplePage } from './request-guard';

const t = ((key: string) => key) as never;

function event(path: string, init: RequestInit): RequestEvent {
	const url = new URL(`http://localhost${path}`);
	return {
		url,
		request: new Request(url, init),
		locals: { locale: 'en', t }
	} as unknown as RequestEvent;
}

const passed = async () => new Response('action ran');

describe('refuseMalformedForms', () => {
	it.each([
		['text/plain', 'a=1'],
		['application/json', '{"a":1}'],
		['multipart/form-data', '--x\r\nbroken'],
		['multipart/form-data; boundary=zz', 'not multipart at all'],
		['', 'a=1']
	])('answers a POST to a page with content type %j by a localized 415', async (type, body) => {
		const headers = type ? { 'content-type': type } : undefined;
		const response = await refuseMalformedForms({
			event: event('/rendez-vous/rappel', { method: 'POST', body, headers }),
			resolve: passed
		});
		expect(response.status).toBe(415);
		const html = await response.text();
		expect(html).toContain('<html lang="en">');
		expect(html).toContain('error.badRequest.text');
	});

	it('lets forms, reads and the API through', async () => {
		const ok = async (e: RequestEvent) =>
			(await refuseMalformedForms({ event: e, resolve: passed })).status;
		expect(
			await ok(
				event('/langue', {
					method: 'POST',
					body: 'lang=fr',
					headers: { 'content-type': 'application/x-www-form-urlencoded' }
				})
			)
		).toBe(200);
		const form = new FormData();
		form.set('lang', 'fr');
		expect(await ok(event('/langue', { method: 'POST', body: form }))).toBe(200);
		expect(await ok(event('/langue', { method: 'GET' }))).toBe(200);
		expect(
			await ok(
				event('/api/v1/scoring', {
					method: 'POST',
					body: '{}',
					headers: { 'content-type': 'application/json' }
				})
			)
		).toBe(200);
	});
});

describe('simplePage', () => {
	it('escapes its texts', async () => {
		const html = await simplePage('fr', 400, '<script>x</script>', 'a & "b"').text();
		expect(html).not.toContain('<script>x');
		expect(html).toContain('&#60;script&#62;x');
		expect(html).toContain('a &#38; &#34;b&#34;');
	});
});
