import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Svelte keeps its attribute helpers in one module, and every hydrated page loads it through the
 * root layout. A few template forms pull large helpers into that module (spread attributes, a
 * `<svelte:element>` with dynamic attributes, `class={…}` values that may be arrays or objects,
 * which need clsx): used once anywhere, they cost every page about 0.2–3 KB gzip, and the
 * questionnaire pages have almost no room left under their 40 KB budget (ADR 007).
 */
function svelteFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return svelteFiles(path);
		return path.endsWith('.svelte') ? [path] : [];
	});
}

const markupOf = (source: string) =>
	source.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '');

describe('template forms that would grow every page', () => {
	const files = svelteFiles('src');

	it('finds the components', () => {
		expect(files.length).toBeGreaterThan(20);
	});

	it('uses no spread attributes', () => {
		const offenders = files.filter((file) =>
			/<[a-zA-Z][^>]*\{\.\.\.[^}]+\}/.test(markupOf(readFileSync(file, 'utf8')))
		);
		expect(offenders).toEqual([]);
	});

	it('uses <svelte:element> only with static attributes', () => {
		const offenders = files.filter((file) =>
			[
				...markupOf(readFileSync(file, 'utf8')).matchAll(
					/<svelte:element\s+this=\{[^}]*\}([^>]*)>/g
				)
			].some((m) => /[{]/.test(m[1] ?? ''))
		);
		expect(offenders).toEqual([]);
	});

	it('gives class={…} only template strings (class:name={…} for conditions)', () => {
		const offenders = files.filter((file) =>
			/\sclass=\{(?!`)/.test(markupOf(readFileSync(file, 'utf8')))
		);
		expect(offenders).toEqual([]);
	});
});
