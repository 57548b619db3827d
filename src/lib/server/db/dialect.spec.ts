import { describe, expect, it } from 'vitest';
import { dialectOf, isPostgresUrl } from './dialect';

describe('dialectOf', () => {
	it('reads PostgreSQL from a postgres:// or postgresql:// URL, whatever the case', () => {
		expect(dialectOf('postgres://portail@db.internal:5432/portail')).toBe('postgres');
		expect(dialectOf('postgresql://portail@/portail?host=/var/run/postgresql')).toBe('postgres');
		expect(dialectOf('  PostgreSQL://x/y')).toBe('postgres');
	});

	it('keeps SQLite for a file path, a file named like a URL, or nothing', () => {
		expect(dialectOf(undefined)).toBe('sqlite');
		expect(dialectOf('./data/portail.db')).toBe('sqlite');
		expect(dialectOf('/srv/postgres/portail.db')).toBe('sqlite');
		expect(dialectOf(':memory:')).toBe('sqlite');
		expect(isPostgresUrl('file:postgres://')).toBe(false);
	});
});
