import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/sqlite-proxy';
import type { SQLiteTransactionConfig } from 'drizzle-orm/sqlite-core';

/**
 * The asynchronous data layer on SQLite (ADR 047): the application awaits every query, as it
 * will on PostgreSQL, while the queries still run on one better-sqlite3 connection. Drizzle's
 * `sqlite-proxy` driver builds the SQL and maps the rows; `execute` below runs them.
 *
 * One connection means one transaction at a time, and a query of another request must never
 * land inside a transaction that is waiting for its next query. So a gate serialises: a
 * transaction holds it from `BEGIN` to `COMMIT`/`ROLLBACK`; a query from inside that
 * transaction (AsyncLocalStorage knows) runs at once; any other query waits its turn. Nested
 * transactions are savepoints.
 */

/** What a write answers on SQLite: the rows it changed (the SQLite-only part of a result). */
export interface WriteResult {
	changes: number;
	lastInsertRowid: number | bigint;
}

type Method = 'run' | 'all' | 'values' | 'get';

/** A first-come first-served lock; `idle` when nobody holds it or waits for it. */
class Gate {
	private held = false;
	private readonly waiting: (() => void)[] = [];

	get idle(): boolean {
		return !this.held && this.waiting.length === 0;
	}

	acquire(): Promise<void> {
		if (!this.held) {
			this.held = true;
			return Promise.resolve();
		}
		return new Promise((resolve) => this.waiting.push(resolve));
	}

	/** Hands the lock to the next waiter (it stays held) or frees it. */
	release(): void {
		const next = this.waiting.shift();
		if (next) next();
		else this.held = false;
	}
}

/** The transaction the current asynchronous context runs in, on which connection. */
interface Scope {
	sqlite: Database.Database;
	active: boolean;
	tx?: { transaction: (body: (tx: never) => Promise<unknown>) => Promise<unknown> };
}
const scopes = new AsyncLocalStorage<Scope>();

/** Prepared statements kept per connection, by SQL text; bounded (lists of ids vary the text). */
const STATEMENT_CACHE_MAX = 500;

const sqliteByDb = new WeakMap<object, Database.Database>();
const gateByDb = new WeakMap<object, Gate>();

function currentScope(sqlite: Database.Database): Scope | undefined {
	const scope = scopes.getStore();
	return scope?.sqlite === sqlite && scope.active ? scope : undefined;
}

/** The asynchronous drizzle database on an open better-sqlite3 connection. */
export function connect<S extends Record<string, unknown>>(sqlite: Database.Database, schema: S) {
	const statements = new Map<string, Database.Statement>();
	const gate = new Gate();

	function prepared(text: string): Database.Statement {
		let statement = statements.get(text);
		if (!statement) {
			if (statements.size >= STATEMENT_CACHE_MAX) statements.clear();
			statement = sqlite.prepare(text);
			statements.set(text, statement);
		}
		return statement;
	}

	/** Runs one statement as the proxy driver expects: raw rows for reads, the write's result for 'run'. */
	function execute(text: string, params: unknown[], method: Method) {
		const statement = prepared(text);
		if (method === 'run' || !statement.reader) {
			const { changes, lastInsertRowid } = statement.run(...params);
			return { rows: [], changes, lastInsertRowid };
		}
		statement.raw(true);
		if (method === 'get') return { rows: statement.get(...params) as unknown[] };
		return { rows: statement.all(...params) as unknown[] };
	}

	const db = drizzle(
		async (text, params, method) => {
			if (currentScope(sqlite) || gate.idle) return execute(text, params, method);
			await gate.acquire();
			try {
				return execute(text, params, method);
			} finally {
				gate.release();
			}
		},
		{ schema }
	);

	// Drizzle's asynchronous drivers wrap a failed query in a DrizzleQueryError whose message
	// holds the query's parameters (personal data, which must never reach a log) and hides the
	// driver's error code (SQLITE_BUSY, SQLITE_CONSTRAINT_UNIQUE…). The application keeps getting
	// better-sqlite3's own error, as with the synchronous driver. (No drizzle cache is used.)
	const session = (db as unknown as { session: { prepareQuery: (...args: never[]) => unknown } })
		.session;
	const prepareQuery = session.prepareQuery.bind(session);
	session.prepareQuery = (...args) => {
		const query = prepareQuery(...args) as { queryWithCache: unknown };
		query.queryWithCache = (_sql: string, _params: unknown[], run: () => Promise<unknown>) => run();
		return query;
	};

	const begin = db.transaction.bind(db);
	const transaction = async <T>(
		body: (tx: Parameters<Parameters<typeof begin>[0]>[0]) => Promise<T>,
		config?: SQLiteTransactionConfig
	): Promise<T> => {
		const outer = currentScope(sqlite);
		// Called again from inside a transaction (through the database, not `tx`): a savepoint.
		if (outer?.tx) return (await outer.tx.transaction(body as never)) as T;
		await gate.acquire();
		const scope: Scope = { sqlite, active: true };
		try {
			return await scopes.run(scope, () =>
				begin(
					(tx) => {
						scope.tx = tx as unknown as Scope['tx'];
						return body(tx);
					},
					// BEGIN IMMEDIATE: the write lock from the start. A deferred transaction holds a read
					// snapshot until its first write; if another process (a job run beside the server)
					// commits meanwhile, that write fails at once (SQLITE_BUSY_SNAPSHOT, no busy wait).
					{ behavior: 'immediate', ...config }
				)
			);
		} finally {
			scope.active = false;
			gate.release();
		}
	};
	db.transaction = transaction as typeof db.transaction;
	sqliteByDb.set(db, sqlite);
	gateByDb.set(db, gate);
	return db;
}

/**
 * The SQLite connection under a database, for the operations only SQLite has (health probe,
 * backup, WAL checkpoint, closing, bulk seeding). Every caller is SQLite-specific by name:
 * the PostgreSQL step replaces exactly these.
 */
export function sqliteOf(db: object): Database.Database {
	const sqlite = sqliteByDb.get(db);
	if (!sqlite) throw new Error('sqliteOf: not a database opened by openDatabase');
	return sqlite;
}

/** True while the current asynchronous context runs inside a transaction of `db`. */
export function inTransaction(db: object): boolean {
	const sqlite = sqliteByDb.get(db);
	return sqlite !== undefined && currentScope(sqlite) !== undefined;
}

/**
 * Runs `work` on the SQLite connection once no transaction is open on it (a WAL checkpoint must
 * not run in the middle of another request's transaction). SQLite-only, like `sqliteOf`.
 */
export async function whenIdle<T>(db: object, work: (sqlite: Database.Database) => T): Promise<T> {
	const sqlite = sqliteOf(db);
	const gate = gateByDb.get(db)!;
	if (currentScope(sqlite)) throw new Error('whenIdle: called inside a transaction');
	await gate.acquire();
	try {
		return work(sqlite);
	} finally {
		gate.release();
	}
}
