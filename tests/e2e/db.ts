import Database from 'better-sqlite3';
import { attachDatabase, sqliteOf, type Db } from '../../src/lib/server/db/index';
import { E2E_DATABASE } from './env';

/*
 * The e2e specs' one way to a server's database (ADR 047): what a spec reads or sets that no
 * page shows (a token's hash, a closure date, an audit row, the fuzz run's invariants), and the
 * builders' preconditions. Everything else reaches it with drizzle's query builders on the
 * schema's tables (`../../src/lib/server/db/schema`), awaited, with no SQL string: so that
 * running the suite on PostgreSQL changes only `open` below.
 *
 * Reads are select queries: they cannot change anything, whichever connection runs them. The
 * one connection of a worker is read-write because the builders write through it; a look that
 * must not touch the file at all (after a clean shutdown, crash.e2e.ts) opens its own
 * `readonly` connection with `withServerDb`.
 *
 * SQLite's by nature, kept as such (the PostgreSQL run skips or replaces them):
 * - `integrityCheck` (crash.e2e.ts): `PRAGMA integrity_check` on the file a SIGKILLed server
 *   left (PostgreSQL: nothing for the client to check; replaying its WAL is the server's job);
 * - the WAL file gone after a clean shutdown (crash.e2e.ts: `${file}-wal`), and the file modes
 *   of the database, its WAL and shared memory (sec-ops.e2e.ts, ADR 028): files of SQLite;
 * - `E2E_DATABASE` (env.ts) is a file path, given as DATABASE_URL to the e2e server and to the
 *   jobs the specs run in a child process (suivi.e2e.ts, evenement-builders.ts' `remindAt`,
 *   fuzz-targets.ts' account script): the PostgreSQL run makes it a `postgres://` URL;
 * - the servers a spec starts itself (crash, proxy, sec-links, sec-ops, std-http) get a fresh
 *   file each, removed with its `-wal` and `-shm`: the PostgreSQL run creates and drops a
 *   database each instead;
 * - the link key lives beside the file (`${E2E_DATABASE}.key`, read by equipe, personal-link,
 *   suivi and evenement-builders to unseal a queued link): the PostgreSQL run gives the server
 *   an explicit LINK_KEY_FILE and the specs read that.
 */

let shared: Db | undefined;

/**
 * Opens the database at `location` as the application's database (already migrated by its
 * server). This is where the PostgreSQL opener goes: a `postgres://` location opens a pool on
 * that database with the PostgreSQL schema; a path stays a SQLite file, waiting up to 5 s for
 * the server's writes (WAL mode).
 */
function open(location: string, readonly = false): Db {
	return attachDatabase(new Database(location, { readonly, fileMustExist: true, timeout: 5000 }));
}

/** Closes a database `open` gave. */
function close(db: Db): void {
	sqliteOf(db).close();
}

/**
 * The e2e server's database, opened once per Playwright worker on first use and shared by
 * helpers.ts, builders.ts, evenement-builders.ts and the specs.
 */
export function e2eDb(): Db {
	return (shared ??= open(E2E_DATABASE));
}

/**
 * The database of a server a spec started itself (its own DATABASE_URL), opened for `fn` and
 * closed after. `readonly`: the look must not touch the file (SQLite: no WAL replayed or
 * created).
 */
export async function withServerDb<T>(
	location: string,
	fn: (db: Db) => Promise<T>,
	options: { readonly?: boolean } = {}
): Promise<T> {
	const db = open(location, options.readonly);
	try {
		return await fn(db);
	} finally {
		close(db);
	}
}

/**
 * SQLite only: `PRAGMA integrity_check` of the database file at `file`, `'ok'` when sound. Opened
 * read-write when `recover` (a SIGKILLed server's WAL is replayed first), read-only otherwise.
 */
export function integrityCheck(file: string, options: { recover?: boolean } = {}): unknown {
	const sqlite = new Database(file, { readonly: !options.recover, fileMustExist: true });
	try {
		return sqlite.pragma('integrity_check', { simple: true });
	} finally {
		sqlite.close();
	}
}
