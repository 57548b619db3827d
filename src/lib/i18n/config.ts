/**
 * Locale configuration shared by server and client. French is the reference language:
 * every key must exist in `fr`, and every other locale must have exactly the same keys
 * (enforced by `src/lib/i18n/locales.spec.ts`).
 */
export const locales = ['fr', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'fr';

/** One folder per namespace under `locales/`, one JSON file per locale inside it. */
export const namespaces = [
	'common',
	'questionnaire',
	'dispositifs',
	'api',
	'booking',
	'mail',
	'staff',
	'backoffice',
	'agendas',
	'stats',
	'equipe',
	'partenaires',
	'legal',
	'campagnes',
	'suivi',
	'evenements'
] as const;
export type Namespace = (typeof namespaces)[number];

export const LOCALE_COOKIE = 'pdp_lang';

/** `id` of the JSON data block that carries a hydrated page's messages (ADR 022). */
export const MESSAGES_ELEMENT_ID = 'pdp-messages';

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** Picks the best supported locale from an Accept-Language header (q-values honoured). */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
	if (!acceptLanguage) return defaultLocale;
	const ranked = acceptLanguage
		.split(',')
		.slice(0, 20)
		.map((part) => {
			const [tag = '', ...params] = part.trim().split(';');
			const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
			const quality = q ? Number(q.slice(2)) : 1;
			return {
				base: tag.toLowerCase().split('-')[0] ?? '',
				quality: Number.isFinite(quality) ? quality : 0
			};
		})
		.filter((entry) => entry.quality > 0)
		.sort((a, b) => b.quality - a.quality);
	for (const entry of ranked) if (isLocale(entry.base)) return entry.base;
	return defaultLocale;
}
