/**
 * How the person must be reachable, by mode of rendez-vous: the conseiller calls the phone
 * number of a phone rendez-vous, the visio link is sent to the e-mail address of a video one;
 * at the accueil (and for a callback request) either will do. Pure, without zod: the pages
 * show the rule before the form is sent, the schema enforces it.
 */
import type { Mode } from '../vocabulary';

/** `telephone`: a phone number is required; `email`: an e-mail address; `either`: at least one. */
export type ReachRule = 'telephone' | 'email' | 'either';

export function reachRuleFor(mode: Mode | undefined): ReachRule {
	if (mode === 'telephone') return 'telephone';
	if (mode === 'visio') return 'email';
	return 'either';
}
