/**
 * Demo mode only: a year of past demandes, all finished (closed with an outcome, or cancelled),
 * so that the statistics page is not empty in the demo. Called by seedDemoData, inside its
 * transaction, after the agendas exist and the demandes were wiped: running it again gives the
 * same rows (a fixed pseudo-random sequence relative to `now`), never duplicates.
 *
 * Every person is fictitious ("Personne fictive", addresses in the reserved `.invalid` domain).
 * Rendez-vous are by phone or in person, all in the past, so no free slot of the demo agendas
 * is taken and no reminder is ever sent.
 */
import { and, eq } from 'drizzle-orm';
import { departementByCode } from '$lib/departements/data';
import {
	QUESTIONNAIRE_VERSION,
	optionsFor,
	questions,
	sources,
	type Answers,
	type Profile
} from '$lib/questionnaire/definition';
import { scoreAnswers } from '$lib/scoring/score';
import type { Executor } from './index';
import { agendas, demandeEvents, demandeOutcomes, demandes, rendezVous } from './schema';
import { hashToken } from '$lib/server/tokens';

/** The départements of the demo staff accounts (README "Demo data"). */
export const HISTORY_DEPARTEMENTS = ['69', '01', '974'] as const;
const DAY_MS = 24 * 60 * 60 * 1000;
const REFERENCE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** mulberry32: a small deterministic generator (the demo must look the same every time). */
export function generator(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function weighted<T>(random: () => number, choices: readonly (readonly [T, number])[]): T {
	const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
	let draw = random() * total;
	for (const [value, weight] of choices) {
		draw -= weight;
		if (draw < 0) return value;
	}
	return choices[choices.length - 1]![0];
}

/**
 * A demo reference: `PDP-` and `letter` (H for the demo history, S for the scale seed) then 7
 * characters from the index (the same alphabet as real ones).
 */
export function reference(index: number, letter = 'H'): string {
	let n = index;
	let text = '';
	for (let i = 0; i < 7; i += 1) {
		text = REFERENCE_ALPHABET[n % REFERENCE_ALPHABET.length] + text;
		n = Math.floor(n / REFERENCE_ALPHABET.length);
	}
	return `PDP-${letter}${text}`;
}

const sourceWeights = [
	['medecin_traitant', 30],
	['courrier_assurance_maladie', 20],
	['medecin_travail', 15],
	['employeur', 10],
	['partenaire', 10],
	['moi_meme', 15]
] as const satisfies readonly (readonly [(typeof sources)[number], number])[];

const outcomeWeights = [
	['emploi_meme_poste', 22],
	['emploi_poste_amenage', 25],
	['emploi_autre_entreprise', 6],
	['formation_reconversion', 12],
	['solution_sociale_invalidite', 7],
	['solution_sociale_retraite', 4],
	['toujours_en_soins', 10],
	['sans_suite', 10],
	['autre', 4]
] as const satisfies readonly (readonly [(typeof demandeOutcomes)[number], number])[];

/** A plausible, random answer set and its real scoring result (so a demande page renders as usual). */
function questionnaire(random: () => number, departement: string, source: Profile['source']) {
	const answers = Object.fromEntries(
		questions.map((q) => {
			if (q.kind === 'scale') return [q.id, Math.floor(random() * 11)];
			const options = optionsFor(q, 'salarie');
			// Options go from no added risk to the highest: lean towards the first ones, like real answers.
			return [q.id, options[Math.floor(random() ** 1.6 * options.length)]!.id];
		})
	) as Answers;
	const profile: Profile = {
		statut: 'salarie_cdi',
		arret: random() < 0.7 ? 'maladie' : 'at_mp',
		departement,
		rqth: 'non',
		source
	};
	return {
		questionnaireVersion: QUESTIONNAIRE_VERSION,
		profile,
		answers,
		result: scoreAnswers(answers, 'salarie')
	};
}

/** When a demande's rendez-vous took place: mostly within 14 days, a few later; a few moved once. */
function plannedRendezVous(random: () => number, created: Date) {
	const mode: 'telephone' | 'accueil' = random() < 0.75 ? 'telephone' : 'accueil';
	const delayDays =
		random() < 0.85 ? 2 + Math.floor(random() * 12) : 15 + Math.floor(random() * 10);
	const day = new Date(created.getTime() + delayDays * DAY_MS);
	day.setUTCHours(8, 0, 0, 0);
	return {
		mode,
		startsAt: new Date(day.getTime() + Math.floor(random() * 12) * 15 * 60_000),
		moved: random() < 0.1
	};
}

/**
 * Writes about 8 to 14 demandes a month for each of the last 12 months in each of
 * HISTORY_DEPARTEMENTS, created 30 to 389 days before `now`. Returns how many.
 */
/** Fictitious given names, mixed for men and women (never a real person: the family name is "Fictive"). */
const FIRST_NAMES = [
	'Alix',
	'Camille',
	'Dominique',
	'Sacha',
	'Claude',
	'Maxime',
	'Charlie',
	'Morgan',
	'Andrea',
	'Eden'
];

export async function seedDemoHistory(db: Executor, now: Date): Promise<number> {
	const random = generator(20_260_101);
	let index = 0;
	for (const code of HISTORY_DEPARTEMENTS) {
		const zone = departementByCode(code);
		if (!zone) continue;
		const agendaOf = async (mode: 'telephone' | 'accueil') =>
			(
				await db
					.select({ id: agendas.id })
					.from(agendas)
					.where(and(eq(agendas.departementCode, code), eq(agendas.mode, mode)))
			)[0]?.id;
		const agendaIds = {
			telephone: await agendaOf('telephone'),
			accueil: await agendaOf('accueil')
		};
		const taken = new Set<string>();
		for (let monthsAgo = 12; monthsAgo >= 1; monthsAgo -= 1) {
			const count = 8 + Math.floor(random() * 7);
			for (let i = 0; i < count; i += 1) {
				index += 1;
				// A working-hours instant in that month-long slice, 30 to 389 days ago: every
				// rendez-vous (at most 24 days later) and every closure (5 more days) is in the past.
				const daysAgo = 30 + (monthsAgo - 1) * 30 + Math.floor(random() * 30);
				const created = new Date(now.getTime() - daysAgo * DAY_MS);
				created.setUTCHours(7 + Math.floor(random() * 9), Math.floor(random() * 60), 0, 0);
				const kind = random() < 0.8 ? 'rendez_vous' : 'rappel';
				const source = weighted(random, sourceWeights);
				const shared = random() < 0.6;
				const cancelled = random() < 0.07;
				const rdv = kind === 'rendez_vous' ? plannedRendezVous(random, created) : null;
				const closedAt = new Date(
					(rdv?.startsAt ?? created).getTime() + (1 + Math.floor(random() * 5)) * DAY_MS
				);
				const [demande] = await db
					.insert(demandes)
					.values({
						reference: reference(index),
						kind,
						status: cancelled ? 'annulee' : 'cloturee',
						departementCode: code,
						source,
						nom: 'Fictive',
						// Letters only, like every name the forms accept (the fuzz run validates stored rows).
						prenom: FIRST_NAMES[index % FIRST_NAMES.length]!,
						email: `personne-fictive-${index}@demo.portail-pdp.invalid`,
						telephone: null,
						sansCreneau: kind === 'rappel' && random() < 0.5,
						shareResult: shared,
						...(shared ? questionnaire(random, code, source) : {}),
						manageTokenHash: hashToken(`demo-history-${index}`),
						locale: 'fr',
						createdAt: created,
						dueAt: new Date(created.getTime() + 14 * DAY_MS),
						closedAt: cancelled ? null : closedAt,
						outcome: cancelled ? null : weighted(random, outcomeWeights)
					})
					.returning({ id: demandes.id });
				if (rdv) {
					const agendaId = agendaIds[rdv.mode];
					if (agendaId === undefined) continue;
					// One confirmed rendez-vous per agenda and start (the booking's unique index).
					let startsAt = rdv.startsAt;
					while (taken.has(`${agendaId}@${startsAt.getTime()}`))
						startsAt = new Date(startsAt.getTime() + 45 * 60_000);
					taken.add(`${agendaId}@${startsAt.getTime()}`);
					if (rdv.moved) {
						const first = new Date(startsAt.getTime() - 2 * DAY_MS);
						await db.insert(rendezVous).values({
							demandeId: demande!.id,
							agendaId,
							mode: rdv.mode,
							startsAt: first,
							endsAt: new Date(first.getTime() + 45 * 60_000),
							status: 'annule',
							createdAt: created,
							cancelledAt: created,
							cancelledBy: 'assure'
						});
					}
					await db.insert(rendezVous).values({
						demandeId: demande!.id,
						agendaId,
						mode: rdv.mode,
						startsAt,
						endsAt: new Date(startsAt.getTime() + 45 * 60_000),
						status: cancelled ? 'annule' : 'confirme',
						createdAt: created,
						cancelledAt: cancelled ? created : null,
						cancelledBy: cancelled ? 'assure' : null,
						attendance: cancelled ? null : random() < 0.12 ? 'absent' : 'honore'
					});
				} else {
					const attempts = 1 + Math.floor(random() * 3);
					for (let a = 0; a < attempts; a += 1) {
						await db.insert(demandeEvents).values({
							demandeId: demande!.id,
							at: new Date(created.getTime() + (a + 1) * DAY_MS),
							type: 'tentative_contact'
						});
					}
				}
				if (!cancelled) {
					await db.insert(demandeEvents).values({
						demandeId: demande!.id,
						at: closedAt,
						type: 'cloture',
						from: 'en_cours',
						to: 'cloturee'
					});
				}
			}
		}
	}
	return index;
}
