import { describe, expect, it } from 'vitest';
import { footerHtml } from './footer';
import { resources } from '$lib/i18n/resources';

describe('footerHtml', () => {
	it('is the contentinfo landmark with the six links, in the locale asked', () => {
		for (const locale of ['fr', 'en'] as const) {
			const html = footerHtml(locale);
			const footer = resources[locale].common.layout as { footer: Record<string, string> };
			expect(html.startsWith('<footer class="site-footer">')).toBe(true);
			expect([...html.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => m[1])).toEqual([
				'/mentions-legales',
				'/confidentialite',
				'/accessibilite',
				'/plan-du-site',
				'/professionnels',
				'/espace-pro'
			]);
			expect(html).toContain(`>${footer.footer.mentions}</a>`);
			expect(html).toContain(footer.footer.espacePro);
		}
		expect(footerHtml('fr')).not.toBe(footerHtml('en'));
	});

	it('escapes the text it writes (an apostrophe stays, markup characters do not)', () => {
		const html = footerHtml('fr');
		const text = html.replace(/<[^>]+>/g, '');
		expect(text).not.toMatch(/[<>]/);
		expect(html).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
	});

	it('makes the 36 46 of the help line a tel: link with a spoken label', () => {
		expect(footerHtml('fr')).toContain(
			'<a href="tel:3646" aria-label="Appeler le 36 46">36 46</a>'
		);
		expect(footerHtml('en')).toContain('<a href="tel:3646" aria-label="Call 36 46">36 46</a>');
	});
});
