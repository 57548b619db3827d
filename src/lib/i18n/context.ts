import { getContext, setContext } from 'svelte';
import type { Locale } from './config';
import type { Translate } from './translate';

export interface I18nContext {
	locale: Locale;
	t: Translate;
}

const KEY = Symbol('i18n');

/** Called once by the root layout with the request's locale and messages. */
export function setI18n(context: I18nContext): void {
	setContext(KEY, context);
}

/** In any component: `const { t, locale } = getI18n();` then `{t('ns:key')}`. */
export function getI18n(): I18nContext {
	const context = getContext<I18nContext | undefined>(KEY);
	if (!context) throw new Error('getI18n() called outside the root layout');
	return context;
}
