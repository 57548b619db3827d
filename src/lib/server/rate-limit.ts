import type { Handle, RequestEvent } from '@sveltejs/kit';
import { apiContext, apiError } from '$lib/server/api/http';
import { simplePage } from '$lib/server/request-guard';

/**
 * A token-bucket rate limiter kept in memory, per process. Each key (a tier and a client) has
 * `capacity` tokens refilled at `perMinute` (ADR 020, docs/security.md). The server puts it
 * in front of the count shared by every instance through the database (ADR 049,
 * instances/shared-rate-limit.ts).
 */
export interface RateLimitTier {
	name: string;
	capacity: number;
	perMinute: number;
}

interface Bucket {
	tokens: number;
	updated: number;
}

export class RateLimiter {
	private readonly buckets = new Map<string, Bucket>();

	constructor(
		private readonly now: () => number = () => Date.now(),
		private readonly maxKeys = 50_000
	) {}

	/** Takes one token; returns 0 when allowed, else the seconds to wait before retrying. */
	consume(tier: RateLimitTier, client: string): number {
		const key = `${tier.name}|${client}`;
		const now = this.now();
		const refill = tier.perMinute / 60_000;
		const bucket = this.buckets.get(key) ?? { tokens: tier.capacity, updated: now };
		bucket.tokens = Math.min(
			tier.capacity,
			bucket.tokens + Math.max(0, now - bucket.updated) * refill
		);
		bucket.updated = now;
		if (bucket.tokens < 1) {
			this.buckets.set(key, bucket);
			return Math.max(1, Math.ceil((1 - bucket.tokens) / refill / 1000));
		}
		bucket.tokens -= 1;
		this.buckets.delete(key); // re-insert: the Map stays ordered by last use
		this.buckets.set(key, bucket);
		if (this.buckets.size > this.maxKeys) {
			const oldest = this.buckets.keys().next().value;
			if (oldest !== undefined) this.buckets.delete(oldest);
		}
		return 0;
	}
}

/**
 * Tiers (docs/security.md has the table). A burst of `capacity` requests, then `perMinute`.
 * Generous enough for a family behind one address (or a Carsat office behind one NAT),
 * tight enough to stop a script flooding the service social with fake demandes or mails.
 */
export const tiers = {
	/** Questionnaire steps: ~8 posts per questionnaire, several people per address. */
	questionnaire: { name: 'questionnaire', capacity: 60, perMinute: 30 },
	/** A booking creates a demande and sends mails; moves/cancel/erase via the manage link too. */
	booking: { name: 'booking', capacity: 10, perMinute: 2 },
	/** Callback requests (demande + mails). */
	callback: { name: 'callback', capacity: 5, perMinute: 1 },
	/** Orientation by a professional (demande + mails). */
	orientation: { name: 'orientation', capacity: 5, perMinute: 1 },
	/** Forgotten password: each request may send a mail. */
	forgotPassword: { name: 'forgot-password', capacity: 3, perMinute: 0.2 },
	/** Login steps (password, TOTP, activation); the database throttle applies as well. */
	login: { name: 'login', capacity: 10, perMinute: 2 },
	/** The language form. */
	language: { name: 'language', capacity: 20, perMinute: 10 },
	/** POST /api/v1/scoring (stateless, cheap). */
	apiScoring: { name: 'api-scoring', capacity: 60, perMinute: 60 },
	/** Any other API write. */
	api: { name: 'api', capacity: 30, perMinute: 30 },
	/** Authenticated back-office actions (keyed on the staff account). */
	staff: { name: 'staff', capacity: 300, perMinute: 120 },
	/** Any other public POST. */
	publicForm: { name: 'form', capacity: 30, perMinute: 15 }
} satisfies Record<string, RateLimitTier>;

/**
 * The routes of each tier, first match wins (prefixes end at a path segment boundary). They are
 * matched against the route SvelteKit resolved (`event.route.id`, e.g. `/rendez-vous/gerer/[token]`),
 * never the raw path: `/%72endez-vous/rappel` is routed to `/rendez-vous/rappel` and must be
 * counted there (ADR 028).
 */
