/**
 * schema.sqlite.ts (SQLite) and schema.pg.ts (PostgreSQL) describe the same database (ADR 048): this
 * test reads both through drizzle's table configs and fails on any difference — a table, a
 * column, its JavaScript kind, enum values, nullability, default, key, unique, index or foreign
 * key present on one side only. A migration changes both schemas in the same commit.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { getTableName, is, SQL, type InferInsertModel, type InferSelectModel } from 'drizzle-orm';
import {
	getTableConfig as sqliteConfig,
	integer as sqliteInteger,
	SQLiteTable,
	sqliteTable,
	text as sqliteText,
	uniqueIndex as sqliteUniqueIndex
} from 'drizzle-orm/sqlite-core';
import {
	getTableConfig as pgConfig,
	index,
	integer,
	PgTable,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import * as sqliteSchema from './schema.sqlite';
import * as pgSchema from './schema.pg';
import { staffTokenPurposes } from '../../vocabulary';

type TableConfig = ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>;

const list = (names: string[]) => `(${names.join(', ')})`;

/** One line per fact of a table: what both dialects must say alike. */
function describeTable(config: TableConfig): string[] {
	const t = config.name;
	const lines = [`table ${t}`];
	for (const column of config.columns) {
		const c = `${t}.${column.name}`;
		lines.push(
			`${c}: ${column.dataType}`,
			`${c}.notNull = ${column.notNull}`,
			`${c}.hasDefault = ${column.hasDefault}`,
			`${c}.primary = ${column.primary}`
		);
		if (column.default !== undefined)
			lines.push(
				`${c}.default = ${is(column.default, SQL) ? 'sql' : JSON.stringify(column.default)}`
			);
		if (column.enumValues) lines.push(`${c}.enum = ${JSON.stringify(column.enumValues)}`);
		if (column.isUnique) lines.push(`${c}.unique = ${column.uniqueName}`);
		if (column.generated) lines.push(`${c}.generated`);
	}
	for (const key of config.primaryKeys)
		lines.push(`${t} primary key ${list(key.columns.map((column) => column.name))}`);
	for (const { config: ix } of config.indexes) {
		const columns = ix.columns.map((column) =>
			'name' in column && !is(column, SQL) ? (column.name ?? 'expression') : 'expression'
		);
		lines.push(
			`${t} ${ix.unique ? 'unique index' : 'index'} ${ix.name} ${list(columns)}${ix.where ? ' where' : ''}`
		);
	}
	for (const unique of config.uniqueConstraints)
		lines.push(
			`${t} unique ${unique.getName()} ${list(unique.columns.map((column) => column.name))}`
		);
	for (const fk of config.foreignKeys) {
		const reference = fk.reference();
		lines.push(
			`${t} foreign key ${fk.getName()} ${list(reference.columns.map((column) => column.name))} → ` +
				`${getTableName(reference.foreignTable)}${list(reference.foreignColumns.map((column) => column.name))}` +
				` on delete ${fk.onDelete ?? 'no action'}`
		);
	}
	for (const check of config.checks) lines.push(`${t} check ${check.name}`);
	return lines;
}

/** The lines of one side that the other lacks, named by side. */
function differences(sqliteTables: TableConfig[], pgTables: TableConfig[]): string[] {
	const a = new Set(sqliteTables.flatMap(describeTable));
	const b = new Set(pgTables.flatMap(describeTable));
	return [
		...[...a].filter((line) => !b.has(line)).map((line) => `SQLite only: ${line}`),
		...[...b].filter((line) => !a.has(line)).map((line) => `PostgreSQL only: ${line}`)
	];
}

const sqliteTables: TableConfig[] = (Object.values(sqliteSchema) as unknown[])
	.filter((value): value is SQLiteTable => is(value, SQLiteTable))
	.map((table) => sqliteConfig(table));
const pgTables: TableConfig[] = (Object.values(pgSchema) as unknown[])
	.filter((value): value is PgTable => is(value, PgTable))
	.map((table) => pgConfig(table));

/** The PostgreSQL schema with one table replaced by a deliberately altered copy. */
const altered = (table: PgTable) => {
	const config = pgConfig(table);
	return pgTables.map((original) => (original.name === config.name ? config : original));
};

