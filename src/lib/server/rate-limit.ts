/**
 * A token-bucket rate limiter kept in memory (one Node process serves the portal, ADR 001).
 * Each key (a tier and a client address) has `capacity` tokens refilled at `perMinute`.
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
		bucket.tokens = Math.min(tier.capacity, bucket.tokens + (now - bucket.updated) * refill);
		bucket.updated = now;
		if (bucket.tokens < 1) {
			this.buckets.set(key, bucket);
			return Math.ceil((1 - bucket.tokens) / refill / 1000);
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
 * Tiers for public writes (issue 6 extends them to login and booking). Generous enough for a
 * family behind one address filling the questionnaire, tight enough to stop a script.
 */
export const tiers = {
	api: { name: 'api', capacity: 60, perMinute: 60 },
	publicForm: { name: 'form', capacity: 40, perMinute: 30 }
} satisfies Record<string, RateLimitTier>;

/** Which tier a request falls in, or null when it is not limited (reads are not). */
export function tierFor(method: string, pathname: string): RateLimitTier | null {
	if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return null;
	if (pathname.startsWith('/api/')) return tiers.api;
	return tiers.publicForm;
}
