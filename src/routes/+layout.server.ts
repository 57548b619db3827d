import { resources } from '$lib/i18n/resources';
import type { Namespace } from '$lib/i18n/config';
import type { LayoutServerLoad } from './$types';

/** Namespaces a route renders (only those are sent to the browser for hydration). */
function namespacesFor(routeId: string | null): Namespace[] {
	const ns: Namespace[] = ['common', 'questionnaire'];
	if (routeId?.startsWith('/dispositifs') || routeId?.startsWith('/questionnaire/resultat')) ns.push('dispositifs');
	if (routeId?.startsWith('/rendez-vous')) ns.push('booking');
	if (routeId?.startsWith('/espace-pro')) ns.push('staff');
	if (routeId?.startsWith('/espace-pro')) ns.push('backoffice');
	return ns;
}

export const load: LayoutServerLoad = ({ locals, route, url }) => {
	const messages = Object.fromEntries(
		namespacesFor(route.id).map((ns) => [ns, resources[locals.locale][ns]])
	) as Partial<(typeof resources)['fr']>;
	return { locale: locals.locale, messages, path: url.pathname + url.search };
};
