/**
 * Demo follow-ups (ADR 045), on the demo history (seed-history.ts): half of the demandes
 * closed at least 6 months ago agreed to be asked, their follow-up was sent 6 months after
 * closure, and about 70 % answered (some by phone). Enough for the cohort and calibration
 * tables to show figures, with small cells suppressed. Deterministic, fictitious.
 */
import { and, eq, like, lte } from 'drizzle-orm';
import { SUIVI_VERSION, SUIVI_CONSENT_VERSION } from '$lib/suivi/situation';
import { monthsBefore } from '$lib/server/retention';
import type { Executor } from './index';
import { demandes, suivis } from './schema';
import { generator } from './seed-history';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The answers drawn, roughly in the proportions of the regional report the portal mirrors. */
function situation(random: () => number) {
	const offArret = random() < 0.62;
	const working = offArret && random() < 0.5;
	return {
		arret: offArret ? 'non' : random() < 0.6 ? 'oui_avec_projet' : 'oui_sans_projet',
		emploi: working
			? (['meme_poste', 'poste_amenage', 'autre_employeur', 'creation'] as const)[
					Math.floor(random() * 4)
				]
			: 'non',
		formation: random() < 0.39 ? (random() < 0.5 ? 'en_formation' : 'en_attente') : 'non',
		recherche:
			!working && random() < 0.45 ? (random() < 0.7 ? 'cap_emploi' : 'france_travail') : 'non',
		invalidite: random() < 0.13 ? (random() < 0.725 ? 'categorie_1' : 'categorie_2') : 'non',
		retraite: random() < 0.03,
		autre: random() < 0.05
	} as const;
}

export async function seedDemoSuivis(db: Executor, now: Date): Promise<number> {
	const random = generator(20_261_207);
	const closed = await db
		.select({ id: demandes.id, createdAt: demandes.createdAt, closedAt: demandes.closedAt })
		.from(demandes)
		.where(
			and(
				like(demandes.reference, 'PDP-H%'),
				eq(demandes.status, 'cloturee'),
				lte(demandes.closedAt, monthsBefore(now, 6))
			)
		);
	let seeded = 0;
	for (const demande of closed) {
		if (!demande.closedAt || random() >= 0.5) continue;
		await db
			.update(demandes)
			.set({ suiviConsentAt: demande.createdAt, suiviConsentVersion: SUIVI_CONSENT_VERSION })
			.where(eq(demandes.id, demande.id));
		const sentAt = new Date(demande.closedAt.getTime() + 183 * DAY_MS);
		const answered = random() < 0.7;
		const byPhone = answered && random() < 0.2;
		await db.insert(suivis).values({
			demandeId: demande.id,
			createdAt: sentAt,
			sentAt: byPhone ? null : sentAt,
			remindedAt: null,
			expiresAt: new Date(sentAt.getTime() + 60 * DAY_MS),
			...(answered
				? {
						answeredAt: new Date(sentAt.getTime() + 3 * DAY_MS),
						channel: byPhone ? ('telephone' as const) : ('online' as const),
						version: SUIVI_VERSION,
						...situation(random),
						wantsCallback: false
					}
				: {})
		});
		seeded++;
	}
	return seeded;
}
