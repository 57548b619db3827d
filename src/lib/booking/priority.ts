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