describe('schema.sqlite.ts and schema.pg.ts', () => {
	it('describe the same tables, columns, keys, indexes and foreign keys', () => {
		expect(pgTables.map((t) => t.name).sort()).toEqual(sqliteTables.map((t) => t.name).sort());
		expect(sqliteTables.length).toBeGreaterThan(30);
		expect(differences(sqliteTables, pgTables)).toEqual([]);
	});

	it('give every table the same row types (checked by the type checker)', () => {
		type Tables<S> = {
			[K in keyof S as S[K] extends SQLiteTable | PgTable ? K : never]: S[K];
		};
		type Rows<S> = {
			[K in keyof Tables<S>]: Tables<S>[K] extends SQLiteTable | PgTable
				? InferSelectModel<Tables<S>[K]>
				: never;
		};
		type Inserts<S> = {
			[K in keyof Tables<S>]: Tables<S>[K] extends SQLiteTable | PgTable
				? InferInsertModel<Tables<S>[K]>
				: never;
		};
		expectTypeOf<Rows<typeof pgSchema>>().toEqualTypeOf<Rows<typeof sqliteSchema>>();
		expectTypeOf<Inserts<typeof pgSchema>>().toEqualTypeOf<Inserts<typeof sqliteSchema>>();
		expect(Object.keys(pgSchema).length).toBeGreaterThan(30);
	});

	describe('fail on a drift (deliberately altered copies)', () => {
		it('a table missing', () => {
			const withoutOne = pgTables.filter((t) => t.name !== 'campagne_inscriptions');
			expect(differences(sqliteTables, withoutOne)).toContain(
				'SQLite only: table campagne_inscriptions'
			);
		});

		it('a column nullable on one side', () => {
			const closures = pgTable(
				'closures',
				{ departementCode: text('departement_code'), date: text('date').notNull() },
				(table) => [primaryKey({ columns: [table.departementCode, table.date] })]
			);
			expect(differences(sqliteTables, altered(closures))).toEqual([
				'SQLite only: closures.departement_code.notNull = true',
				'PostgreSQL only: closures.departement_code.notNull = false'
			]);
		});

		it('a column of another JavaScript kind, or an instant read as a string', () => {
			const slotGeneration = pgTable('slot_generation', {
				id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
				value: text('value').notNull()
			});
			expect(differences(sqliteTables, altered(slotGeneration))).toEqual([
				'SQLite only: slot_generation.value: number',
				'PostgreSQL only: slot_generation.value: string'
			]);
			const loginAttempts = pgTable(
				'login_attempts',
				{
					id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
					key: text('key').notNull(),
					at: timestamp('at', { withTimezone: true, mode: 'string', precision: 3 }).notNull()
				},
				(table) => [index('login_attempts_key_at').on(table.key, table.at)]
			);
			expect(differences(sqliteTables, altered(loginAttempts))).toEqual([
				'SQLite only: login_attempts.at: date',
				'PostgreSQL only: login_attempts.at: string'
			]);
		});

		it('an index missing, an id without its sequence', () => {
			const loginAttempts = pgTable('login_attempts', {
				id: integer('id').primaryKey(),
				key: text('key').notNull(),
				at: timestamp('at', { withTimezone: true, mode: 'date', precision: 3 }).notNull()
			});
			expect(differences(sqliteTables, altered(loginAttempts))).toEqual([
				'SQLite only: login_attempts.id.hasDefault = true',
				'SQLite only: login_attempts index login_attempts_key_at (key, at)',
				'PostgreSQL only: login_attempts.id.hasDefault = false'
			]);
		});

		it('a foreign key with another ON DELETE, an enum with other values, a default', () => {
			const staffSetupTokens = pgTable('staff_setup_tokens', {
				id: text('id').primaryKey(),
				userId: integer('user_id')
					.notNull()
					.references(() => pgSchema.staffUsers.id),
				expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }).notNull(),
				usedAt: timestamp('used_at', { withTimezone: true, precision: 3 }),
				purpose: text('purpose', { enum: [staffTokenPurposes[0]] })
					.notNull()
					.default('reinitialisation' as 'activation')
			});
			expect(differences(sqliteTables, altered(staffSetupTokens))).toEqual([
				'SQLite only: staff_setup_tokens.purpose.default = "activation"',
				`SQLite only: staff_setup_tokens.purpose.enum = ${JSON.stringify(staffTokenPurposes)}`,
				'SQLite only: staff_setup_tokens foreign key staff_setup_tokens_user_id_staff_users_id_fk (user_id) → staff_users(id) on delete cascade',
				'PostgreSQL only: staff_setup_tokens.purpose.default = "reinitialisation"',
				'PostgreSQL only: staff_setup_tokens.purpose.enum = ["activation"]',
				'PostgreSQL only: staff_setup_tokens foreign key staff_setup_tokens_user_id_staff_users_id_fk (user_id) → staff_users(id) on delete no action'
			]);
		});

		it('a partial unique index without its WHERE, or an index that is not unique', () => {
			const sqliteSide = sqliteTable(
				'slots',
				{ agendaId: sqliteInteger('agenda_id').notNull(), status: sqliteText('status').notNull() },
				(table) => [
					sqliteUniqueIndex('slots_one')
						.on(table.agendaId)
						.where(sql`status = 'x'`)
				]
			);
			const noWhere = pgTable(
				'slots',
				{ agendaId: integer('agenda_id').notNull(), status: text('status').notNull() },
				(table) => [uniqueIndex('slots_one').on(table.agendaId)]
			);
			const notUnique = pgTable(
				'slots',
				{ agendaId: integer('agenda_id').notNull(), status: text('status').notNull() },
				(table) => [
					index('slots_one')
						.on(table.agendaId)
						.where(sql`status = 'x'`)
				]
			);
			expect(differences([sqliteConfig(sqliteSide)], [pgConfig(noWhere)])).toEqual([
				'SQLite only: slots unique index slots_one (agenda_id) where',
				'PostgreSQL only: slots unique index slots_one (agenda_id)'
			]);
			expect(differences([sqliteConfig(sqliteSide)], [pgConfig(notUnique)])).toEqual([
				'SQLite only: slots unique index slots_one (agenda_id) where',
				'PostgreSQL only: slots index slots_one (agenda_id) where'
			]);
		});
	});
});
