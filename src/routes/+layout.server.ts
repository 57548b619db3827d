import { namespacesFor, pickMessages } from '$lib/i18n/messages';
import type { LayoutServerLoad } from './$types';

/**
 * The locale, the path (language switcher), and the namespaces the route renders. Their
 * messages travel with the data only on client-side navigations (`__data.json`); a full page
 * gets them from `+layout.ts` on the server and, for hydration, from a JSON data block that
 * `handleI18n` puts in the page head: they are not serialised into every page (ADR 022).
 */
export const load: LayoutServerLoad = ({ locals, route, url, isDataRequest }) => {
	const namespaces = namespacesFor(route.id);
	return {
		locale: locals.locale,
		path: url.pathname + url.search,
		namespaces,
		messages: isDataRequest ? pickMessages(locals.locale, namespaces) : null
	};
};
