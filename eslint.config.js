import { fileURLToPath } from 'node:url';
import { includeIgnoreFile } from '@eslint/compat';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const gitignorePath = fileURLToPath(new URL('./.gitignore', import.meta.url));

/** The `sv create` scaffold's flat config: typescript-eslint, eslint-plugin-svelte, Prettier last. */
export default defineConfig(
	includeIgnoreFile(gitignorePath),
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// typescript-eslint: TypeScript itself reports undefined names.
			'no-undef': 'off',
			// A leading underscore marks a value left out on purpose (`const { a: _a, ...rest } = x`).
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }
			],
			// The portal is served at the root of its own origin (no `paths.base`) and its links are
			// plain hrefs that work without JavaScript: ADR 029.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		// One asynchronous data layer (ADR 047): every query is awaited, as on PostgreSQL. The
		// synchronous better-sqlite3 executors of drizzle's query builders are refused; a raw
		// SQLite statement (`sqliteOf(db).prepare(…)`) is SQLite-only by name and allowed.
		files: ['src/**/*.ts', 'scripts/**/*.ts'],
		rules: {
			'no-restricted-syntax': [
				'error',
				{
					selector:
						"CallExpression[arguments.length=0][callee.property.type='Identifier'][callee.property.name=/^(all|get|run)$/]:not([callee.object.callee.property.name=/^(prepare|pluck|raw|expand)$/])",
					message:
						'Await the query instead (ADR 047): `await db.select()…` (rows), `const [row] = await …`, `await db.insert(…).values(…)`.'
				},
				{
					selector:
						"CallExpression[arguments.length=0][callee.property.name='values'][callee.object.type='CallExpression'][callee.object.callee.property.name=/^(from|where|orderBy|groupBy|having|limit|offset|innerJoin|leftJoin|rightJoin|fullJoin|returning)$/]",
					message: 'Await the query for rows instead of `.values()` (ADR 047).'
				}
			]
		}
	},
	{
		// e2e: wait for the new state, never read the current one once (CONTRIBUTING.md, e2e). A
		// count read right after a click is the page the click left when JavaScript navigates.
		files: ['tests/e2e/**/*.ts'],
		rules: {
			'no-restricted-syntax': [
				'error',
				{
					selector:
						"CallExpression[callee.name='expect'] > AwaitExpression > CallExpression[callee.property.name='count']",
					message:
						'A count read once does not wait: `await expect(locator).toHaveCount(n)`, `await expect(locator.nth(n)).toBeVisible()` or `await expect.poll(() => locator.count())…`.'
				},
				{
					selector: "CallExpression[callee.property.name='waitForTimeout']",
					message:
						'Wait for the state you expect (`await expect(…)…`), never for the clock (CONTRIBUTING.md, e2e).'
				}
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	}
);
