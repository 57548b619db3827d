import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

/**
 * The PostgreSQL tier (ADR 048): tests/pg/, on the server DATABASE_TEST_URL names (`.ci/postgres`
 * starts one), each file on a throwaway database of its own (tests/helpers/pg.ts). `npm test`
 * runs it; `npm run validate` too when DATABASE_TEST_URL is set (scripts/validate.js).
 */
export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: ['tests/pg/**/*.spec.ts'],
		environment: 'node',
		globalSetup: ['tests/setup/pg-global-setup.ts'],
		setupFiles: ['tests/setup/per-file.ts'],
		expect: { requireAssertions: true },
		testTimeout: 20_000
	}
});
