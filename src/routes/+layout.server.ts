import { resources } from '$lib/i18n/resources';
import type { Namespace } from '$lib/i18n/config';
import type { LayoutServerLoad } from './$types';

/** Public pages every French public service owes its users (issue 5). */
const legalRoutes = ['/mentions-legales', '/confidentialite', '/accessibilite', '/plan-du-site'];

/** Namespaces a route renders (only those are sent to the browser for hydration). */
function namespacesFor(routeId: string | null): Namespace[] {
	const ns: Namespace[] = ['common', 'questionnaire'];
	if (routeId?.startsWith('/dispositifs') || routeId?.startsWith('/questionnaire/resultat')) ns.push('dispositifs');
	if (routeId?.startsWith('/rendez-vous')) ns.push('booking');
	if (routeId?.startsWith('/espace-pro')) ns.push('staff');
	if (routeId?.startsWith('/espace-pro')) ns.push('backoffice');
	if (routeId?.startsWith('/espace-pro/agendas')) ns.push('agendas');
	if (routeId?.startsWith('/espace-pro/statistiques')) ns.push('stats');
	if (routeId?.startsWith('/espace-pro/equipe') || routeId?.startsWith('/espace-pro/mot-de-passe')) ns.push('equipe');
	if (routeId?.startsWith('/professionnels')) ns.push('partenaires');
	if (legalRoutes.some((prefix) => routeId?.startsWith(prefix))) ns.push('legal');
	return ns;
}

export const load: LayoutServerLoad = ({ locals, route, url }) => {
	const messages = Object.fromEntries(
		namespacesFor(route.id).map((ns) => [ns, resources[locals.locale][ns]])
	) as Partial<(typeof resources)['fr']>;
	return { locale: locals.locale, messages, path: url.pathname + url.search };
};
