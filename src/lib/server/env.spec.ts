import { describe, expect, it } from 'vitest';
import { PUBLIC_URL_REQUIRED, parseEnv, publicBaseUrl } from './env';

describe('publicBaseUrl (ADR 025): links never come from a request', () => {
	it('is PUBLIC_URL, else ORIGIN, without a trailing slash', () => {
		expect(
			publicBaseUrl(
				parseEnv({ PUBLIC_URL: 'https://pdp.example/', ORIGIN: 'https://other.example' })
			)
		).toBe('https://pdp.example');
		expect(publicBaseUrl(parseEnv({ ORIGIN: 'https://pdp.example' }))).toBe('https://pdp.example');
	});

	it('stops a production start without one of them, with a message naming PUBLIC_URL', () => {
		expect(() => publicBaseUrl(parseEnv({}), undefined)).toThrow(PUBLIC_URL_REQUIRED);
		expect(() => publicBaseUrl(parseEnv({ NODE_ENV: 'production' }), '3000')).toThrow(
			/PUBLIC_URL: required in production/
		);
	});

	it('a demo or a development/test run has an explicit localhost default on its port', () => {
		expect(publicBaseUrl(parseEnv({ DEMO_DATA: '1' }), undefined)).toBe('http://localhost:3000');
		expect(publicBaseUrl(parseEnv({ DEMO_DATA: '1' }), '4321')).toBe('http://localhost:4321');
		expect(publicBaseUrl(parseEnv({ NODE_ENV: 'development' }), undefined)).toBe(
			'http://localhost:5173'
		);
		expect(publicBaseUrl(parseEnv({ NODE_ENV: 'test' }), 'not-a-port')).toBe(
			'http://localhost:3000'
		);
	});
});
