import { nirKey } from '../../src/lib/booking/nir';

/**
 * The people the e2e suite types into forms. After the run, the server's log must hold none of
 * these (tests/e2e/log-check.teardown.ts). A spec that uses a new person adds them here.
 */
export const testPersons = {
	/** Family and given names (matched as whole words, any case). Too-common words such as "Test" are left out. */
	names: [
		'Santoni',
		'Lucia',
		'Rossi',
		'Lefèvre',
		'Lefevre',
		'Durand',
		'Aline',
		'Martin',
		'Claire',
		'Payet',
		'Marie-Ève',
		'Lyonnais',
		'Reunionnais',
		'Sansaccord',
		// Outreach campaigns (campagnes.e2e.ts).
		'Campagnard',
		'Avecaccord',
		'Sansjs',
		'Sansjsain',
		'Robotnik',
		'Concurrent',
		// The crash test's client.
		'Crashtest',
		'Durable',
		// Orientation by a professional, legal pages (download, erasure), demande workflow, agendas.
		'Orientejs',
		'Orientesansjs',
		'Orientee',
		'Jeanne',
		'Patiente',
		'Robotpiege',
		'Chaudesaigues',
		'Grondin',
		'Ravanel',
		'Margot',
		'Odilon',
		// The personal link sent from the back office.
		'Lienpersojs',
		'Lienpersosansjs',
		'Lienpersoailleurs',
		// Booking on a phone (polish.e2e.ts).
		'Polish',
		'Ecran',
		// The demande page's work layout, priority and workflow (work-layout.e2e.ts, a11y.e2e.ts).
		'Aboutjs',
		'Aboutsansjs',
		'Deuxvolets',
		'Desassignejs',
		'Desassignesansjs',
		'Auditprio',
		// The inbox: search, prioritaire filter, bulk assignment (inbox.e2e.ts, a11y.e2e.ts).
		'Cherchemoijs',
		'Cherchemoisansjs',
		'Urgentinejs',
		'Urgentinesansjs',
		'Groupeunjs',
		'Groupeunsansjs',
		'Groupedeuxjs',
		'Groupedeuxsansjs',
		'Éloïse',
		'Auditrecherche',
		// The 6-month follow-up (suivi.e2e.ts, a11y.e2e.ts).
		'Suivisixmois',
		'Suiviaudit',
		'Suiviaccordjs',
		'Suiviaccordsansjs',
		'Suivirefusjs',
		'Suivirefussansjs',
		'Odile',
		// Évènements: registration with and without JavaScript, the concurrency test (evenements*.e2e.ts).
		'Inscritjs',
		'Inscritsansjs',
		'Ruee',
		// The follow-up of a registration to an évènement (suivi.e2e.ts).
		'Suivievenement'
	],
	/** E-mail addresses (any address outside the allowed ones is a finding anyway). */
	emails: [
		'lucia@example.org',
		'jean.lefevre@example.org',
		'aline.durand@example.org',
		'claire@example.org',
		'personne@example.org',
		'lienperso.js@example.org',
		'lienperso.sansjs@example.org',
		'lienperso.ailleurs@example.org',
		'suiviaccordjs@example.org',
		'suiviaccordsansjs@example.org',
		'suivirefusjs@example.org',
		'suivirefussansjs@example.org'
	],
	/** NIRs, matched in any spacing (generic NIR shapes are found too). */
	nirs: ['2 55 08 14 168 025 38', '1 85 05 78 006 084 00']
} as const;

/**
 * An e-mail address and a phone number of their own, for one booking. A person (same e-mail,
 * phone or NIR, normalised) may hold at most 2 upcoming rendez-vous through the public form
 * (ADR 026), and the specs run in parallel on one server: a spec that books more than that, or
 * books for no particular person, takes a distinct contact for each booking.
 */
export function distinctContact(label = 'personne'): { email: string; telephone: string } {
	const digits = String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
	return {
		email: `${label}.${digits}@example.org`,
		telephone: `06 ${digits.replace(/(\d\d)(?=\d)/g, '$1 ')}`
	};
}

/**
 * A valid NIR of its own (a woman born in May 1980 in Paris, a random order number), for a
 * booking that gives one: the per-person limit counts the bookings of a NIR too (ADR 026).
 */
export function distinctNir(): string {
	const first13 = `2800575${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
	return first13 + String(nirKey(first13)).padStart(2, '0');
}

/** Addresses the server's log may show on purpose: the portal's own and the demo staff's (all `.invalid`). */
export const allowedLogEmails = /@(?:demo\.)?portail-pdp\.invalid$/i;
