import i18next, { type i18n, type TFunction } from 'i18next';
import { defaultLocale, namespaces, type Locale } from '$lib/i18n/config';
import { resources } from '$lib/i18n/resources';

/**
 * The i18next instance of one locale. There is one per locale, built on first use and never
 * changed afterwards (its language is fixed: nothing calls `changeLanguage`), so a request
 * can never see another request's language. Building one costs ~1 ms, which used to be paid
 * on every request (ADR 003, addendum).
 */
const instances = new Map<Locale, { i18n: i18n; t: TFunction }>();

function build(locale: Locale): { i18n: i18n; t: TFunction } {
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
	return Object.freeze({ i18n: instance, t: instance.getFixedT(locale) as TFunction });
}

/** The translator of `locale` (for a request, an e-mail, an API document). */
export function createI18n(locale: Locale): { i18n: i18n; t: TFunction } {
	let entry = instances.get(locale);
	if (!entry) instances.set(locale, (entry = build(locale)));
	return entry;
}
