// Throwaway PostgreSQL databases on the server a URL names (DATABASE_TEST_URL): created for a
// bench run, dropped after. Plain Node, like scripts/lib/portal.js (`npm run bench` runs without
// TypeScript); the tests' own helper (tests/helpers/pg.ts) uses it too.
import pg from 'pg';

/**
 * The same server URL naming another database (its path), query options kept.
 * @param {string} url
 * @param {string} database
 */
export function withDatabase(url, database) {
	return url.replace(/^(postgres(?:ql)?:\/\/[^/?]*)(\/[^?]*)?/, `$1/${database}`);
}

/**
 * Runs statements on the database `url` names, one after the other; returns the last one's rows.
 * @param {string} url
 * @param {string[]} statements
 * @returns {Promise<Record<string, unknown>[]>}
 */
export async function runOn(url, ...statements) {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		/** @type {Record<string, unknown>[]} */
		let rows = [];
		for (const statement of statements) rows = (await client.query(statement)).rows;
		return rows;
	} finally {
		await client.end();
	}
}

/**
 * Drops `name` on the server `url` names once its connections have gone. `pool.end()` resolves
 * when the pool has let go of its clients, before the server has seen them leave: `WITH (FORCE)`
 * would then terminate backends still closing, and their clients report it as an unhandled error
 * (or the drop fails when it cannot signal one). So wait, up to 10 s, for the server to list none.
 * @param {string} url
 * @param {string} name
 */
export async function dropDatabaseOn(url, name) {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		for (let i = 0; i < 200; i++) {
			const { rows } = await client.query(
				'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
				[name]
			);
			if (rows[0]?.n === 0) break;
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
	} finally {
		await client.end();
	}
}

/**
 * The durability settings a PostgreSQL figure depends on, as a session of `url` sees them.
 * @param {string} url
 * @returns {Promise<Record<string, string>>}
 */
export async function durabilitySettings(url) {
	const names = ['server_version', 'fsync', 'synchronous_commit', 'full_page_writes'];
	const [row] = await runOn(
		url,
		`SELECT ${names.map((n) => `current_setting('${n}') AS ${n}`).join(', ')}`
	);
	return Object.fromEntries(names.map((n) => [n, String(row?.[n])]));
}
