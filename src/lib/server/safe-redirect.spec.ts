import { describe, expect, it } from 'vitest';
import { sameOriginPath } from './safe-redirect';

describe('sameOriginPath', () => {
	it.each([
		['/', '/'],
		[
			'/rendez-vous/creneaux?departement=69&mode=telephone',
			'/rendez-vous/creneaux?departement=69&mode=telephone'
		],
		['/questionnaire/question/3#q', '/questionnaire/question/3#q'],
		['/dispositifs/../plan-du-site', '/plan-du-site'],
		['/caf%C3%A9 é', '/caf%C3%A9%20%C3%A9'],
		['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
		// A percent-encoded TAB stays encoded: a browser reads it as part of the path.
		['/%09/evil.example', '/%09/evil.example']
	])('keeps the portal path %j as %j', (value, expected) => {
		expect(sameOriginPath(value)).toBe(expected);
	});

	it.each([
		'',
		'evil.example',
		'https://evil.example/',
		'//evil.example',
		'/\\evil.example',
		'/\t/evil.example',
		'/\n/evil.example',
		'/\r\n/evil.example',
		'/a\r\nSet-Cookie: x=1',
		'/a\u0000b',
		'/a\u007fb',
		'/.//evil.example',
		'/./\t/evil.example',
		`/${'a'.repeat(2000)}`
	])('refuses %j', (value) => {
		expect(sameOriginPath(value)).toBeNull();
	});
});
