import type { Mode } from '$lib/vocabulary';

/**
 * "À préparer": the one list the confirmation page and the e-mails show (ADR 037), as keys of
 * the `booking` namespace, for a rendez-vous of `mode` or for a callback request.
 */
export function prepareItems(kind: Mode | 'rappel'): string[] {
	const keys = ['nir', 'arret', 'work'];
	if (kind !== 'rappel') keys.push('papers');
	keys.push('questions');
	if (kind === 'visio' || kind === 'accueil') keys.push(kind);
	return keys.map((key) => `booking:manage.prepare.${key}`);
}
