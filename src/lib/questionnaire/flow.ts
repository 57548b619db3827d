import type { Answers, Profile, QuestionId } from './definition';
import { questions } from './definition';

/** The steps of the journey, in order. Question steps are numbered from 1. */
export type Step =
	{ kind: 'profil' } | { kind: 'question'; number: number } | { kind: 'recapitulatif' };

export interface DraftState {
	profile: Partial<Profile>;
	answers: Partial<Answers>;
}

export function isProfileComplete(profile: Partial<Profile>): profile is Profile {
	return Boolean(
		profile.statut && profile.arret && profile.departement && profile.rqth && profile.source
	);
}

export function isAnswered(answers: Partial<Answers>, id: QuestionId): boolean {
	return answers[id] !== undefined && answers[id] !== null;
}

/** The first step still missing: where "continue" leads, and what a later step requires. */
export function firstMissingStep(state: DraftState): Step {
	if (!isProfileComplete(state.profile)) return { kind: 'profil' };
	const index = questions.findIndex((q) => !isAnswered(state.answers, q.id));
	if (index >= 0) return { kind: 'question', number: index + 1 };
	return { kind: 'recapitulatif' };
}

/** True when every earlier step is done, so `step` may be shown. */
export function canVisit(state: DraftState, step: Step): boolean {
	const missing = firstMissingStep(state);
	const rank = (s: Step) =>
		s.kind === 'profil' ? 0 : s.kind === 'question' ? s.number : questions.length + 1;
	return rank(step) <= rank(missing);
}

export function stepPath(step: Step): string {
	if (step.kind === 'profil') return '/questionnaire/profil';
	if (step.kind === 'question') return `/questionnaire/question/${step.number}`;
	return '/questionnaire/recapitulatif';
}
