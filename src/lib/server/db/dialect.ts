/**
 * Which database the process runs on (issue #18, ADR 048): `DATABASE_URL` starting with
 * `postgres://` or `postgresql://` means PostgreSQL; anything else (a file path, unset) means
 * the embedded SQLite default. Read once from the environment, at import time: one process runs
 * on one dialect, and the schema module picks its tables by it.
 */
export type Dialect = 'sqlite' | 'postgres';

/** True for a PostgreSQL connection URL (`postgres://…` or `postgresql://…`). */
export function isPostgresUrl(url: string | undefined): boolean {
	return url !== undefined && /^postgres(ql)?:\/\//i.test(url.trim());
}

/** The dialect of a `DATABASE_URL` value. */
export function dialectOf(url: string | undefined): Dialect {
	return isPostgresUrl(url) ? 'postgres' : 'sqlite';
}

/** This process's dialect. */
export const dialect: Dialect = dialectOf(process.env.DATABASE_URL);
