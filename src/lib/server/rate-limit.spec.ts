import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import {
	RateLimiter,
	createRateLimitHandle,
	rateLimitFor,
	tierFor,
	tiers,
	type RateLimitTier
} from './rate-limit';

/** Spends a tier's whole burst, checks the next request waits, then that it refills. */
function checkBoundary(tier: RateLimitTier) {
	let now = 1_000_000;
	const limiter = new RateLimiter(() => now);
	for (let i = 0; i < tier.capacity; i++) expect(limiter.consume(tier, '203.0.113.1')).toBe(0);
	const wait = limiter.consume(tier, '203.0.113.1');
	const perToken = 60 / tier.perMinute;
	expect(wait).toBe(Math.ceil(perToken));
	// Another client is not affected.
	expect(limiter.consume(tier, '203.0.113.2')).toBe(0);
	// Just before one token has refilled: still refused; just after: one request passes.
	now += perToken * 1000 - 50;
	expect(limiter.consume(tier, '203.0.113.1')).toBeGreaterThan(0);
	now += 100;
	expect(limiter.consume(tier, '203.0.113.1')).toBe(0);
	expect(limiter.consume(tier, '203.0.113.1')).toBeGreaterThan(0);
	// After a long pause the bucket is full again, never more than its capacity.
	now += 24 * 60 * 60 * 1000;
	for (let i = 0; i < tier.capacity; i++) expect(limiter.consume(tier, '203.0.113.1')).toBe(0);
	expect(limiter.consume(tier, '203.0.113.1')).toBeGreaterThan(0);
}

describe('RateLimiter', () => {
	it.each(Object.entries(tiers))('tier %s: capacity, then refill at its rate', (_name, tier) => {
		checkBoundary(tier);
	});

	it('tiers are counted separately for the same address', () => {
		const limiter = new RateLimiter(() => 0);
		for (let i = 0; i < tiers.callback.capacity; i++) limiter.consume(tiers.callback, 'a');
		expect(limiter.consume(tiers.callback, 'a')).toBeGreaterThan(0);
		expect(limiter.consume(tiers.booking, 'a')).toBe(0);
	});

	it('a clock going backwards never grants tokens', () => {
		let now = 10_000;
		const limiter = new RateLimiter(() => now);
		const tier = { name: 't', capacity: 1, perMinute: 1 };
		expect(limiter.consume(tier, 'a')).toBe(0);
		now = 0;
		expect(limiter.consume(tier, 'a')).toBe(60);
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
		expect(tierFor('OPTIONS', '/api/v1/scoring')).toBeNull();
	});

	it.each([
		['/api/v1/scoring', tiers.apiScoring],
		['/api/v1/questionnaire', tiers.api],
		['/questionnaire', tiers.questionnaire],
		['/questionnaire/profil', tiers.questionnaire],
		['/questionnaire/question/3', tiers.questionnaire],
		['/questionnaire/recapitulatif', tiers.questionnaire],
		['/rendez-vous/coordonnees', tiers.booking],
		['/rendez-vous/gerer/[token]', tiers.booking],
		['/rendez-vous/rappel', tiers.callback],
		['/professionnels/orienter', tiers.orientation],
		['/espace-pro/mot-de-passe-oublie', tiers.forgotPassword],
		['/espace-pro/connexion', tiers.login],
		['/espace-pro/activation/[token]', tiers.login],
		['/espace-pro/reinitialisation/[token]', tiers.login],
		['/langue', tiers.language],
		['/langue-x', tiers.publicForm],
		['/dispositifs', tiers.publicForm],
		['/espace-pro/compte', tiers.publicForm]
	])('POST to the route %s', (routeId, tier) => {
		expect(tierFor('POST', routeId)).toBe(tier);
	});

	it('a write that matches no route gets the default tier', () => {
		expect(tierFor('POST', null)).toBe(tiers.publicForm);
	});
});

