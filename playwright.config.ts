import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4173);
export const baseURL = `http://localhost:${PORT}`;

/**
 * e2e against the production build (`npm run build` first) with a throwaway database.
 * Playwright drives Debian's Chromium: no browser download ever (DEVELOPERS.md).
 */
export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	fullyParallel: true,
	forbidOnly: true,
	workers: 2,
	retries: process.env.CI ? 1 : 0,
	reporter: process.env.CI ? [['list']] : [['list']],
	timeout: 30_000,
	use: {
		baseURL,
		// French is the reference language: browsers in the suite ask for it.
		locale: 'fr-FR',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update'
			]
		}
	},
	webServer: {
		command: 'node scripts/e2e-server.js',
		url: `${baseURL}/healthz`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			ORIGIN: baseURL,
			DATABASE_URL: 'tests/.tmp/e2e.db',
			DEMO_DATA: '1',
			NODE_ENV: 'production',
			RATE_LIMIT_DISABLED: '1',
			LOG_LEVEL: 'warn'
		}
	}
});
