// The part of autocannon 9 (no published types) that scripts/bench.js uses.
declare module 'autocannon' {
	export interface Request {
		method?: string;
		path?: string;
		headers?: Record<string, string>;
		body?: string;
		/** Called before each request is sent; returns the request to send. */
		setupRequest?: (request: Request) => Request;
	}

	export interface Options {
		url: string;
		connections?: number;
		/** Seconds. */
		duration?: number;
		/** Total number of requests, instead of a duration. */
		amount?: number;
		/** Seconds. */
		timeout?: number;
		requests?: Request[];
	}

	export interface Result {
		/** Seconds. */
		duration: number;
		latency: { p50: number; p99: number; max: number };
		errors: number;
		timeouts: number;
		statusCodeStats: Record<string, { count: number }>;
	}

	function autocannon(
		options: Options,
		callback: (error: Error | null, result: Result) => void
	): unknown;
	export default autocannon;
}
