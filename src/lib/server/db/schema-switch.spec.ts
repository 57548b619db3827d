import { describe, expect, it } from 'vitest';
import { dialect } from './dialect';
import * as pg from './schema.pg';
import * as switched from './schema';
import * as sqlite from './schema.sqlite';
import * as vocabulary from '../../vocabulary';

/** The switch (ADR 050) re-exports every export of both dialects' files: none can be forgotten. */
describe('schema.ts, the dialect switch', () => {
	const names = (module: object) => Object.keys(module).sort();
	// schema.sqlite.ts also re-exports lists of the vocabulary, which are no dialect's.
	const fromVocabulary = names(sqlite).filter((name) => name in vocabulary);

	it('exports the names of schema.sqlite.ts; schema.pg.ts has the same tables and fragments', () => {
		expect(names(switched)).toEqual(names(sqlite));
		expect(names(pg)).toEqual(names(sqlite).filter((name) => !fromVocabulary.includes(name)));
		expect(fromVocabulary).toContain('demandeStatuses');
	});

	it("re-exports each table and fragment of the process's dialect, each list of the vocabulary", () => {
		const chosen: Record<string, unknown> = dialect === 'postgres' ? pg : sqlite;
		const lists: Record<string, unknown> = vocabulary;
		for (const [name, value] of Object.entries(switched))
			expect(value, name).toBe(fromVocabulary.includes(name) ? lists[name] : chosen[name]);
	});
});
