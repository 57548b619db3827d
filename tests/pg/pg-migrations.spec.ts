/**
 * The PostgreSQL migrations (drizzle/pg, ADR 048) apply on an empty database, and the catalog
 * they leave is the one schema.pg.ts describes: every column with its type and nullability,
 * identities and generated columns, primary keys, unique constraints and indexes, foreign keys
 * with their ON DELETE, and the slot-generation triggers of the custom migration.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { is, sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../../src/lib/server/db/schema.pg';
import { PG_MIGRATIONS, pgTestDb, type PgTestDatabase } from '../helpers/pg';

let database: PgTestDatabase;
beforeAll(async () => {
	database = await pgTestDb({ migrated: false });
});
afterAll(() => database.drop());

const tables = (Object.values(schema) as unknown[])
	.filter((value): value is PgTable => is(value, PgTable))
	.map((table) => getTableConfig(table));

/** PostgreSQL cuts identifiers to 63 bytes (the longest composite primary keys' names). */
const identifier = (name: string) => name.slice(0, 63);

const deleteRules = {
	a: 'no action',
	r: 'restrict',
	c: 'cascade',
	n: 'set null',
	d: 'set default'
};

/** The tables free slots are computed from: their writes move the counter (ADR 023). */
const slotTables = [
	'agendas',
	'agenda_openings',
	'agenda_absences',
	'points_accueil',
	'closures',
	'closure_lifts',
	'rendez_vous'
];

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
	return (await database.db.execute(query)).rows as T[];
}

describe('PostgreSQL migrations', () => {
	it('apply on an empty database, and a second run applies nothing', async () => {
		await migrate(database.db, { migrationsFolder: PG_MIGRATIONS });
		const applied = await rows<{ n: number }>(
			sql`select count(*)::int as n from drizzle.__drizzle_migrations`
		);
		await migrate(database.db, { migrationsFolder: PG_MIGRATIONS });
		expect(
			await rows<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)
		).toEqual(applied);
		const journal = JSON.parse(readFileSync(join(PG_MIGRATIONS, 'meta/_journal.json'), 'utf8'));
		expect(applied).toEqual([{ n: journal.entries.length }]);
		expect(journal.entries.length).toBeGreaterThanOrEqual(3);
		expect(await rows(sql`select id, value from slot_generation`)).toEqual([{ id: 1, value: 0 }]);
	});

	it('leave the columns schema.pg.ts describes: type, nullability, identity, generated', async () => {
		const catalog = await rows<{ line: string }>(sql`
			select c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
				|| case when a.attnotnull then ' not null' else '' end
				|| case when a.attidentity <> '' then ' identity' else '' end
				|| case when a.attgenerated <> '' then ' generated' else '' end as line
			from pg_attribute a
			join pg_class c on c.oid = a.attrelid
			join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped`);
		const expected = tables.flatMap((table) =>
			table.columns.map(
				(column) =>
					`${table.name}.${column.name} ${column.getSQLType().replace(' (', '(')}` +
					(column.notNull ? ' not null' : '') +
					(column.generatedIdentity ? ' identity' : '') +
					(column.generated ? ' generated' : '')
			)
		);
		expect(catalog.map((row) => row.line).sort()).toEqual(expected.sort());
	});

	it('leave the keys, unique constraints and indexes, the partial one with its WHERE', async () => {
		const indexes = await rows<{ name: string; definition: string }>(
			sql`select indexname as name, indexdef as definition from pg_indexes where schemaname = 'public'`
		);
		const expected = tables.flatMap((table) => [
			...table.columns.filter((column) => column.primary).map(() => `${table.name}_pkey`),
			...table.primaryKeys.map((key) => identifier(key.getName())),
			...table.columns.filter((column) => column.isUnique).map((column) => column.uniqueName!),
			...table.indexes.map((index) => index.config.name!)
		]);
		expect(indexes.map((index) => index.name).sort()).toEqual(expected.sort());
		expect(indexes.find((index) => index.name === 'rendez_vous_one_per_slot')?.definition).toBe(
			"CREATE UNIQUE INDEX rendez_vous_one_per_slot ON public.rendez_vous USING btree (agenda_id, starts_at) WHERE (status = 'confirme'::text)"
		);
	});

	it('leave the foreign keys with their ON DELETE', async () => {
		const foreignKeys = await rows<{ name: string; rule: keyof typeof deleteRules }>(
			sql`select conname as name, confdeltype as rule from pg_constraint where contype = 'f'`
		);
		const expected = tables.flatMap((table) =>
			table.foreignKeys.map((fk) => `${fk.getName()} on delete ${fk.onDelete ?? 'no action'}`)
		);
		expect(expected.length).toBeGreaterThan(25);
		expect(foreignKeys.map((fk) => `${fk.name} on delete ${deleteRules[fk.rule]}`).sort()).toEqual(
			expected.sort()
		);
	});

	it("leave the slot counter's insert, update and delete triggers on each table slots come from", async () => {
		const triggers = await rows<{ name: string; table: string }>(sql`
			select t.tgname as name, c.relname as table from pg_trigger t
			join pg_class c on c.oid = t.tgrelid where not t.tgisinternal`);
		expect(triggers.map((trigger) => `${trigger.table}: ${trigger.name}`).sort()).toEqual(
			slotTables
				.flatMap((table) =>
					['insert', 'update', 'delete'].map((op) => `${table}: slot_generation_${table}_${op}`)
				)
				.sort()
		);
	});
});
