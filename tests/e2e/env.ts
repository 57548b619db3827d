/** Where the e2e server listens and which throwaway database it uses (shared by the config and the tests). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4173);
export const E2E_DATABASE = `tests/.tmp/e2e-${E2E_PORT}.db`;
/** The e2e server's stdout and stderr (scripts/e2e-server.js), scanned for personal data after the run. */
export const E2E_LOG = `tests/.tmp/e2e-${E2E_PORT}.log`;

/**
 * What the legal pages say about the organisme (LEGAL_*, ADR 036): required by a production
 * start without demo data. Fictitious values for the instances the specs start themselves.
 */
export const LEGAL_ENV: Record<string, string> = {
	LEGAL_PUBLISHER: 'Organisme de test (fictif), 1 rue du Test, 00000 Testville',
	LEGAL_PUBLICATION_DIRECTOR: 'Dominique Test (fictif), direction',
	LEGAL_HOST: 'Hébergeur de test (fictif), 00000 Testville, France',
	LEGAL_DPO_CONTACT: 'dpo@test.invalid',
	LEGAL_BACKUP_RETENTION: '30 jours',
	LEGAL_ACCESSIBILITY_CONTACT: 'accessibilite@test.invalid',
	LEGAL_ACCESSIBILITY_STATUS: 'non-conforme',
	LEGAL_ACCESSIBILITY_PLAN: 'https://test.invalid/schema'
};

/**
 * The two legal values the main e2e server is given (the others show the demo values): the
 * legal pages show what is configured (tests/e2e/std.e2e.ts).
 */
export const E2E_LEGAL_PUBLISHER = 'CGSS de Testland (organisme fictif pour les tests)';
export const E2E_LEGAL_DPO = 'dpo-e2e@portail-pdp.invalid';
