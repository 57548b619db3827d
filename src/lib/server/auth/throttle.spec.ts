import { describe, expect, it } from 'vitest';
import { testDb } from '../../../../tests/helpers/db';
import { loginAttempts } from '$lib/server/db/schema';
import { parseEnv } from '$lib/server/env';
import { IP_MAX_FAILURES, accountDelayMs, recordFailure, recordSuccess, throttleWaitSeconds } from './throttle';

const t0 = new Date('2026-11-23T10:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('login throttling', () => {
	it('grows the account delay from the 5th failure: 30 s, 60 s, 120 s… capped at 1 h', () => {
		expect([4, 5, 6, 7, 11, 12, 30].map(accountDelayMs)).toEqual([0, 30_000, 60_000, 120_000, 1_920_000, 3_600_000, 3_600_000]);
	});

	it('blocks an account after 5 failures, longer after each new one, for any address', () => {
		const db = testDb();
		const subject = { email: 'agent@example.fr', ip: '203.0.113.1' };
		for (let i = 0; i < 4; i++) recordFailure(db, subject, at(i * 1000));
		expect(throttleWaitSeconds(db, subject, at(4000))).toBe(0);
		recordFailure(db, subject, at(4000));
		expect(throttleWaitSeconds(db, subject, at(4000))).toBe(30);
		expect(throttleWaitSeconds(db, { email: 'AGENT@example.fr', ip: '198.51.100.7' }, at(14_000))).toBe(20);
		expect(throttleWaitSeconds(db, subject, at(34_000))).toBe(0);
		recordFailure(db, subject, at(34_000));
		expect(throttleWaitSeconds(db, subject, at(34_000))).toBe(60);
		expect(throttleWaitSeconds(db, { email: 'other@example.fr', ip: '198.51.100.7' }, at(34_000))).toBe(0);
	});

	it('resets the account streak on success', () => {
		const db = testDb();
		const subject = { email: 'agent@example.fr', ip: '203.0.113.1' };
		for (let i = 0; i < 6; i++) recordFailure(db, subject, at(i));
		expect(throttleWaitSeconds(db, subject, at(10))).toBeGreaterThan(0);
		recordSuccess(db, subject);
		expect(throttleWaitSeconds(db, subject, at(10))).toBe(0);
	});

	it('blocks an address after 20 failures in 15 minutes, whatever the accounts', () => {
		const db = testDb();
		for (let i = 0; i < 20; i++) recordFailure(db, { email: `user${i}@example.fr`, ip: '203.0.113.9' }, at(i * 1000));
		expect(throttleWaitSeconds(db, { email: 'new@example.fr', ip: '203.0.113.9' }, at(20_000))).toBe(15 * 60 - 20);
		expect(throttleWaitSeconds(db, { email: 'new@example.fr', ip: '203.0.113.10' }, at(20_000))).toBe(0);
		expect(throttleWaitSeconds(db, { email: 'new@example.fr', ip: '203.0.113.9' }, at(15 * 60_000 + 1000))).toBe(0);
	});

	it('stores hashed keys only and prunes rows older than a day', () => {
		const db = testDb();
		recordFailure(db, { email: 'agent@example.fr', ip: '203.0.113.1' }, t0);
		const keys = db.select().from(loginAttempts).all().map((row) => row.key);
		expect(keys).toHaveLength(2);
		expect(keys.join(' ')).not.toMatch(/agent|203\.0/);
		recordFailure(db, { email: 'other@example.fr', ip: '203.0.113.2' }, at(25 * 60 * 60 * 1000));
		expect(db.select().from(loginAttempts).all()).toHaveLength(2);
	});

	it('takes the per-address threshold from LOGIN_IP_MAX_FAILURES (default 20, validated)', () => {
		expect(parseEnv({}).LOGIN_IP_MAX_FAILURES).toBe(IP_MAX_FAILURES);
		expect(IP_MAX_FAILURES).toBe(20);
		expect(parseEnv({ LOGIN_IP_MAX_FAILURES: '50' }).LOGIN_IP_MAX_FAILURES).toBe(50);
		for (const bad of ['0', '-3', '2.5', 'beaucoup']) {
			expect(() => parseEnv({ LOGIN_IP_MAX_FAILURES: bad }), bad).toThrow(/LOGIN_IP_MAX_FAILURES/);
		}
	});

	it('blocks an address at the configured threshold, not before', () => {
		const db = testDb();
		const ip = '203.0.113.50';
		for (let i = 0; i < 3; i++) recordFailure(db, { email: `user${i}@example.fr`, ip }, at(i * 1000));
		expect(throttleWaitSeconds(db, { email: 'new@example.fr', ip }, at(3000), 4)).toBe(0);
		expect(throttleWaitSeconds(db, { email: 'new@example.fr', ip }, at(3000), 3)).toBe(15 * 60 - 3);
		// A higher threshold (a shared address behind a proxy) lets the same history through.
		for (let i = 3; i < 25; i++) recordFailure(db, { email: `user${i}@example.fr`, ip }, at(i * 1000));
		expect(throttleWaitSeconds(db, { email: 'new@example.fr', ip }, at(25_000), 20)).toBeGreaterThan(0);
		expect(throttleWaitSeconds(db, { email: 'new@example.fr', ip }, at(25_000), 50)).toBe(0);
	});
});
