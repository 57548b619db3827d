import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resources } from '$lib/i18n/resources';
import { journalActions } from './journal';

/** Every .ts file of the server code and routes, specs excluded. */
function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sources(path);
		return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
	});
}

describe('journal actions', () => {
	it('lists every audit action written with a literal name, so the journal can filter and label it', () => {
		const written = new Set<string>();
		for (const file of [...sources('src/lib/server'), ...sources('src/routes')]) {
			for (const match of readFileSync(file, 'utf8').matchAll(/\baction: '([a-z_]+)'/g))
				written.add(match[1]!);
		}
		expect(written.size).toBeGreaterThan(10);
		const missing = [...written].filter(
			(action) => !(journalActions as readonly string[]).includes(action)
		);
		expect(missing).toEqual([]);
	});

	it('has a label for every action in both languages', () => {
		for (const locale of ['fr', 'en'] as const) {
			const labels = (
				resources[locale].backoffice as { journal: { actions: Record<string, string> } }
			).journal.actions;
			const unlabelled = journalActions.filter(
				(action) => typeof labels[action] !== 'string' || labels[action] === ''
			);
			expect(unlabelled, locale).toEqual([]);
		}
	});
});
