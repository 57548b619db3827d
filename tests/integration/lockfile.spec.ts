// `npm ci` (what CI runs on a clean clone) refuses a lock file whose recorded version no longer
// satisfies a dependency's spec. A dependency declared with a dist-tag such as "latest" is
// satisfied only until the package publishes again: the lock is then "out of sync" without
// anyone touching it (stop 24: @paulirish/trace_engine, under lighthouse, asks for
// third-party-web@latest). Every such spec must be pinned by an override in package.json.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type LockEntry = {
	dependencies?: Record<string, string>;
	optionalDependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
};

const read = (file: string) =>
	JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'));

/** A spec that names a moving target rather than a version range. */
function isFloatingSpec(spec: string): boolean {
	return /^[a-z][\w.-]*$/i.test(spec) && !/^v?\d/.test(spec);
}

describe('package-lock.json stays installable by npm ci', () => {
	it('recognises dist-tags and accepts ranges', () => {
		expect(isFloatingSpec('latest')).toBe(true);
		expect(isFloatingSpec('next')).toBe(true);
		for (const spec of ['^1.2.3', '~0.27.0', '0.27.0', '>=18', '1.x', '*', 'npm:foo@1', 'v1.0.0'])
			expect(isFloatingSpec(spec), spec).toBe(false);
	});

	it('pins every dependency declared by dist-tag through an override', () => {
		const overrides: Record<string, unknown> = read('package.json').overrides ?? {};
		const packages: Record<string, LockEntry> = read('package-lock.json').packages;
		const unpinned: string[] = [];
		for (const [path, entry] of Object.entries(packages)) {
			const specs = { ...entry.dependencies, ...entry.optionalDependencies };
			for (const [name, spec] of Object.entries(specs))
				if (isFloatingSpec(spec) && !(name in overrides))
					unpinned.push(`${path} → ${name}@${spec}`);
		}
		expect(unpinned).toEqual([]);
	});
});
