/**
 * Which pages a browser or a proxy must never store (docs/security.md): every page that shows
 * or takes personal or health data — the back office, the questionnaire and its result, the
 * contact, callback and orientation forms, and the person's manage pages. Decided from the
 * route SvelteKit resolved (not the raw path: `%72endez-vous` is `rendez-vous`), once, in a
 * hook (`handleNoStore`), rather than route by route.
 */
const PRIVATE_ROUTES = [
	'/espace-pro',
	'/questionnaire',
	'/rendez-vous/coordonnees',
	'/rendez-vous/rappel',
	'/rendez-vous/gerer',
	'/rendez-vous/supprime',
	'/professionnels/orienter',
	// A campaign link's landing counts a visit and sets its cookie: never served from a cache (ADR 044).
	'/c',
	'/suivi'
] as const;

export const PRIVATE_CACHE_CONTROL = 'private, no-store';

/** True when the resolved route's pages hold personal data. */
export function isPrivateRoute(routeId: string | null): boolean {
	if (routeId === null) return false;
	return PRIVATE_ROUTES.some((prefix) => routeId === prefix || routeId.startsWith(`${prefix}/`));
}
