import type { Locale } from '$lib/i18n/config';
import { createI18n } from '$lib/server/i18n';
import { splitPhoneNumbers } from '$lib/format/phone';
import { escapeHtml } from '$lib/server/html';

/**
 * Pages every public service owes its users (docs/privacy.md) and the two professional areas: a plain
 * list inside the footer (the contentinfo landmark), no second labelled navigation.
 */
const links = [
	['/mentions-legales', 'mentions'],
	['/confidentialite', 'privacy'],
	['/accessibilite', 'accessibility'],
	['/plan-du-site', 'sitemap'],
	['/professionnels', 'professionnels'],
	['/espace-pro', 'espacePro']
] as const;

const cache = new Map<Locale, string>();

/**
 * The site footer of a locale, as HTML. It never changes with the page, so the server writes it
 * into `app.html` (`%pdp.footer%`) instead of the root layout rendering and hydrating it: no
 * client JavaScript for it on any page (ADR 022). Built once per locale.
 */
export function footerHtml(locale: Locale): string {
	let html = cache.get(locale);
	if (html === undefined) {
		const i18n = createI18n(locale);
		const t = (key: string) => escapeHtml(i18n.t(key));
		// Phone numbers are tel: links, as in PhoneText.svelte.
		const withPhones = (key: string) =>
			splitPhoneNumbers(i18n.t(key))
				.map((part) =>
					part.tel
						? `<a href="${part.tel}" aria-label="${escapeHtml(i18n.t('phone.call', { number: part.text }))}">${escapeHtml(part.text)}</a>`
						: escapeHtml(part.text)
				)
				.join('');
		const items = links
			.map(([href, key]) => `<li><a href="${href}">${t(`layout.footer.${key}`)}</a></li>`)
			.join('');
		html =
			`<footer class="site-footer"><div class="container">` +
			`<p>${withPhones('layout.footer.help')}</p><ul class="footer-links">${items}</ul>` +
			`<p class="small">${t('layout.footer.about')}</p></div></footer>`;
		cache.set(locale, html);
	}
	return html;
}
