import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { PgPreparedQuery } from 'drizzle-orm/pg-core';

/**
 * The data layer on PostgreSQL (ADR 050): a node-postgres pool under drizzle's node-postgres
 * driver, with the same behaviour the application relies on with SQLite (ADR 047).
 *
 * - **Transactions follow the context.** Code inside `db.transaction(…)` may query through the
 *   global database, not only through `tx`, and still be inside the transaction (the SQLite gate
 *   gives that for free: one connection). With a pool such a query would take another
 *   connection, outside the transaction, and could even wait forever on a row the transaction
 *   locked. So the database handed to the application is a proxy: inside a transaction's
 *   AsyncLocalStorage scope, its query builders, `execute` and `transaction` (a savepoint) are
 *   the transaction's.
 * - **Errors unwrapped.** Drizzle wraps a failed query in a `DrizzleQueryError` whose message
 *   holds the query's parameters (personal data, never to be logged, ADR 018): the application
 *   gets node-postgres's own error (its `code` is the SQLSTATE), as with better-sqlite3.
 * - **Ready before use.** The pool is opened synchronously (`getDb()` stays synchronous); every
 *   query waits until `prepare` (the migrations at start, the creation of a test database) has
 *   finished, and fails with its error if it failed. `databaseReady(db)` awaits it.
 */

// No drizzle cache is configured: `queryWithCache` only adds the wrapping of errors.
(PgPreparedQuery.prototype as unknown as { queryWithCache: unknown }).queryWithCache = (
	_sql: string,
	_params: unknown[],
	run: () => Promise<unknown>
) => run();

type Tx = Record<PropertyKey, unknown> & {
	transaction: (body: (tx: never) => Promise<unknown>) => Promise<unknown>;
};
interface Scope {
	base: object;
	tx: Tx;
	active: boolean;
}
const scopes = new AsyncLocalStorage<Scope>();

interface Handle {
	pool: pg.Pool;
	base: object;
	ready: Promise<void>;
}
const handles = new WeakMap<object, Handle>();

/** What a query issued inside a transaction takes from the transaction rather than the pool. */
const ROUTED = new Set<PropertyKey>([
	'select',
	'selectDistinct',
	'selectDistinctOn',
	'insert',
	'update',
	'delete',
	'execute',
	'with',
	'$with',
	'$count',
	'query'
]);

export interface PostgresOptions {
	/** Connections in the pool (DATABASE_POOL_SIZE). */
	poolSize: number;
	/** Runs once before any query of the pool: the migrations, the creation of a test database. */
	prepare: () => Promise<void>;
	/** How long an idle connection stays open (node-postgres's default: 10 s). */
	idleTimeoutMs?: number;
}

/** The key of the advisory lock the migrations run under (any constant the portal uses for nothing else). */
const MIGRATION_LOCK = "hashtext('portail-pdp:migrations')";

/**
 * The migrations of `folder` applied on a connection of its own (the pool waits for them),
 * under a session-level advisory lock on that connection: instances starting together on one
 * database take turns (ADR 049). Drizzle's migrator takes no lock: two of them would both find
 * a migration pending and both apply it, and one start would fail. The next one in finds the
 * migrations recorded and applies nothing. The lock goes with the connection if the process dies.
 */
export async function migratePostgres(url: string, folder: string): Promise<void> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query(`select pg_advisory_lock(${MIGRATION_LOCK})`);
		try {
			await migrate(drizzle(client), { migrationsFolder: folder });
		} finally {
			// A broken connection releases it anyway: never hide the migrations' own error.
			await client.query(`select pg_advisory_unlock(${MIGRATION_LOCK})`).catch(() => undefined);
		}
	} finally {
		await client.end();
	}
}

/** The application's database on a PostgreSQL URL (typed by the caller, `openDatabase`). */
export function connectPostgres<S extends Record<string, unknown>>(
	url: string,
	schema: S,
	options: PostgresOptions
): object {
	const pool = new pg.Pool({
		connectionString: url,
		max: options.poolSize,
		...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMillis: options.idleTimeoutMs })
	});
	// An idle connection that dies (a server restart) must not crash the process.
	pool.on('error', () => undefined);
	const ready = options.prepare();
	ready.catch(() => undefined); // reported to every query, and by databaseReady
	// Every query takes a connection through `connect` (`pool.query` too, with a callback).
	const connect = pool.connect.bind(pool) as (callback?: (...args: unknown[]) => void) => unknown;
	(pool as unknown as { connect: unknown }).connect = (callback?: (...args: unknown[]) => void) => {
		if (!callback) return ready.then(() => connect());
		ready.then(
			() => connect(callback),
			(error: unknown) => callback(error)
		);
		return undefined;
	};

	const base = drizzle(pool, { schema });
	const begin = base.transaction.bind(base);
	const current = (): Scope | undefined => {
		const scope = scopes.getStore();
		return scope?.base === base && scope.active ? scope : undefined;
	};

	// SQLite's `{ behavior: 'immediate' }` has no PostgreSQL meaning (READ COMMITTED, row locks):
	// the configuration is dropped; the checks that need a lock take one (ADR 050).
	const transaction = async <T>(body: (tx: never) => Promise<T>): Promise<T> => {
		const outer = current();
		if (outer) return (await outer.tx.transaction(body)) as T;
		const scope: Scope = { base, tx: undefined as never, active: true };
		try {
			return await begin((tx) => {
				scope.tx = tx as unknown as Tx;
				return scopes.run(scope, () => body(tx as never));
			});
		} finally {
			scope.active = false;
		}
	};

	const db = new Proxy(base, {
		get(target, property) {
			if (property === 'transaction') return transaction;
			const scope = ROUTED.has(property) ? current() : undefined;
			const owner = (scope ? scope.tx : target) as Record<PropertyKey, unknown>;
			const value = owner[property];
			return typeof value === 'function' ? value.bind(owner) : value;
		}
	});
	handles.set(db, { pool, base, ready });
	return db;
}

/** True when `db` was opened by `connectPostgres`. */
export function isPostgresDb(db: object): boolean {
	return handles.has(db);
}

/** True while the current asynchronous context runs inside a transaction of `db` (PostgreSQL). */
export function inPostgresTransaction(db: object): boolean {
	const scope = scopes.getStore();
	return scope !== undefined && scope.active && scope.base === handles.get(db)?.base;
}

function handleOf(db: object): Handle {
	const handle = handles.get(db);
	if (!handle) throw new Error('not a database opened on PostgreSQL');
	return handle;
}

/** Resolves once the migrations (or a test database's creation) are done; rejects with their error. */
export function postgresReady(db: object): Promise<void> {
	return handleOf(db).ready;
}

/** Closes the pool. */
export async function closePostgres(db: object): Promise<void> {
	const { pool, ready } = handleOf(db);
	await ready.catch(() => undefined);
	await pool.end();
}

/** The number of applied migrations (the health endpoint reports it). */
export async function postgresMigrationCount(db: object): Promise<number> {
	const { rows } = await handleOf(db).pool.query<{ n: number }>(
		'SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations'
	);
	return rows[0]?.n ?? 0;
}
