import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import pg from 'pg';
import { migratePostgres } from '../../src/lib/server/db/postgres';
import { onServer, serverUrl, withDatabase } from '../helpers/pg';
import checkServer from './pg-global-setup';

/**
 * One statement that brings a used test database back to the template's content: every table
 * emptied, identities restarted, and the rows the migrations wrote (the slot counter's) put back.
 */
async function resetStatement(url: string): Promise<string> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		const { rows: tables } = await client.query<{ name: string }>(
			"SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
		);
		const statements = [
			`TRUNCATE ${tables.map((t) => `"${t.name}"`).join(', ')} RESTART IDENTITY CASCADE`
		];
		for (const { name } of tables) {
			const { rows } = await client.query(`SELECT * FROM "${name}"`);
			if (rows.length === 0) continue;
			const json = JSON.stringify(rows).replaceAll("'", "''");
			statements.push(
				`INSERT INTO "${name}" SELECT * FROM json_populate_recordset(NULL::"${name}", '${json}')`
			);
		}
		return statements.join(';\n');
	} finally {
		await client.end();
	}
}

/**
 * How a test database copies the template (PostgreSQL 15 and later): `FILE_COPY` copies its
 * files after a checkpoint, 40–50 ms on a server without fsync (`.ci/postgres`'s) against
 * 80–400 ms for `WAL_LOG`, which writes the whole template to the WAL; with fsync on, that
 * checkpoint made it 1.3–2.5 s, so such a server keeps `WAL_LOG` (ADR 031, fourth addendum).
 */
async function copyStrategy(): Promise<string> {
	const client = new pg.Client({ connectionString: serverUrl() });
	await client.connect();
	try {
		const { rows } = await client.query<{ version: string; fsync: string }>(
			"SELECT current_setting('server_version_num') AS version, current_setting('fsync') AS fsync"
		);
		const { version, fsync } = rows[0]!;
		if (Number(version) < 150000) return '';
		return fsync === 'off' ? 'STRATEGY FILE_COPY' : 'STRATEGY WAL_LOG';
	} finally {
		await client.end();
	}
}

/**
 * The integration suite on PostgreSQL (ADR 050): one migrated template database per run, which
 * the tests' databases copy, then reset between files (tests/helpers/db.ts); the template and
 * every database of the run are dropped at the end.
 */
export default async function setup(): Promise<() => Promise<void>> {
	await checkServer();
	const dir = 'tests/.tmp/vitest-pg';
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	// The key that seals queued mails' links (ADR 025): one per run, never the default in ./data.
	process.env.LINK_KEY_FILE = `${dir}/link.key`;
	const template = `portail_suite_${randomBytes(6).toString('hex')}`;
	process.env.TEST_PG_COPY = await copyStrategy();
	await onServer(`CREATE DATABASE "${template}"`);
	await migratePostgres(withDatabase(serverUrl(), template), './drizzle/pg');
	process.env.TEST_PG_TEMPLATE = template;
	process.env.TEST_PG_RESET = await resetStatement(withDatabase(serverUrl(), template));
	return async () => {
		const client = new pg.Client({ connectionString: serverUrl() });
		await client.connect();
		try {
			const { rows } = await client.query<{ datname: string }>(
				'SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2',
				[template, `${template}\\_%`]
			);
			for (const { datname } of rows)
				await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
		} finally {
			await client.end();
		}
	};
}
