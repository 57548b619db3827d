import { sql, type SQL } from 'drizzle-orm';
import { auditLog } from './schema';

/**
 * An instant as a query parameter, encoded as the dialect stores instants: milliseconds on
 * SQLite (`timestamp_ms`), a `timestamptz` on PostgreSQL (ADR 050). For comparisons in raw SQL
 * (`sql\`${expression} <= ${instant(date)}\``, `lte(expression, instant(date))`), where drizzle
 * cannot take the encoding from a column.
 */
export function instant(date: Date | number): SQL {
	return sql`${sql.param(typeof date === 'number' ? new Date(date) : date, auditLog.at)}`;
}
