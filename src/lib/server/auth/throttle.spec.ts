import { describe, expect, it } from 'vitest';
import { testDb } from '../../../../tests/helpers/db';
import { t0, at } from '../../../../tests/fixtures/auth';
import { loginAttempts } from '$lib/server/db/schema';
import { parseEnv } from '$lib/server/env';
import { hashToken } from '$lib/server/tokens';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KEY_FILE_NAME, keyFileFor, loadOrCreateKey } from './throttle-key';
import {
	ACCOUNT_MAX_FAILURES,
	IP_MAX_FAILURES,
	pairDelayMs,
	recordFailure,
	recordSuccess,
	throttleCheck,
	throttleWaitSeconds
} from './throttle';

describe('login throttling', () => {
	it('grows the delay of one account from one address from the 5th failure: 30 s, 60 s, 120 s… capped at 1 h', () => {
		expect([4, 5, 6, 7, 11, 12, 30].map(pairDelayMs)).toEqual([
			0, 30_000, 60_000, 120_000, 1_920_000, 3_600_000, 3_600_000
		]);
	});

	it('blocks an account from the guessing address after 5 failures, longer after each new one', async () => {
		const db = testDb();
		const subject = { email: 'agent@example.fr', ip: '203.0.113.1' };
		for (let i = 0; i < 4; i++) await recordFailure(db, subject, at(i * 1000));
		expect(await throttleWaitSeconds(db, subject, at(4000))).toBe(0);
		await recordFailure(db, subject, at(4000));
		expect(await throttleCheck(db, subject, at(4000))).toEqual({ seconds: 30, rule: 'pair' });
		// The same account typed in another case is the same account.
		expect(
			await throttleWaitSeconds(db, { email: ' AGENT@example.fr', ip: '203.0.113.1' }, at(14_000))
		).toBe(20);
		expect(await throttleWaitSeconds(db, subject, at(34_000))).toBe(0);
		await recordFailure(db, subject, at(34_000));
		expect(await throttleWaitSeconds(db, subject, at(34_000))).toBe(60);
		expect(
			await throttleWaitSeconds(db, { email: 'other@example.fr', ip: '203.0.113.1' }, at(34_000))
		).toBe(0);
	});

	it('never locks the owner out because someone elsewhere fails on their account (security review (docs/security-review-2026-12.md) finding 9)', async () => {
		const db = testDb();
		const attacker = { email: 'agent@example.fr', ip: '198.51.100.66' };
		const owner = { email: 'agent@example.fr', ip: '203.0.113.1' };
		// The attacker tries as fast as the throttle lets them, for a whole day.
		let t = 0;
		let tries = 0;
		while (t < 24 * 60 * 60_000) {
			const wait = await throttleWaitSeconds(db, attacker, at(t));
			if (wait > 0) {
				t += wait * 1000;
				continue;
			}
			await recordFailure(db, attacker, at(t));
			tries++;
			expect(await throttleWaitSeconds(db, owner, at(t)), `after ${tries} tries`).toBe(0);
		}
		// ...and was slowed down: a handful of tries in the first hour, then one an hour.
		expect(tries).toBeGreaterThan(20);
		expect(tries).toBeLessThan(40);
	});

	it('resets the streak of the address that logs in successfully', async () => {
		const db = testDb();
		const subject = { email: 'agent@example.fr', ip: '203.0.113.1' };
		for (let i = 0; i < 6; i++) await recordFailure(db, subject, at(i));
		expect(await throttleWaitSeconds(db, subject, at(10))).toBeGreaterThan(0);
		await recordSuccess(db, subject);
		expect(await throttleWaitSeconds(db, subject, at(10))).toBe(0);
	});

	it('still slows guessing spread over many addresses: 50 failures an hour per account', async () => {
		const db = testDb();
		const email = 'agent@example.fr';
		for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++)
			await recordFailure(db, { email, ip: `198.51.100.${i}` }, at(i * 1000));
		expect(ACCOUNT_MAX_FAILURES).toBe(50);
		expect(await throttleCheck(db, { email, ip: '198.51.100.200' }, at(50_000))).toEqual({
			seconds: 60 * 60 - 50,
			rule: 'account'
		});
		expect(
			await throttleWaitSeconds(db, { email: 'other@example.fr', ip: '198.51.100.200' }, at(50_000))
		).toBe(0);
		expect(
			await throttleWaitSeconds(db, { email, ip: '198.51.100.200' }, at(60 * 60_000 + 1000))
		).toBe(0);
		// The owner's success ends that wait.
		await recordSuccess(db, { email, ip: '203.0.113.1' });
		expect(await throttleWaitSeconds(db, { email, ip: '198.51.100.200' }, at(50_000))).toBe(0);
	});

	it('blocks an address after 20 failures in 15 minutes, whatever the accounts', async () => {
		const db = testDb();
		for (let i = 0; i < 20; i++)
			await recordFailure(db, { email: `user${i}@example.fr`, ip: '203.0.113.9' }, at(i * 1000));
		expect(
			await throttleWaitSeconds(db, { email: 'new@example.fr', ip: '203.0.113.9' }, at(20_000))
		).toBe(15 * 60 - 20);
		expect(
			await throttleWaitSeconds(db, { email: 'new@example.fr', ip: '203.0.113.10' }, at(20_000))
		).toBe(0);
		expect(
			await throttleWaitSeconds(
				db,
				{ email: 'new@example.fr', ip: '203.0.113.9' },
				at(15 * 60_000 + 1000)
			)
		).toBe(0);
	});

	it('stores keyed hashes only (no address, no e-mail, not their plain SHA-256) and prunes rows older than a day', async () => {
		const db = testDb();
		await recordFailure(db, { email: 'agent@example.fr', ip: '203.0.113.1' }, t0);
		const keys = (await db.select().from(loginAttempts)).map((row) => row.key);
		expect(keys).toHaveLength(3);
		expect(keys.join(' ')).not.toMatch(/agent|203\.0/);
		for (const plain of ['203.0.113.1', 'agent@example.fr'])
			expect(keys.join(' ')).not.toContain(hashToken(plain));
		await recordFailure(
			db,
			{ email: 'other@example.fr', ip: '203.0.113.2' },
			at(25 * 60 * 60 * 1000)
		);
		expect(await db.select().from(loginAttempts)).toHaveLength(3);
	});

	it('keeps the HMAC key in a file next to the database, created once with mode 0600', () => {
		const dir = mkdtempSync(join(tmpdir(), 'pdp-key-'));
		const file = keyFileFor(join(dir, 'portail.db'));
		expect(file).toBe(join(dir, KEY_FILE_NAME));
		const first = loadOrCreateKey(file);
		expect(first).toHaveLength(32);
		expect(statSync(file!).mode & 0o777).toBe(0o600);
		expect(loadOrCreateKey(file).equals(first)).toBe(true);
		expect(readFileSync(file!, 'utf8').trim()).toBe(first.toString('hex'));
		expect(keyFileFor(':memory:')).toBeNull();
		// THROTTLE_KEY_FILE: one file every instance reads (ADR 049); PostgreSQL has no file.
		expect(keyFileFor(join(dir, 'portail.db'), '/run/secrets/throttle.key')).toBe(
			'/run/secrets/throttle.key'
		);
		expect(keyFileFor('postgres://portail@db.example/portail')).toBe(join('data', KEY_FILE_NAME));
		expect(parseEnv({ THROTTLE_KEY_FILE: ' /run/secrets/throttle.key ' }).THROTTLE_KEY_FILE).toBe(
			'/run/secrets/throttle.key'
		);
		expect(loadOrCreateKey(null)).toHaveLength(32);
	});

	it('takes the per-address threshold from LOGIN_IP_MAX_FAILURES (default 20, validated)', () => {
		expect(parseEnv({}).LOGIN_IP_MAX_FAILURES).toBe(IP_MAX_FAILURES);
		expect(IP_MAX_FAILURES).toBe(20);
		expect(parseEnv({ LOGIN_IP_MAX_FAILURES: '50' }).LOGIN_IP_MAX_FAILURES).toBe(50);
		for (const bad of ['0', '-3', '2.5', 'beaucoup']) {
			expect(() => parseEnv({ LOGIN_IP_MAX_FAILURES: bad }), bad).toThrow(/LOGIN_IP_MAX_FAILURES/);
		}
	});

	it('blocks an address at the configured threshold, not before', async () => {
		const db = testDb();
		const ip = '203.0.113.50';
		for (let i = 0; i < 3; i++)
			await recordFailure(db, { email: `user${i}@example.fr`, ip }, at(i * 1000));
		expect(await throttleWaitSeconds(db, { email: 'new@example.fr', ip }, at(3000), 4)).toBe(0);
		expect(await throttleWaitSeconds(db, { email: 'new@example.fr', ip }, at(3000), 3)).toBe(
			15 * 60 - 3
		);
		// A higher threshold (a shared address behind a proxy) lets the same history through.
		for (let i = 3; i < 25; i++)
			await recordFailure(db, { email: `user${i}@example.fr`, ip }, at(i * 1000));
		expect(
			await throttleWaitSeconds(db, { email: 'new@example.fr', ip }, at(25_000), 20)
		).toBeGreaterThan(0);
		expect(await throttleWaitSeconds(db, { email: 'new@example.fr', ip }, at(25_000), 50)).toBe(0);
	});
});
