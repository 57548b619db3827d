import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { discloseVersion: false },
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// Strict CSP: no inline script without a nonce/hash, no third party at all (ADR 004).
		// SvelteKit's CSRF origin check stays on (its default).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// The one inline style allowed: SvelteKit's screen-reader route announcer (ADR 004).
				'style-src': [
					'self',
					'unsafe-hashes',
					'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='
				],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		inlineStyleThreshold: 0,
		// The client does not download the route manifest; the server resolves navigations.
		router: { resolution: 'server' }
	}
};

export default config;