describe('rateLimitFor', () => {
	const address = () => '198.51.100.7';
	it('counts back-office actions per staff account with the staff tier', () => {
		expect(
			rateLimitFor(
				{ method: 'POST', routeId: '/espace-pro/demandes/[reference]', staffId: 4 },
				address
			)
		).toEqual({ tier: tiers.staff, key: 'staff:4' });
	});
	it('keeps the strict tiers for the public back-office pages, even signed in', () => {
		expect(
			rateLimitFor({ method: 'POST', routeId: '/espace-pro/connexion', staffId: 4 }, address)
		).toEqual({ tier: tiers.login, key: '198.51.100.7' });
		expect(
			rateLimitFor(
				{ method: 'POST', routeId: '/espace-pro/mot-de-passe-oublie', staffId: 4 },
				address
			)?.tier
		).toBe(tiers.forgotPassword);
	});
	it('uses the address for anonymous back-office posts and public pages', () => {
		expect(
			rateLimitFor({ method: 'POST', routeId: '/espace-pro/compte', staffId: null }, address)
		).toEqual({ tier: tiers.publicForm, key: '198.51.100.7' });
		expect(
			rateLimitFor({ method: 'POST', routeId: '/rendez-vous/rappel', staffId: 4 }, address)
		).toEqual({ tier: tiers.callback, key: '198.51.100.7' });
	});
});

