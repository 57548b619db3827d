import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: ['src/**/*.spec.ts', 'tests/integration/**/*.spec.ts'],
		environment: 'node',
		globalSetup: ['tests/setup/global-setup.ts'],
		setupFiles: ['tests/setup/per-file.ts'],
		expect: { requireAssertions: true },
		testTimeout: 20_000
	}
});
