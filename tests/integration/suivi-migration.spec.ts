/*
 * Migration 0017 (ADR 045 addendum) on a database that already holds follow-ups: the kept
 * counts get the version of the follow-up questions they were made with (`suivi-2026-1`, the
 * only one before), the follow-ups keep their demande and get no registration, and the new
 * CHECK holds on the rebuilt table.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, sqliteOf } from '$lib/server/db/index';
import { SUIVI_VERSION } from '$lib/suivi/situation';

const dir = `tests/.tmp/vitest/migration-0017-${process.pid}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The migrations folder as it was before 0017. */
function migrationsBefore0017(): string {
	const folder = `${dir}/drizzle`;
	mkdirSync(dir, { recursive: true });
	cpSync('drizzle', folder, { recursive: true });
	rmSync(`${folder}/0017_suivi_evenements_version.sql`);
	const journal = JSON.parse(readFileSync(`${folder}/meta/_journal.json`, 'utf8')) as {
		entries: { tag: string }[];
	};
	// 0017 and every later one: the migrator applies only what is newer than the last applied.
	journal.entries = journal.entries.filter((entry) => Number(entry.tag.slice(0, 4)) < 17);
	writeFileSync(`${folder}/meta/_journal.json`, JSON.stringify(journal));
	return folder;
}

describe('migration 0017', () => {
	it('fills the version of existing counts with the current follow-up questions and keeps the follow-ups', () => {
		const file = `${dir}/before.db`;
		const old = openDatabase(file, migrationsBefore0017());
		const now = Date.now();
		sqliteOf(old).exec(`
			insert into suivi_stats (month, outcome, departement, source, questionnaire_version, level, category, count)
				values ('2026-05', 'emploi_poste_amenage', '974', 'medecin_traitant', '2026.2', 'modere', '_repondu', 7);
			insert into suivi_calibration_stats (departement, questionnaire_version, item, value, category, count)
				values ('974', '2026.2', 'level', 'modere', '_repondu', 7);
			insert into demandes (reference, kind, status, departement_code, source, nom, prenom, locale, manage_token_hash, created_at, due_at)
				values ('PDP-MIGR0017', 'rappel', 'nouvelle', '974', 'moi_meme', 'Migration', 'Test', 'fr', 'hash-0017', ${now}, ${now});
			insert into suivis (demande_id, created_at, sent_at)
				select id, ${now}, ${now} from demandes where reference = 'PDP-MIGR0017';
		`);
		sqliteOf(old).close();

		const db = openDatabase(file, './drizzle');
		const sql = sqliteOf(db);
		expect(sql.prepare('select suivi_version as v, count from suivi_stats').all()).toEqual([
			{ v: SUIVI_VERSION, count: 7 }
		]);
		expect(
			sql.prepare('select suivi_version as v, count from suivi_calibration_stats').all()
		).toEqual([{ v: SUIVI_VERSION, count: 7 }]);
		const suivi = sql
			.prepare('select demande_id as demandeId, inscription_id as inscriptionId from suivis')
			.get() as { demandeId: number; inscriptionId: number | null };
		expect(suivi.demandeId).toBeGreaterThan(0);
		expect(suivi.inscriptionId).toBeNull();
		expect(() => sql.prepare('insert into suivis (created_at) values (?)').run(now)).toThrow(
			/CHECK constraint failed: suivis_one_owner/
		);
		sql.close();
	});
});
