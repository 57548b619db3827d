/**
 * The rapid callback of the result page (ADR 035): who is offered it, and why the demande it
 * creates is « prioritaire ». Pure and framework-free.
 */
import type { ScoringResult } from '$lib/scoring/types';
import type { PriorityReason } from '$lib/vocabulary';

type Result = Pick<ScoringResult, 'level' | 'distress'>;

/** People whose answers suggest distress, or whose risk is high, may ask to be called back rapidly. */
export function rapidCallbackOffered(result: Result | null | undefined): boolean {
	return Boolean(result && (result.distress || result.level === 'eleve'));
}

/**
 * The reason recorded on the demande, or null when the rapid callback is not offered to this
 * result. `detresse` only when the person chose to send their result (the service may then
 * know it); otherwise `rappel_rapide`, which says nothing of the answers.
 */
export function priorityReasonFor(
	result: Result | null | undefined,
	resultShared: boolean
): PriorityReason | null {
	if (!result || !rapidCallbackOffered(result)) return null;
	return result.distress && resultShared ? 'detresse' : 'rappel_rapide';
}

/**
 * The priority a new demande is stored with (ADR 039): `detresse` whenever the result the
 * person chose to send suggests distress — an ordinary booking or callback too, not only the
 * rapid callback — else the reason the rapid callback decided (`requested`), else none. A
 * high level, with or without escalation rules, is not by itself prioritaire (ADR 039).
 * Without a shared result nothing is said of the answers (ADR 035).
 */
export function demandePriority(
	requested: PriorityReason | null | undefined,
	shared: Pick<ScoringResult, 'distress'> | null | undefined
): PriorityReason | null {
	if (shared?.distress) return 'detresse';
	return requested ?? null;
}