describe('createRateLimitHandle', () => {
	const t = ((key: string, vars?: Record<string, unknown>) =>
		`${key}${vars ? JSON.stringify(vars) : ''}`) as never;
	/** A POST as the hooks see it: the raw path, and the route SvelteKit resolved from it. */
	function fakeEvent(
		path: string,
		address: string,
		staffId: number | null = null,
		routeId: string | null = decodeURIComponent(path)
	): RequestEvent {
		const url = new URL(`http://localhost${path}`);
		return {
			url,
			route: { id: routeId },
			request: new Request(url, { method: 'POST', headers: { 'accept-language': 'en' } }),
			locals: {
				locale: 'fr',
				t,
				staff: staffId === null ? null : { user: { id: staffId } },
				requestId: 'r'
			},
			getClientAddress: () => address
		} as unknown as RequestEvent;
	}
	const ok = async () => new Response('ok');

	it('lets requests through up to the tier, then answers 429 with Retry-After (page)', async () => {
		let now = 0;
		const limited: string[] = [];
		const handle = createRateLimitHandle({
			limiter: new RateLimiter(() => now),
			disabled: () => false,
			onLimited: (_e, tier) => limited.push(tier.name)
		});
		for (let i = 0; i < tiers.callback.capacity; i++) {
			expect(
				(await handle({ event: fakeEvent('/rendez-vous/rappel', 'a'), resolve: ok })).status
			).toBe(200);
		}
		const refused = await handle({ event: fakeEvent('/rendez-vous/rappel', 'a'), resolve: ok });
		expect(refused.status).toBe(429);
		expect(refused.headers.get('retry-after')).toBe('60');
		expect(refused.headers.get('content-type')).toContain('text/html');
		const html = await refused.text();
		expect(html).toContain('<html lang="fr">');
		expect(html).toContain('rateLimit.text{&#34;seconds&#34;:60}');
		expect(limited).toEqual(['callback']);
		// Another address is not affected; time refills.
		expect(
			(await handle({ event: fakeEvent('/rendez-vous/rappel', 'b'), resolve: ok })).status
		).toBe(200);
		now += 60_000;
		expect(
			(await handle({ event: fakeEvent('/rendez-vous/rappel', 'a'), resolve: ok })).status
		).toBe(200);
	});

	it('counts a percent-encoded path in the tier of the route it resolves to (ADR 028)', async () => {
		const handle = createRateLimitHandle({
			limiter: new RateLimiter(() => 0),
			disabled: () => false
		});
		const encoded: [string, string, RateLimitTier][] = [
			['/%72endez-vous/rappel', '/rendez-vous/rappel', tiers.callback],
			['/%72endez-vous/coordonnees', '/rendez-vous/coordonnees', tiers.booking],
			[
				'/espace-pro/mot-de-passe-oubli%65',
				'/espace-pro/mot-de-passe-oublie',
				tiers.forgotPassword
			],
			['/espace-pro/%63onnexion', '/espace-pro/connexion', tiers.login],
			['/professionnels/%6Frienter', '/professionnels/orienter', tiers.orientation]
		];
		for (const [path, routeId, tier] of encoded) {
			for (let i = 0; i < tier.capacity; i++)
				expect(
					(await handle({ event: fakeEvent(path, path, null, routeId), resolve: ok })).status
				).toBe(200);
			// The plain path shares the same bucket: the next request, encoded or not, is refused.
			expect(
				(await handle({ event: fakeEvent(routeId, path, null, routeId), resolve: ok })).status
			).toBe(429);
			expect(
				(await handle({ event: fakeEvent(path, path, null, routeId), resolve: ok })).status
			).toBe(429);
		}
		// A POST matching no route is counted in the default tier.
		for (let i = 0; i < tiers.publicForm.capacity; i++)
			expect(
				(await handle({ event: fakeEvent('/nulle-part', 'z', null, null), resolve: ok })).status
			).toBe(200);
		expect(
			(await handle({ event: fakeEvent('/nulle-part', 'z', null, null), resolve: ok })).status
		).toBe(429);
	});

	it('answers the API with the JSON envelope in the request language', async () => {
		const handle = createRateLimitHandle({
			limiter: new RateLimiter(() => 0),
			disabled: () => false
		});
		for (let i = 0; i < tiers.apiScoring.capacity; i++)
			await handle({ event: fakeEvent('/api/v1/scoring', 'a'), resolve: ok });
		const refused = await handle({ event: fakeEvent('/api/v1/scoring', 'a'), resolve: ok });
		expect(refused.status).toBe(429);
		expect(refused.headers.get('retry-after')).toBe('1');
		const body = (await refused.json()) as { error: { code: string; message: string } };
		expect(body.error.code).toBe('rate_limited');
		expect(body.error.message).toMatch(/Too many|retry|seconds/i);
	});

	it('does nothing when disabled or for reads', async () => {
		const handle = createRateLimitHandle({
			limiter: new RateLimiter(() => 0),
			disabled: () => true
		});
		for (let i = 0; i < 20; i++)
			expect(
				(await handle({ event: fakeEvent('/rendez-vous/rappel', 'a'), resolve: ok })).status
			).toBe(200);
		const enabled = createRateLimitHandle({
			limiter: new RateLimiter(() => 0),
			disabled: () => false
		});
		const get = fakeEvent('/rendez-vous/rappel', 'a');
		(get as { request: Request }).request = new Request(get.url);
		for (let i = 0; i < 20; i++)
			expect((await enabled({ event: get, resolve: ok })).status).toBe(200);
	});

	it('counts signed-in staff per account, whatever their address', async () => {
		const handle = createRateLimitHandle({
			limiter: new RateLimiter(() => 0),
			disabled: () => false
		});
		for (let i = 0; i < tiers.staff.capacity; i++) {
			expect(
				(
					await handle({
						event: fakeEvent('/espace-pro/demandes/R', `10.0.0.${i % 200}`, 9),
						resolve: ok
					})
				).status
			).toBe(200);
		}
		expect(
			(await handle({ event: fakeEvent('/espace-pro/demandes/R', '10.0.0.250', 9), resolve: ok }))
				.status
		).toBe(429);
		expect(
			(await handle({ event: fakeEvent('/espace-pro/demandes/R', '10.0.0.250', 10), resolve: ok }))
				.status
		).toBe(200);
	});
});
