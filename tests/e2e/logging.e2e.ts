import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { E2E_LOG } from './env';

/** ADR 018: request ids, and access-log lines that name the route, never the path or query. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function logLineFor(requestId: string): Promise<Record<string, unknown>> {
	// The e2e server appends its stdout to E2E_LOG as it comes: give it a moment.
	for (let i = 0; i < 50; i++) {
		const line = readFileSync(E2E_LOG, 'utf8')
			.split('\n')
			.find((l) => l.includes(`"requestId":"${requestId}"`) && l.includes('"msg":"request"'));
		if (line) return JSON.parse(line) as Record<string, unknown>;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`no access-log line for ${requestId}`);
}

test('a well-formed x-request-id is kept and returned; a malformed one is replaced by a fresh UUID', async ({
	request
}) => {
	const kept = await request.get('/healthz', {
		headers: { 'x-request-id': 'proxy-req.1234:abcd' }
	});
	expect(kept.headers()['x-request-id']).toBe('proxy-req.1234:abcd');
	for (const bad of [
		'short',
		'a b c d e f g h',
		'<script>alert(1)</script>',
		'x'.repeat(65),
		'lucia@example.org'
	]) {
		const replaced = await request.get('/healthz', { headers: { 'x-request-id': bad } });
		expect(replaced.headers()['x-request-id'], bad).toMatch(UUID);
	}
	const fresh = await request.get('/');
	expect(fresh.headers()['x-request-id']).toMatch(UUID);
});

test('the access log names the route pattern, never the manage token or the query string', async ({
	request
}) => {
	const token = 'abcdefghijklmnopqrstuvwxyz234567';
	const response = await request.get(`/rendez-vous/gerer/${token}?confirmation=1&email=fuite`, {
		headers: { 'x-request-id': 'logtest-gerer-0001' }
	});
	expect(response.status()).toBe(404);
	const line = await logLineFor('logtest-gerer-0001');
	expect(line).toMatchObject({
		level: 'info',
		method: 'GET',
		route: '/rendez-vous/gerer/[token]',
		status: 404
	});
	expect(typeof line.ms).toBe('number');
	const log = readFileSync(E2E_LOG, 'utf8');
	expect(log).not.toContain(token);
	expect(log).not.toContain('fuite');
});
