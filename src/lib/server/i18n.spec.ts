import { describe, expect, it } from 'vitest';
import { createI18n } from './i18n';

describe('server translators', () => {
	it('translate in their own locale, whatever was asked before or in between', () => {
		const fr = createI18n('fr');
		const en = createI18n('en');
		const frenchHome = fr.t('nav.home');
		const englishHome = en.t('nav.home');
		expect(frenchHome).not.toBe(englishHome);
		// Interleaved use never switches a translator's language.
		for (let i = 0; i < 3; i++) {
			expect(createI18n('en').t('nav.home')).toBe(englishHome);
			expect(createI18n('fr').t('nav.home')).toBe(frenchHome);
		}
		expect(fr.i18n.language).toBe('fr');
		expect(en.i18n.language).toBe('en');
	});

	it('are built once per locale', () => {
		expect(createI18n('fr')).toBe(createI18n('fr'));
		expect(createI18n('fr')).not.toBe(createI18n('en'));
	});
});
