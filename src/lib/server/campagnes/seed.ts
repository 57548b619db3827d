/**
 * Demo data of the outreach campaigns (ADR 044): one campaign of La Réunion and the Rhône, with
 * its letters sent, a few arrivals and completed questionnaires, and — on a demo server with its
 * history — a few attributed demandes. Called by seedDemoData inside its transaction.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '$lib/server/db/index';
import {
	campagneDepartements,
	campagneQuestionnaires,
	campagnes,
	campagneVisits,
	demandes
} from '$lib/server/db/schema';

/** The demo campaign's code (from the unambiguous alphabet). */
export const DEMO_CAMPAGNE_CODE = 'ARRET9';

export async function seedDemoCampagnes(
	tx: Executor,
	now: Date,
	options: { history: boolean }
): Promise<void> {
	await tx.delete(campagnes);
	const month = now.toISOString().slice(0, 7);
	const start = `${month}-01`;
	const { id } = (
		await tx
			.insert(campagnes)
			.values({
				code: DEMO_CAMPAGNE_CODE,
				name: 'Arrêts de 90 jours (démonstration)',
				target: 'Assurés en arrêt depuis 90 jours, ce mois-ci (campagne fictive)',
				startsOn: start,
				endsOn: new Date(Date.parse(`${start}T00:00:00Z`) + 27 * 86_400_000)
					.toISOString()
					.slice(0, 10),
				createdAt: now,
				updatedAt: now
			})
			.returning({ id: campagnes.id })
	)[0]!;
	await tx.insert(campagneDepartements).values([
		{ campagneId: id, departementCode: '974', lettersSent: 400 },
		{ campagneId: id, departementCode: '69', lettersSent: null }
	]);
	const day = now.toISOString().slice(0, 10);
	await tx.insert(campagneVisits).values([
		{ campagneId: id, day, departement: '974', count: 23 },
		{ campagneId: id, day, departement: '69', count: 11 }
	]);
	await tx.insert(campagneQuestionnaires).values([
		{ campagneId: id, month, departement: '974', count: 9 },
		{ campagneId: id, month, departement: '69', count: 4 }
	]);
	if (!options.history) return;
	// A few demandes of the demo history came by the campaign's letter.
	for (const code of ['974', '69']) {
		const ids = (
			await tx
				.select({ id: demandes.id })
				.from(demandes)
				.where(eq(demandes.departementCode, code))
				.limit(3)
		).map((row) => row.id);
		if (ids.length)
			await tx
				.update(demandes)
				.set({ campagneId: id })
				.where(and(eq(demandes.departementCode, code), inArray(demandes.id, ids)));
	}
}
