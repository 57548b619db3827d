import http from 'node:http';

/**
 * A minimal HTTP client for the fuzz run. Requests leave from 127.0.0.2, so that the login
 * throttle's per-address counter of the fuzz run (fuzzed logins are failures) never slows
 * down the other e2e specs, which connect from 127.0.0.1. Keeps cookies per instance.
 */
export interface FuzzResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
}

export const FUZZ_LOCAL_ADDRESS = '127.0.0.2';

export class FuzzClient {
	readonly cookies = new Map<string, string>();

	constructor(readonly baseUrl: string) {}

	get origin(): string {
		return new URL(this.baseUrl).origin;
	}

	async request(
		method: string,
		path: string,
		options: { headers?: Record<string, string>; body?: string | Buffer } = {}
	): Promise<FuzzResponse> {
		const url = new URL(path, this.baseUrl);
		const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
		const headers: Record<string, string> = {
			accept: 'text/html',
			...(cookie ? { cookie } : {}),
			...options.headers
		};
		if (options.body !== undefined)
			headers['content-length'] = String(Buffer.byteLength(options.body));
		return new Promise((resolve, reject) => {
			const req = http.request(
				{
					host: url.hostname,
					port: url.port,
					path: `${url.pathname}${url.search}`,
					method,
					headers,
					localAddress: FUZZ_LOCAL_ADDRESS,
					agent: false
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (chunk: Buffer) => chunks.push(chunk));
					res.on('end', () => {
						for (const line of res.headers['set-cookie'] ?? []) {
							const [pair, ...attributes] = line.split(';');
							const index = pair!.indexOf('=');
							const name = pair!.slice(0, index).trim();
							const value = pair!.slice(index + 1).trim();
							const expired = attributes.some(
								(a) => /max-age=0\b/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a)
							);
							if (expired || value === '') this.cookies.delete(name);
							else this.cookies.set(name, value);
						}
						resolve({
							status: res.statusCode ?? 0,
							headers: res.headers,
							body: Buffer.concat(chunks).toString('utf8')
						});
					});
					res.on('error', reject);
				}
			);
			// The server may answer (413, 403) and close before reading a huge body.
			req.on('error', (error: NodeJS.ErrnoException) => {
				if (error.code === 'EPIPE' || error.code === 'ECONNRESET')
					resolve({ status: 0, headers: {}, body: '' });
				else reject(error);
			});
			if (options.body !== undefined) req.write(options.body);
			req.end();
		});
	}

	/** A same-origin form post (like a browser without JavaScript). */
	postForm(path: string, form: Record<string, string>): Promise<FuzzResponse> {
		return this.request('POST', path, {
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.origin },
			body: new URLSearchParams(form).toString()
		});
	}

	get(path: string): Promise<FuzzResponse> {
		return this.request('GET', path);
	}
}

/** The value of `<input name="…" value="…">` in a page, if any. */
export function inputValue(html: string, name: string): string | undefined {
	const match =
		new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html) ??
		new RegExp(`<input[^>]*value="([^"]*)"[^>]*name="${name}"`).exec(html);
	return match?.[1];
}
