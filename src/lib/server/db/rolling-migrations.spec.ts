/**
 * The rolling-deploy rule for the PostgreSQL migrations (docs/operations.md, "Migrations during a
 * rolling deploy"; ADR 049 addendum). Several instances share one database: the first instance
 * of a new release applies its migrations at start while the previous release's instances still
 * serve. So a migration must keep the previous release working (expand); what removes or
 * tightens something the previous release uses comes in a later release, once no instance runs
 * the code that needs it (contract).
 *
 * This test reads every migration of drizzle/pg and fails on a statement the previous release
 * may not survive — a drop, a rename, a type change, a new NOT NULL or constraint on an existing
 * table, a deletion — unless `ACCEPTED` lists it with the reason it is safe (a contract step
 * whose expand shipped in an earlier release, or a change written before any deployment).
 * SQLite's migrations are not checked: one instance serves a SQLite file, stopped then started.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FOLDER = 'drizzle/pg';

/** The first PostgreSQL schema: no previous release on PostgreSQL to keep working. */
const BASELINE = '0000_baseline';

/** What a previous release may not survive, and why. */
const HAZARDS: Array<[RegExp, string]> = [
	[
		/\bDROP\s+(TABLE|COLUMN|INDEX|CONSTRAINT|TYPE|VIEW|FUNCTION|TRIGGER|SEQUENCE|SCHEMA|DEFAULT)\b/i,
		'drops what the previous release may use'
	],
	[/\bRENAME\b/i, 'renames what the previous release names'],
	[/\bALTER\s+COLUMN\s+"[^"]+"\s+(SET\s+DATA\s+)?TYPE\b/i, 'changes a column type'],
	[/\bSET\s+NOT\s+NULL\b/i, 'makes a column the previous release may leave empty NOT NULL'],
	[
		/\bADD\s+COLUMN\s+(?![^,;]*\bDEFAULT\b)[^,;]*\bNOT\s+NULL\b/i,
		"adds a NOT NULL column without a default: the previous release's inserts fail"
	],
	[
		/\bADD\s+CONSTRAINT\s+"[^"]+"\s+(PRIMARY\s+KEY|UNIQUE|CHECK|FOREIGN\s+KEY)\b|\bCREATE\s+UNIQUE\s+INDEX\b/i,
		"adds a constraint the previous release's writes may break (or its ON CONFLICT may no longer match)"
	],
	[/^(TRUNCATE|DELETE\s+FROM)\b/i, 'deletes rows']
];

/**
 * Statements of a migration that a previous release still serving may not survive, each
 * accepted with its reason. Every entry must match a statement (no stale entry).
 */
const ACCEPTED: Array<{ migration: string; statement: string; why: string }> = [
	...[
		'ALTER TABLE "suivi_calibration_stats" ALTER COLUMN "suivi_version" DROP DEFAULT',
		'ALTER TABLE "suivi_stats" ALTER COLUMN "suivi_version" DROP DEFAULT',
		'ALTER TABLE "suivi_calibration_stats" DROP CONSTRAINT',
		'ALTER TABLE "suivi_stats" DROP CONSTRAINT',
		'ALTER TABLE "suivi_calibration_stats" ADD CONSTRAINT',
		'ALTER TABLE "suivi_stats" ADD CONSTRAINT',
		'ALTER TABLE "suivis" ADD CONSTRAINT "suivis_inscription_id_inscriptions_id_fk"',
		'ALTER TABLE "suivis" ADD CONSTRAINT "suivis_inscription_id_unique"',
		'ALTER TABLE "suivis" ADD CONSTRAINT "suivis_one_owner"'
	].map((statement) => ({
		migration: '0002_suivi_evenements_version',
		statement,
		why:
			'Written before the portal could run on PostgreSQL (ADR 050 came after it): no release ' +
			'was deployed on PostgreSQL to keep working. Rolled out today, the previous release ' +
			'would fail to write its follow-up counts (no suivi_version, and its ON CONFLICT on the ' +
			'old primary key); such a change now ships as expand then contract.'
	}))
];

interface Statement {
	migration: string;
	sql: string;
}

/** A migration's statements (drizzle's breakpoints), comments out, whitespace folded. */
function statementsOf(migration: string, text: string): Statement[] {
	return text
		.split('--> statement-breakpoint')
		.map((part) =>
			part
				.split('\n')
				.filter((line) => !line.trim().startsWith('--'))
				.join(' ')
				.replace(/\s+/g, ' ')
				.trim()
		)
		.filter(Boolean)
		.map((sql) => ({ migration, sql }));
}

