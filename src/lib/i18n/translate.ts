import { MESSAGES_ELEMENT_ID, type Locale, type Namespace } from './config';
import type { Messages } from './resources';

export type TranslateOptions = Record<string, string | number | undefined> & { count?: number };
export type Translate = (key: string, options?: TranslateOptions) => string;

/**
 * A small translator for Svelte components that reads i18next's JSON format
 * (nested keys, `ns:key` prefixes, `{{var}}` interpolation, `_one`/`_other` plurals).
 *
 * Why not i18next itself in components: its runtime is ~16 KB gzip, which alone would
 * eat the questionnaire's 40 KB JS budget (ADR 003). The server uses a per-request
 * i18next instance for everything else, and `translate.spec.ts` proves both give the
 * same string for every key of every locale.
 */
export function createTranslator(
	locale: Locale,
	messages: Partial<Record<Namespace, Messages>>,
	defaultNs: Namespace = 'common'
): Translate {
	const plurals = new Intl.PluralRules(locale);
	const lookup = (ns: string, path: string): string | undefined => {
		let node: string | Messages | undefined = messages[ns as Namespace];
		for (const part of path.split('.')) {
			if (node === undefined || typeof node === 'string') return undefined;
			node = node[part];
		}
		return typeof node === 'string' ? node : undefined;
	};
	return (fullKey, options = {}) => {
		const sep = fullKey.indexOf(':');
		const ns = sep > 0 ? fullKey.slice(0, sep) : defaultNs;
		const key = sep > 0 ? fullKey.slice(sep + 1) : fullKey;
		let template: string | undefined;
		if (typeof options.count === 'number') {
			template =
				lookup(ns, `${key}_${plurals.select(options.count)}`) ?? lookup(ns, `${key}_other`);
		}
		template ??= lookup(ns, key);
		if (template === undefined) return key;
		return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (match, name: string) => {
			const value = options[name];
			return value === undefined ? match : String(value);
		});
	};
}

/**
 * In the browser, the messages of a page that was rendered on the server: the JSON data block
 * `handleI18n` wrote in its head (ADR 022). Empty when there is none (keys would show).
 */
export function readMessagesBlock(): Partial<Record<Namespace, Messages>> {
	const block = document.getElementById(MESSAGES_ELEMENT_ID);
	try {
		return JSON.parse(block?.textContent || '{}');
	} catch {
		return {};
	}
}
