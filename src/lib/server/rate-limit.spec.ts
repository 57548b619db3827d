import { describe, expect, it } from 'vitest';
import { RateLimiter, tierFor, tiers } from './rate-limit';

describe('RateLimiter', () => {
	it('allows a burst up to the capacity, then asks to wait, then refills', () => {
		let now = 0;
		const limiter = new RateLimiter(() => now);
		const tier = { name: 't', capacity: 3, perMinute: 6 };
		expect([1, 2, 3].map(() => limiter.consume(tier, '203.0.113.1'))).toEqual([0, 0, 0]);
		expect(limiter.consume(tier, '203.0.113.1')).toBe(10);
		// Another client is not affected.
		expect(limiter.consume(tier, '203.0.113.2')).toBe(0);
		now += 10_000;
		expect(limiter.consume(tier, '203.0.113.1')).toBe(0);
		expect(limiter.consume(tier, '203.0.113.1')).toBeGreaterThan(0);
	});

	it('forgets the least recently used clients beyond its size', () => {
		const limiter = new RateLimiter(() => 0, 2);
		const tier = { name: 't', capacity: 1, perMinute: 1 };
		expect(limiter.consume(tier, 'a')).toBe(0);
		expect(limiter.consume(tier, 'b')).toBe(0);
		expect(limiter.consume(tier, 'c')).toBe(0);
		// 'a' was evicted, so it starts with a full bucket again; 'c' is still limited.
		expect(limiter.consume(tier, 'a')).toBe(0);
		expect(limiter.consume(tier, 'c')).toBeGreaterThan(0);
	});
});

describe('tierFor', () => {
	it('limits writes, not reads', () => {
		expect(tierFor('GET', '/questionnaire')).toBeNull();
		expect(tierFor('HEAD', '/api/v1/questionnaire')).toBeNull();
		expect(tierFor('POST', '/api/v1/scoring')).toBe(tiers.api);
		expect(tierFor('POST', '/questionnaire/profil')).toBe(tiers.publicForm);
	});
});
