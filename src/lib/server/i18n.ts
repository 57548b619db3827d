import i18next, { type i18n, type TFunction } from 'i18next';
import { defaultLocale, namespaces, type Locale } from '$lib/i18n/config';
import { resources } from '$lib/i18n/resources';

/**
 * A fresh i18next instance for one request (never shared between requests: the
 * language of one user must not leak into another's response).
 */
export function createI18n(locale: Locale): { i18n: i18n; t: TFunction } {
	const instance = i18next.createInstance();
	instance.init({
		lng: locale,
		fallbackLng: defaultLocale,
		supportedLngs: ['fr', 'en'],
		ns: [...namespaces],
		defaultNS: 'common',
		resources,
		initAsync: false,
		returnNull: false,
		// Svelte and our mail templates escape output themselves.
		interpolation: { escapeValue: false }
	});
	return { i18n: instance, t: instance.t.bind(instance) as TFunction };
}
