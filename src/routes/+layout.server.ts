import { namespacesFor, pickMessages } from '$lib/i18n/messages';
import type { LayoutServerLoad } from './$types';

/**
 * The locale, the path (language switcher), and the namespaces the route renders. Their
 * messages travel with the data only on client-side navigations (`__data.json`). A full page
 * is rendered with them by the root layout straight from the locale files, and hydrates from
 * the JSON data block `handleI18n` puts in its head: they are not serialised into every page
 * (ADR 022).
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