/** The tables a migration creates: constraints and indexes on them are new, not tightened. */
function createdTables(statements: Statement[]): Set<string> {
	return new Set(
		statements.flatMap(
			({ sql }) => /^CREATE TABLE (?:IF NOT EXISTS )?"([^"]+)"/i.exec(sql)?.[1] ?? []
		)
	);
}

/** The table a statement acts on (ALTER TABLE, CREATE INDEX … ON), if any. */
function tableOf(sql: string): string | undefined {
	return (/^ALTER TABLE (?:ONLY )?"([^"]+)"/i.exec(sql) ?? / ON "([^"]+)"/i.exec(sql))?.[1];
}

/** The hazardous statements of one migration, with what each may break. */
function hazardsOf(statements: Statement[]): Array<Statement & { hazard: string }> {
	const created = createdTables(statements);
	return statements.flatMap((statement) => {
		const table = tableOf(statement.sql);
		if (/^CREATE TABLE/i.test(statement.sql) || (table && created.has(table))) return [];
		return HAZARDS.filter(([pattern]) => pattern.test(statement.sql)).map(([, hazard]) => ({
			...statement,
			hazard
		}));
	});
}

const migrations = readdirSync(FOLDER)
	.filter((name) => name.endsWith('.sql'))
	.sort()
	.map((name) => {
		const migration = name.replace(/\.sql$/, '');
		return {
			migration,
			statements: statementsOf(migration, readFileSync(join(FOLDER, name), 'utf8'))
		};
	});

const accepted = (statement: Statement) =>
	ACCEPTED.find(
		(entry) => entry.migration === statement.migration && statement.sql.startsWith(entry.statement)
	);

describe('PostgreSQL migrations keep the previous release working (rolling deploy)', () => {
	it('flags what a previous release may not survive, and passes what it can', () => {
		const check = (sql: string) => hazardsOf(statementsOf('9999_new', sql)).map((h) => h.hazard);
		for (const sql of [
			'ALTER TABLE "demandes" DROP COLUMN "nir";',
			'DROP TABLE "sms_outbox";',
			'ALTER TABLE "demandes" RENAME COLUMN "nom" TO "family_name";',
			'ALTER TABLE "demandes" ALTER COLUMN "nom" SET DATA TYPE varchar(80);',
			'ALTER TABLE "demandes" ALTER COLUMN "email" SET NOT NULL;',
			'ALTER TABLE "demandes" ADD COLUMN "canal" text NOT NULL;',
			'ALTER TABLE "outbox" ALTER COLUMN "kind" DROP DEFAULT;',
			'ALTER TABLE "demandes" ADD CONSTRAINT "demandes_ref" UNIQUE("reference");',
			'CREATE UNIQUE INDEX "demandes_nir" ON "demandes" USING btree ("nir");',
			'DELETE FROM "outbox" WHERE "sent_at" IS NOT NULL;'
		])
			expect(check(sql), sql).toHaveLength(1);
		for (const sql of [
			'ALTER TABLE "demandes" ADD COLUMN "canal" text;',
			'ALTER TABLE "demandes" ADD COLUMN "canal" text DEFAULT \'web\' NOT NULL;',
			'ALTER TABLE "suivis" ALTER COLUMN "demande_id" DROP NOT NULL;',
			'CREATE INDEX "demandes_canal" ON "demandes" USING btree ("canal");',
			'CREATE TABLE "leases" ("name" text PRIMARY KEY NOT NULL);\n--> statement-breakpoint\n' +
				'ALTER TABLE "leases" ADD CONSTRAINT "leases_u" UNIQUE("name");\n--> statement-breakpoint\n' +
				'CREATE UNIQUE INDEX "leases_i" ON "leases" USING btree ("name");',
			'-- DROP TABLE "x" in a comment\nUPDATE "demandes" SET "canal" = \'web\';'
		])
			expect(check(sql), sql).toEqual([]);
	});

	it('every migration after the baseline is additive, or its contract step is accepted with a reason', () => {
		expect(migrations[0]?.migration).toBe(BASELINE);
		const refused = migrations
			.filter(({ migration }) => migration !== BASELINE)
			.flatMap(({ statements }) => hazardsOf(statements))
			.filter((statement) => !accepted(statement))
			.map(({ migration, sql, hazard }) => `${migration}: ${sql.slice(0, 120)} — ${hazard}`);
		expect(refused).toEqual([]);
	});

	it('every accepted statement is still in its migration, with a reason', () => {
		const all = migrations.flatMap(({ statements }) => hazardsOf(statements));
		for (const entry of ACCEPTED) {
			expect(entry.why.length).toBeGreaterThan(40);
			expect(
				all.some((s) => s.migration === entry.migration && s.sql.startsWith(entry.statement)),
				`${entry.migration}: ${entry.statement}`
			).toBe(true);
		}
	});
});
