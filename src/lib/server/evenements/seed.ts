/**
 * Demo évènements (ADR 043): three published information sessions and one forum PDP in the demo
 * départements, dated from `now`. Demo data only; every address says it is fictitious.
 */
import { evenementDepartements, evenements } from '$lib/server/db/schema';
import type { Executor } from '$lib/server/db/index';
import { departementByCode } from '$lib/departements/data';
import { newInvitationCode } from './staff';

const DAY_MS = 24 * 60 * 60 * 1000;

interface DemoEvenement {
	departement: string;
	days: number;
	kind: 'reunion_information' | 'forum';
	mode: 'visio' | 'presentiel';
	titleFr: string;
	titleEn: string;
	capacity: number;
	partners?: string[];
}

const demo: DemoEvenement[] = [
	{
		departement: '69',
		days: 7,
		kind: 'reunion_information',
		mode: 'visio',
		titleFr: 'Arrêt de travail de plus de 3 mois : préparer votre retour',
		titleEn: 'Off work for over 3 months: preparing your return',
		capacity: 120
	},
	{
		departement: '69',
		days: 21,
		kind: 'reunion_information',
		mode: 'visio',
		titleFr: 'Temps partiel thérapeutique, visite de pré-reprise : vos droits',
		titleEn: 'Part-time return and pre-return visit: your rights',
		capacity: 120
	},
	{
		departement: '974',
		days: 10,
		kind: 'reunion_information',
		mode: 'presentiel',
		titleFr: 'Réunion d’information PDP à Saint-Denis',
		titleEn: 'PDP information session in Saint-Denis',
		capacity: 25
	},
	{
		departement: '69',
		days: 28,
		kind: 'forum',
		mode: 'presentiel',
		titleFr: 'Forum PDP : rencontrer les partenaires du maintien en emploi',
		titleEn: 'PDP forum: meet the job retention partners',
		capacity: 200,
		partners: [
			'Cap emploi',
			'Service de prévention et de santé au travail',
			'MDPH',
			'Agefiph',
			'CPAM',
			'Service médical'
		]
	}
];

export async function seedDemoEvenements(tx: Executor, now: Date): Promise<void> {
	await tx.delete(evenements);
	for (const e of demo) {
		const startsAt = new Date(
			Math.floor((now.getTime() + e.days * DAY_MS) / 3_600_000) * 3_600_000
		);
		const presentiel = e.mode === 'presentiel';
		const [row] = await tx
			.insert(evenements)
			.values({
				kind: e.kind,
				status: 'publie',
				titleFr: e.titleFr,
				titleEn: e.titleEn,
				descriptionFr:
					'Le service social de l’Assurance Maladie présente les aides pour garder votre emploi ou en retrouver un, et répond à vos questions. (Évènement de démonstration.)',
				descriptionEn:
					'The Assurance Maladie’s service social presents the help to keep or find a job, and answers your questions. (Demo event.)',
				startsAt,
				durationMinutes: e.kind === 'forum' ? 240 : 90,
				timeZone: departementByCode(e.departement)?.timeZone ?? 'Europe/Paris',
				mode: e.mode,
				visioUrl: presentiel ? null : 'https://visio.example.org/demo-pdp',
				place: presentiel ? 'Salle de démonstration' : null,
				address: presentiel ? '1 rue de l’Exemple (adresse fictive)' : null,
				accessibility: presentiel
					? 'Plain-pied, accessible en fauteuil roulant (démonstration)'
					: null,
				capacity: e.capacity,
				registrationDeadline: new Date(startsAt.getTime() - DAY_MS),
				partners: e.partners ?? [],
				employersAllowed: e.kind === 'forum',
				invitationCode: newInvitationCode(),
				createdAt: now,
				updatedAt: now,
				publishedAt: now
			})
			.returning({ id: evenements.id });
		await tx
			.insert(evenementDepartements)
			.values({ evenementId: row!.id, departementCode: e.departement });
	}
}
