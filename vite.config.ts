import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

/**
 * The framework-free modules' specs (src/lib outside src/lib/server: no database, no clock, no
 * process-wide state, CONTRIBUTING.md) share their worker's modules (`isolate: false`): a fresh
 * process per file cost more than most of these files' tests (ADR 031, fourth addendum). Every
 * other spec keeps a process of its own.
 */
const PURE = readdirSync('src/lib', { withFileTypes: true, recursive: true })
	.filter((entry) => entry.isFile() && entry.name.endsWith('.spec.ts'))
	.map((entry) => join(entry.parentPath, entry.name))
	.filter((file) => !file.startsWith('src/lib/server/'));

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		environment: 'node',
		setupFiles: ['tests/setup/per-file.ts'],
		expect: { requireAssertions: true },
		testTimeout: 20_000,
		projects: [
			{ extends: true, test: { name: 'pure', include: PURE, isolate: false } },
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['src/**/*.spec.ts', 'tests/integration/**/*.spec.ts'],
					exclude: PURE,
					globalSetup: ['tests/setup/global-setup.ts']
				}
			}
		]
	}
});
