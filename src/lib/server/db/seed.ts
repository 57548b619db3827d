import { sql } from 'drizzle-orm';
import type { Db } from './index';
import { questionnaireStats } from './schema';
import { QUESTIONNAIRE_VERSION } from '$lib/questionnaire/definition';

/**
 * Demo data, clearly fake, for a new user to explore the portal out of the box.
 * With `onlyIfEmpty`, does nothing when the database already holds demo or real data.
 * Returns true when it wrote something. (The booking and staff issues extend it.)
 */
export function seedDemoData(db: Db, options: { onlyIfEmpty: boolean }): boolean {
	const existing = db.select({ n: sql<number>`count(*)` }).from(questionnaireStats).get();
	if (options.onlyIfEmpty && (existing?.n ?? 0) > 0) return false;
	db.transaction((tx) => {
		tx.delete(questionnaireStats).run();
		const demo = [
			{ level: 'faible', statutGroup: 'salarie', arret: 'maladie', source: 'medecin_traitant', departement: '69', count: 12 },
			{ level: 'modere', statutGroup: 'salarie', arret: 'at_mp', source: 'courrier_assurance_maladie', departement: '69', count: 7 },
			{ level: 'eleve', statutGroup: 'ti', arret: 'maladie', source: 'moi_meme', departement: '974', count: 3 }
		];
		for (const row of demo) {
			tx.insert(questionnaireStats)
				.values({ month: '2026-10', questionnaireVersion: QUESTIONNAIRE_VERSION, ...row })
				.run();
		}
	});
	return true;
}
