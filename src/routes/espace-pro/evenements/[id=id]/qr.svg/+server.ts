import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { publicBaseUrl } from '$lib/server/env';
import { evenementFor } from '$lib/server/evenements/staff';
import { qrSvg } from '$lib/server/partenaires/qr';
import type { RequestHandler } from './$types';

/** The QR code printed on invitation letters: the public list's link with the évènement's code. */
export const GET: RequestHandler = async (event) => {
	const staff = requireStaff(event);
	const found = await evenementFor(getDb(), staff, Number(event.params.id));
	if (!found) error(404, 'Not found');
	const code = found.evenement.invitationCode;
	const url = `${publicBaseUrl()}/evenements?code=${code}`;
	return new Response(qrSvg(url, event.locals.t('evenements:staff.invitation.qrAlt', { code })), {
		headers: {
			'content-type': 'image/svg+xml; charset=utf-8',
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'; sandbox"
		}
	});
};
