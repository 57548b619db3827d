import { qrPng } from '$lib/server/partenaires/qr';
import { linkView } from '../links.server';
import type { RequestHandler } from './$types';

/** The QR code of `?type=&departement=` as a PNG file (validated query; 400 otherwise). */
export const GET: RequestHandler = async (event) => {
	const { url, query } = linkView(event);
	const body = await qrPng(url);
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': 'image/png',
			'content-disposition': `inline; filename="qr-${query.type}${query.departement ? `-${query.departement}` : ''}.png"`,
			'cache-control': 'public, max-age=86400',
			'x-content-type-options': 'nosniff'
		}
	});
};
