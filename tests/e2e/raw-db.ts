import Database from 'better-sqlite3';
import { E2E_DATABASE } from './env';

/**
 * The e2e server's database file opened for one look or one change, then closed: what a spec
 * reads or sets that no page shows (a token's hash, a closure date). It waits up to 5 s for the
 * server's writes (WAL mode). `readonly`: a look that cannot change anything.
 */
export function withDb<T>(fn: (db: Database.Database) => T, readonly = false): T {
	const db = new Database(E2E_DATABASE, { readonly, fileMustExist: true });
	try {
		db.pragma('busy_timeout = 5000');
		return fn(db);
	} finally {
		db.close();
	}
}
