#!/usr/bin/env node
// Production entry used by `npm start` and the e2e suite: adapter-node's own server
// (build/index.js, unchanged: graceful shutdown, timeouts, env) plus baseline security
// headers on EVERY response, including the static files (/_app/immutable/…, favicon,
// robots.txt) that adapter-node serves with sirv before the SvelteKit hooks run, and
// brotli/gzip compression of the HTML and JSON responses (scripts/lib/compress.js, ADR 036;
// sirv serves the static files' own precompressed .br/.gz), and the information-page cache
// (scripts/lib/page-cache.js, ADR 046): pages that are the same for everyone in one language are
// answered from memory without running SvelteKit. PAGE_CACHE=off turns it off.
//
// The headers are set first; a SvelteKit response's own headers (its CSP, from
// hooks.server.ts and kit.csp) replace them when it writes its head. `node build` still
// works; it only lacks these headers on static files (docs/security.md).
//
// The build is imported through a variable so that `tsc -p tsconfig.scripts.json` does not follow
// it into build/ (generated JavaScript, not ours to type-check); the cast names what we use of it.
import { readFileSync } from 'node:fs';
import { compressResponse } from './lib/compress.js';
import { createPageCache } from './lib/page-cache.js';

const buildEntry = '../build/index.js';
/** @type {{ server: { server: import('node:http').Server } }} */
const { server } = await import(buildEntry);

/** Keep in step with handleSecurityHeaders in src/hooks.server.ts (tests/e2e/headers.e2e.ts checks both). */
export const baselineHeaders = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'same-origin',
	'X-Frame-Options': 'DENY',
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Resource-Policy': 'same-origin',
	'Permissions-Policy':
		'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
	'Content-Security-Policy':
		"default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
};

/** The build's version (Kit's): a new build starts with an empty cache, and the key names it. */
const version = /** @type {{ version: string }} */ (
	JSON.parse(readFileSync(new URL('../build/client/_app/version.json', import.meta.url), 'utf8'))
).version;
const pageCache =
	process.env.PAGE_CACHE === 'off'
		? null
		: createPageCache({ version, protocolHeader: process.env.PROTOCOL_HEADER?.toLowerCase() });

// build/index.js has attached its handler and is about to listen: this listener replaces it and
// calls it on every request the cache does not answer.
const kitListeners = server.server.listeners('request');
server.server.removeAllListeners('request');
server.server.on('request', (request, response) => {
	for (const [name, value] of Object.entries(baselineHeaders)) response.setHeader(name, value);
	if (pageCache?.serve(request, response)) return;
	compressResponse(request, response);
	pageCache?.capture(request, response);
	for (const listener of kitListeners) listener.call(server.server, request, response);
});
