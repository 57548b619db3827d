/**
 * The people the e2e suite types into forms. After the run, the server's log must hold none of
 * these (tests/e2e/log-check.teardown.ts). A spec that uses a new person adds them here.
 */
export const testPersons = {
	/** Family and given names (matched as whole words, any case). Too-common words such as "Test" are left out. */
	names: [
		'Santoni', 'Lucia',
		'Rossi',
		'Lefèvre', 'Lefevre',
		'Durand', 'Aline',
		'Martin', 'Claire',
		'Payet', 'Marie-Ève',
		'Lyonnais', 'Reunionnais',
		'Sansaccord', 'Avecaccord',
		'Sansjs', 'Sansjsain',
		'Robotnik',
		'Concurrent',
		// The crash test's client.
		'Crashtest', 'Durable',
		// Orientation by a professional, legal pages (download, erasure), demande workflow, agendas.
		'Orientejs', 'Orientesansjs', 'Orientee', 'Jeanne', 'Patiente', 'Robotpiege',
		'Chaudesaigues', 'Grondin', 'Ravanel', 'Margot', 'Odilon',
		// The personal link sent from the back office.
		'Lienpersojs', 'Lienpersosansjs', 'Lienpersoailleurs'
	],
	/** E-mail addresses (any address outside the allowed ones is a finding anyway). */
	emails: ['lucia@example.org', 'jean.lefevre@example.org', 'aline.durand@example.org', 'claire@example.org', 'personne@example.org', 'lienperso.js@example.org', 'lienperso.sansjs@example.org', 'lienperso.ailleurs@example.org'],
	/** NIRs, matched in any spacing (generic NIR shapes are found too). */
	nirs: ['2 55 08 14 168 025 38', '1 85 05 78 006 084 00']
} as const;

/** Addresses the server's log may show on purpose: the portal's own and the demo staff's (all `.invalid`). */
export const allowedLogEmails = /@(?:demo\.)?portail-pdp\.invalid$/i;
