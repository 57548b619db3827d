/**
 * What the professionals' pages share: the validated link query (`?type=&departement=`), the
 * questionnaire URL it gives (on the portal's public URL, never the request's Host: ADR 025) and its QR code as inline SVG.
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import { departementByCode, departementCodes } from '$lib/departements/data';
import {
	linkSearch,
	parseLinkQuery,
	questionnaireUrl,
	type LinkQuery
} from '$lib/partenaires/links';
import { publicBaseUrl } from '$lib/server/env';
import { qrSvg } from '$lib/server/partenaires/qr';

export interface LinkView {
	query: LinkQuery;
	/** The URL the person opens (the one the QR code encodes). */
	url: string;
	/** `type=…&departement=…` for the portal's own links (QR images, print pages). */
	search: string;
	/** The QR code as an SVG document, drawn on the server (inlined with {@html}). */
	svg: string;
}

/** The link query of the request, or a 400 page when a value is present but unknown. */
export function linkView(event: Pick<RequestEvent, 'url' | 'locals'>): LinkView {
	const query = parseLinkQuery(event.url);
	if (!query) error(400, 'partenaires:errors.query');
	const url = questionnaireUrl(publicBaseUrl(), query);
	return {
		query,
		url,
		search: linkSearch(query),
		svg: qrSvg(url, event.locals.t('partenaires:page.tools.qrAlt', { url }))
	};
}

export const departementOptions = () =>
	departementCodes.map((code) => ({ code, name: departementByCode(code)?.name ?? code }));
