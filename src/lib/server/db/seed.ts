import { seedDemoSuivis } from './seed-suivi';
import { count as countRows } from 'drizzle-orm';
import { seedDemoEvenements } from '$lib/server/evenements/seed';
import type { Db } from './index';
import {
	agendas,
	closureLifts,
	closures,
	demandes,
	departementSettings,
	outbox,
	pointsAccueil,
	questionnaireStats,
	rendezVous
} from './schema';
import { QUESTIONNAIRE_VERSION } from '$lib/questionnaire/definition';
import { departements } from '$lib/departements/data';
import type { WeeklyOpening } from '$lib/booking/slots';
import { seedDemoStaff } from '$lib/server/auth/demo';
import { seedDemoHistory } from './seed-history';
import { seedDemoCampagnes } from '$lib/server/campagnes/seed';

const weekdays = (
	days: WeeklyOpening['weekday'][],
	intervals: [string, string][]
): WeeklyOpening[] =>
	days.flatMap((weekday) => intervals.map(([start, end]) => ({ weekday, start, end })));

/** Demo opening hours: phone every weekday, video two days, in person three mornings. */
export const demoWeekly = {
	telephone: weekdays(
		[1, 2, 3, 4, 5],
		[
			['09:00', '12:00'],
			['13:30', '16:30']
		]
	),
	visio: weekdays(
		[2, 4],
		[
			['09:00', '12:00'],
			['14:00', '16:15']
		]
	),
	accueil: weekdays([1, 3, 5], [['09:00', '12:00']])
} as const;

/** The notification mailbox of a département in demo mode (a reserved, undeliverable domain). */
export const demoMailbox = (code: string) =>
	`service-social-${code.toLowerCase()}@demo.portail-pdp.invalid`;

/**
 * Demo data, clearly fake, so that a new user can try everything out of the box: every
 * département gets a phone and a video agenda and one demo point d'accueil (marked `isDemo`,
 * never shown as a real address outside demo mode).
 * With `onlyIfEmpty`, does nothing when the database already holds agendas or statistics.
 * Returns true when it wrote something.
 */
export async function seedDemoData(db: Db, options: { onlyIfEmpty: boolean }): Promise<boolean> {
	const count = async (table: typeof agendas | typeof questionnaireStats) =>
		(await db.select({ n: countRows() }).from(table))[0]?.n ?? 0;
	if (options.onlyIfEmpty && ((await count(agendas)) > 0 || (await count(questionnaireStats)) > 0))
		return false;
	const now = new Date();
	await db.transaction(async (tx) => {
		for (const table of [
			outbox,
			rendezVous,
			demandes,
			agendas,
			pointsAccueil,
			closures,
			closureLifts,
			departementSettings,
			questionnaireStats
		]) {
			await tx.delete(table);
		}
		for (const d of departements) {
			await tx
				.insert(departementSettings)
				.values({ code: d.code, mailbox: demoMailbox(d.code), updatedAt: now });
			const [point] = await tx
				.insert(pointsAccueil)
				.values({
					departementCode: d.code,
					name: `Accueil de démonstration — ${d.name}`,
					address: `1 rue de l'Exemple, ${d.name} (adresse fictive)`,
					accessibility: 'Plain-pied, accessible en fauteuil roulant (donnée de démonstration)',
					isDemo: true
				})
				.returning({ id: pointsAccueil.id });
			await tx.insert(agendas).values([
				{ departementCode: d.code, mode: 'telephone', weekly: [...demoWeekly.telephone] },
				{ departementCode: d.code, mode: 'visio', weekly: [...demoWeekly.visio] },
				{
					departementCode: d.code,
					mode: 'accueil',
					pointAccueilId: point!.id,
					weekly: [...demoWeekly.accueil]
				}
			]);
		}
		const demo = [
			{
				level: 'faible',
				statutGroup: 'salarie',
				arret: 'maladie',
				source: 'medecin_traitant',
				departement: '69',
				count: 12
			},
			{
				level: 'modere',
				statutGroup: 'salarie',
				arret: 'at_mp',
				source: 'courrier_assurance_maladie',
				departement: '69',
				count: 7
			},
			{
				level: 'eleve',
				statutGroup: 'ti',
				arret: 'maladie',
				source: 'moi_meme',
				departement: '974',
				count: 3
			}
		];
		for (const row of demo) {
			await tx
				.insert(questionnaireStats)
				.values({ month: '2026-10', questionnaireVersion: QUESTIONNAIRE_VERSION, ...row });
		}
		await seedDemoStaff(tx, now);
		await seedDemoEvenements(tx, now);
		if (options.onlyIfEmpty) await seedDemoHistory(tx, now); // demo server start only: tests seed their own demandes
		await seedDemoCampagnes(tx, now, { history: options.onlyIfEmpty });
		if (options.onlyIfEmpty) await seedDemoSuivis(tx, now); // the follow-ups of that history (ADR 045)
	});
	return true;
}
