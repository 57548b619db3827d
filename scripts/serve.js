#!/usr/bin/env node
// Production entry used by `npm start` and the e2e suite: adapter-node's own server
// (build/index.js, unchanged: graceful shutdown, timeouts, env) plus baseline security
// headers on EVERY response, including the static files (/_app/immutable/…, favicon,
// robots.txt) that adapter-node serves with sirv before the SvelteKit hooks run, and
// brotli/gzip compression of the HTML and JSON responses (scripts/lib/compress.js, ADR 036;
// sirv serves the static files' own precompressed .br/.gz).
//
// The headers are set first; a SvelteKit response's own headers (its CSP, from
// hooks.server.ts and kit.csp) replace them when it writes its head. `node build` still
// works; it only lacks these headers on static files (docs/security.md).
//
// The build is imported through a variable so that `tsc -p tsconfig.scripts.json` does not follow
// it into build/ (generated JavaScript, not ours to type-check); the cast names what we use of it.
import { compressResponse } from './lib/compress.js';

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

// build/index.js has attached its handler and is about to listen: go first on every request.
server.server.prependListener('request', (request, response) => {
	for (const [name, value] of Object.entries(baselineHeaders)) response.setHeader(name, value);
	compressResponse(request, response);
});
