import { describe, expect, it } from 'vitest';
import { isPrivateRoute } from './cache-policy';

describe('isPrivateRoute', () => {
	it.each([
		'/espace-pro',
		'/espace-pro/demandes/[reference]',
		'/espace-pro/connexion',
		'/questionnaire/resultat',
		'/rendez-vous/coordonnees',
		'/rendez-vous/rappel',
		'/rendez-vous/gerer/[token]',
		'/rendez-vous/gerer/[token]/donnees',
		'/rendez-vous/supprime',
		'/professionnels/orienter'
	])('keeps %s out of every cache', (routeId) => {
		expect(isPrivateRoute(routeId)).toBe(true);
	});

	it.each([
		null,
		'/',
		'/dispositifs',
		'/rendez-vous',
		'/professionnels',
		'/espace-professionnel',
		'/api/v1/departements'
	])('leaves %s to its own cache policy', (routeId) => {
		expect(isPrivateRoute(routeId)).toBe(false);
	});
});