const routes: [prefix: string, tier: RateLimitTier][] = [
	['/api/v1/scoring', tiers.apiScoring],
	['/api', tiers.api],
	['/questionnaire', tiers.questionnaire],
	['/rendez-vous/rappel', tiers.callback],
	['/rendez-vous', tiers.booking],
	['/professionnels/orienter', tiers.orientation],
	// A registration to an évènement sends messages, like a booking (ADR 043).
	['/evenements', tiers.booking],
	['/espace-pro/mot-de-passe-oublie', tiers.forgotPassword],
	['/espace-pro/connexion', tiers.login],
	['/espace-pro/activation', tiers.login],
	['/espace-pro/reinitialisation', tiers.login],
	['/langue', tiers.language],
	['/suivi', tiers.booking]
];

const under = (routeId: string, prefix: string) =>
	routeId === prefix || routeId.startsWith(`${prefix}/`);

/** The public back-office pages (reachable without a session): never the generous staff tier. */
const PUBLIC_STAFF_PAGES = [
	'/espace-pro/connexion',
	'/espace-pro/activation',
	'/espace-pro/mot-de-passe-oublie',
	'/espace-pro/reinitialisation'
];

export interface RateLimitRequest {
	method: string;
	/** `event.route.id`: the route SvelteKit resolved, null when the request matches none. */
	routeId: string | null;
	/** The signed-in staff member's id (second factor done), else null. */
	staffId: number | null;
}

/**
 * Which tier a request falls in and the key it is counted under, or null when it is not
 * limited (reads are not). Back-office actions of a signed-in staff member count per
 * account; everything else per client address.
 */
export function rateLimitFor(
	request: RateLimitRequest,
	clientAddress: () => string
): { tier: RateLimitTier; key: string } | null {
	const { method, routeId, staffId } = request;
	if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return null;
	if (
		staffId !== null &&
		routeId !== null &&
		under(routeId, '/espace-pro') &&
		!PUBLIC_STAFF_PAGES.some((page) => under(routeId, page))
	) {
		return { tier: tiers.staff, key: `staff:${staffId}` };
	}
	return { tier: tierFor(method, routeId) ?? tiers.publicForm, key: clientAddress() };
}

/**
 * The tier of an anonymous request from its resolved route id, or null when it is not limited
 * (reads are not). A write that matches no route (route id null: a 404) gets the default tier.
 */
export function tierFor(method: string, routeId: string | null): RateLimitTier | null {
	if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return null;
	if (routeId === null) return tiers.publicForm;
	for (const [prefix, tier] of routes) if (under(routeId, prefix)) return tier;
	return tiers.publicForm;
}

/** What the handle asks: the seconds to wait before retrying, 0 when allowed. */
export interface Limiter {
	consume(tier: RateLimitTier, client: string): number | Promise<number>;
}

export interface RateLimitHandleOptions {
	/** Default: this process's buckets; the server shares counts through the database (ADR 049). */
	limiter?: Limiter;
	/** Read per request (RATE_LIMIT_DISABLED in tests). */
	disabled: () => boolean;
	/** Called when a request is refused (logging). */
	onLimited?: (event: RequestEvent, tier: RateLimitTier) => void;
}

/**
 * The rate-limit handle of hooks.server.ts. The client address is `event.getClientAddress()`:
 * adapter-node gives the socket's address, or the header named by ADDRESS_HEADER (with
 * XFF_DEPTH) only when that is configured for a trusted proxy, never a raw X-Forwarded-For.
 */
export function createRateLimitHandle(options: RateLimitHandleOptions): Handle {
	const limiter = options.limiter ?? new RateLimiter();
	return async ({ event, resolve }) => {
		if (options.disabled()) return resolve(event);
		const limit = rateLimitFor(
			{
				method: event.request.method,
				routeId: event.route.id,
				staffId: event.locals.staff?.user.id ?? null
			},
			() => event.getClientAddress()
		);
		if (!limit) return resolve(event);
		const wait = await limiter.consume(limit.tier, limit.key);
		if (wait === 0) return resolve(event);
		options.onLimited?.(event, limit.tier);
		return tooManyRequests(event, wait);
	};
}

/** 429 with Retry-After: JSON envelope for the API, a small localized page otherwise. */
export function tooManyRequests(event: RequestEvent, wait: number): Response {
	const headers = { 'retry-after': String(wait), 'cache-control': 'no-store' };
	if ((event.route.id ?? event.url.pathname).startsWith('/api/')) {
		return apiError(429, 'rate_limited', apiContext(event.url, event.request), [], headers, {
			seconds: wait
		});
	}
	const { t, locale } = event.locals;
	return simplePage(
		locale,
		429,
		t('rateLimit.title'),
		t('rateLimit.text', { seconds: wait }),
		headers
	);
}
