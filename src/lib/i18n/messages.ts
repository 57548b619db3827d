import { MESSAGES_ELEMENT_ID, type Locale, type Namespace } from './config';
import { resources, type Messages } from './resources';

/** Public pages every French public service owes its users (docs/privacy.md). */
const legalRoutes = ['/mentions-legales', '/confidentialite', '/accessibilite', '/plan-du-site'];

/** The namespaces a route renders: only those reach the browser for hydration. */
export function namespacesFor(routeId: string | null): Namespace[] {
	const ns: Namespace[] = ['common', 'questionnaire'];
	if (routeId?.startsWith('/dispositifs') || routeId?.startsWith('/questionnaire/resultat'))
		ns.push('dispositifs');
	if (routeId?.startsWith('/rendez-vous')) ns.push('booking');
	if (routeId?.startsWith('/espace-pro')) ns.push('staff', 'backoffice');
	if (routeId?.startsWith('/espace-pro/agendas')) ns.push('agendas');
	if (routeId?.startsWith('/espace-pro/statistiques')) ns.push('stats');
	if (routeId?.startsWith('/espace-pro/equipe') || routeId?.startsWith('/espace-pro/mot-de-passe'))
		ns.push('equipe');
	if (routeId?.startsWith('/professionnels')) ns.push('partenaires');
	if (legalRoutes.some((prefix) => routeId?.startsWith(prefix))) ns.push('legal');
	// Outreach campaigns (ADR 044): the landing of a campaign link and the staff pages.
	if (
		routeId?.startsWith('/c/') ||
		routeId?.startsWith('/espace-pro/campagnes') ||
		routeId?.startsWith('/espace-pro/statistiques')
	)
		ns.push('campagnes');
	// The follow-up (ADR 045): its public page, the demande page's section, its statistics, and
	// the phone record of a registration's follow-up from the attendance list.
	if (
		routeId?.startsWith('/suivi') ||
		routeId?.startsWith('/espace-pro/demandes/') ||
		routeId?.startsWith('/espace-pro/statistiques/suivi') ||
		routeId?.startsWith('/espace-pro/evenements/[id=id]/presences') ||
		routeId?.startsWith('/espace-pro/evenements/[id=id]/suivi')
	)
		ns.push('suivi');
	if (
		routeId?.startsWith('/evenements') ||
		routeId?.startsWith('/espace-pro/evenements') ||
		routeId?.startsWith('/espace-pro/statistiques')
	)
		ns.push('evenements');
	return ns;
}

export type PageMessages = Partial<Record<Namespace, Messages>>;

/** Per locale and namespaces: the messages, and their data block once a page asked for it. */
const picked = new Map<string, { messages: PageMessages; block?: string }>();

function entry(
	locale: Locale,
	namespaces: readonly Namespace[]
): { messages: PageMessages; block?: string } {
	const key = `${locale}:${namespaces.join(',')}`;
	let found = picked.get(key);
	if (!found) {
		found = {
			messages: Object.fromEntries(
				namespaces.map((ns) => [ns, resources[locale][ns]])
			) as PageMessages
		};
		picked.set(key, found);
	}
	return found;
}

/**
 * The messages of some namespaces in one locale. Memoised: the same few combinations serve
 * every request, and nothing mutates them.
 */
export function pickMessages(locale: Locale, namespaces: readonly Namespace[]): PageMessages {
	return entry(locale, namespaces).messages;
}

/**
 * The messages as an inert JSON data block for the page's `<head>` (a `type="application/json"`
 * script is never executed, so the CSP has nothing to allow). `<` is escaped so that no
 * message can close the element. Memoised per locale and namespaces.
 */
export function messagesDataBlock(locale: Locale, namespaces: readonly Namespace[]): string {
	const found = entry(locale, namespaces);
	found.block ??= jsonDataBlock(MESSAGES_ELEMENT_ID, found.messages);
	return found.block;
}

/**
 * A value as a `<script type="application/json">` element: never executed, read back with
 * `JSON.parse(element.textContent)`. Every `<` is written `\u003c`, so that no string inside
 * can close the element (`</script>`) or open a comment (`<!--`).
 */
export function jsonDataBlock(id: string, value: unknown): string {
	return `<script type="application/json" id="${id}">${JSON.stringify(value).replaceAll('<', '\\u003c')}</script>`;
}
