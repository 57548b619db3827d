import { qrSvg } from '$lib/server/partenaires/qr';
import { linkView } from '../links.server';
import type { RequestHandler } from './$types';

/** The QR code of `?type=&departement=` as an SVG file (validated query; 400 otherwise). */
export const GET: RequestHandler = (event) => {
	const { url, query } = linkView(event);
	const body = qrSvg(url, event.locals.t('partenaires:page.tools.qrAlt', { url }));
	return new Response(body, {
		headers: {
			'content-type': 'image/svg+xml; charset=utf-8',
			'content-disposition': `inline; filename="qr-${query.type}${query.departement ? `-${query.departement}` : ''}.svg"`,
			// Same query, same image, as long as the public URL does not change.
			'cache-control': 'public, max-age=86400',
			'x-content-type-options': 'nosniff',
			// An SVG opened on its own runs nothing.
			'content-security-policy': "default-src 'none'; sandbox"
		}
	});
};
