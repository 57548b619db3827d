// Compression of the portal's HTML and JSON responses, installed by scripts/serve.js (ADR 036).
import { constants as zlibConstants, createBrotliCompress, createGzip } from 'node:zlib';

/**
 * Compression of the portal's own HTML and JSON responses (ADR 036): brotli or gzip, as the
 * request's Accept-Encoding prefers (brotli first at equal weight), with `Vary: Accept-Encoding`.
 * Left alone: HEAD requests, statuses without a body (1xx, 204, 304) and redirects, bodies
 * under COMPRESS_MIN_BYTES when their length is known, responses already encoded (the
 * precompressed static files sirv serves: .br/.gz next to each asset) and `no-transform` ones.
 * Each write is flushed at once, so a streamed page still reaches the browser as it is written.
 */
export const COMPRESS_MIN_BYTES = 1024;
const COMPRESSIBLE = /^(text\/html|application\/json|application\/[a-z.+-]*\+json)\b/i;

/** The encoding to use for an Accept-Encoding header: 'br', 'gzip' or null. */
export function chooseEncoding(acceptEncoding = '') {
	/** @type {Map<string, number>} */
	const weights = new Map();
	for (const part of acceptEncoding.toLowerCase().split(',')) {
		const [name = '', ...params] = part.trim().split(';');
		const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		const weight = q ? Number(q.slice(2)) : 1;
		if (name) weights.set(name.trim(), Number.isFinite(weight) ? weight : 0);
	}
	const weightOf = (/** @type {string} */ name) => weights.get(name) ?? weights.get('*') ?? 0;
	const br = weightOf('br');
	const gzip = weightOf('gzip');
	if (br > 0 && br >= gzip) return 'br';
	if (gzip > 0) return 'gzip';
	return null;
}

/**
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 */
export function compressResponse(request, response) {
	const encoding =
		request.method === 'HEAD' ? null : chooseEncoding(request.headers['accept-encoding']);
	const original = {
		writeHead: response.writeHead.bind(response),
		write: response.write.bind(response),
		end: response.end.bind(response)
	};
	/** @type {import('node:zlib').BrotliCompress | import('node:zlib').Gzip | null} */
	let compressor = null;
	let decided = false;

	/** Decides, once, before the headers go out, whether this response is compressed. */
	const decide = () => {
		if (decided) return;
		decided = true;
		const type = String(response.getHeader('content-type') ?? '');
		if (!COMPRESSIBLE.test(type)) return;
		const status = response.statusCode;
		if (status < 200 || status === 204 || status === 304 || (status >= 300 && status < 400)) return;
		const vary = String(response.getHeader('vary') ?? '');
		if (!/\baccept-encoding\b/i.test(vary))
			response.setHeader('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
		if (!encoding || response.getHeader('content-encoding')) return;
		if (/\bno-transform\b/i.test(String(response.getHeader('cache-control') ?? ''))) return;
		const length = response.getHeader('content-length');
		if (length !== undefined && Number(length) < COMPRESS_MIN_BYTES) return;
		response.removeHeader('content-length');
		response.setHeader('Content-Encoding', encoding);
		const etag = response.getHeader('etag');
		if (typeof etag === 'string' && !etag.startsWith('W/')) response.setHeader('ETag', `W/${etag}`);
		compressor =
			encoding === 'br'
				? createBrotliCompress({
						params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 }
					})
				: createGzip({ level: 6 });
		compressor.on('data', (chunk) => {
			if (!original.write(chunk)) compressor?.pause();
		});
		response.on('drain', () => compressor?.resume());
		// A writer told to wait (write() returned false: the compressor's buffer is full) waits
		// for the response's 'drain': give it the compressor's.
		compressor.on('drain', () => response.emit('drain'));
		compressor.on('end', () => original.end());
		compressor.on('error', () => response.destroy());
	};

	// The overrides take what ServerResponse's own methods take (overloads: any[]).
	const res = /** @type {any} */ (response);

	/** @param {number} status @param {any[]} args */
	res.writeHead = function (status, ...args) {
		response.statusCode = status;
		const headers = typeof args[0] === 'string' ? args[1] : args[0];
		if (typeof args[0] === 'string') response.statusMessage = args[0];
		if (Array.isArray(headers)) {
			for (let i = 0; i + 1 < headers.length; i += 2)
				response.setHeader(headers[i], headers[i + 1]);
		} else if (headers && typeof headers === 'object') {
			for (const [name, value] of Object.entries(headers))
				if (value !== undefined) response.setHeader(name, value);
		}
		decide();
		return original.writeHead(response.statusCode);
	};

	/** @param {any} chunk @param {any[]} args */
	res.write = function (chunk, ...args) {
		decide();
		if (!compressor) return original.write(chunk, ...args);
		const callback = args.find((arg) => typeof arg === 'function');
		const encodingArg = /** @type {BufferEncoding | undefined} */ (
			typeof args[0] === 'string' ? args[0] : undefined
		);
		const accepted = compressor.write(
			typeof chunk === 'string' ? Buffer.from(chunk, encodingArg) : chunk,
			callback
		);
		compressor.flush();
		return accepted;
	};

	/** @param {any[]} args */
	res.end = function (...args) {
		decide();
		if (!compressor) return original.end(...args);
		const callback = args.find((arg) => typeof arg === 'function');
		const chunk = typeof args[0] === 'function' ? undefined : args[0];
		const encodingArg = /** @type {BufferEncoding | undefined} */ (
			typeof args[1] === 'string' ? args[1] : undefined
		);
		if (callback) response.once('finish', callback);
		if (chunk !== undefined && chunk !== null)
			compressor.end(typeof chunk === 'string' ? Buffer.from(chunk, encodingArg) : chunk);
		else compressor.end();
		return response;
	};
}
