import { is, sql, type Column, type SQL, type SQLWrapper } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';

/**
 * `id` is one of the rows that the sub-select `rows` takes for a claim (ADR 049): the one
 * place where the claims differ by dialect.
 *
 * - PostgreSQL: `id = any(array(<rows> for update skip locked))`. Two instances claiming at
 *   once lock and take disjoint rows without waiting for each other. `array(…)` makes the
 *   sub-select run exactly once: as `id in (…)`, the planner may run it again for each row
 *   of the update, each run skipping the rows the update already locked, and so take more
 *   rows than its `limit` (a claim of 3 rows took all 8 due ones when tried).
 * - SQLite: `id in (<rows>)`, run once; a write statement holds the database's one write lock
 *   from start to end, so no other claim runs in between.
 *
 * Chosen by the column's table, whose dialect is the process's (dialect.ts) in a running
 * portal; the PostgreSQL tests pass PostgreSQL tables in a SQLite process.
 */
export function inClaimedRows(id: Column, rows: SQLWrapper): SQL {
	return is(id.table, PgTable)
		? sql`${id} = any(array(${rows.getSQL()} for update skip locked))`
		: sql`${id} in (${rows.getSQL()})`;
}
