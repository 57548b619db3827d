import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/client';
import { requireStaff } from '$lib/server/auth/guard';
import { campagneFor } from '$lib/server/campagnes/campagnes';
import { campagneLetter } from '$lib/server/campagnes/pages';
import type { PageServerLoad } from './$types';

/** The printable A4 letter of one département of a campaign (ADR 044): no personal data. */
export const load: PageServerLoad = async (event) => {
	const staff = requireStaff(event);
	const campagne = await campagneFor(getDb(), staff, Number(event.params.id));
	const letter =
		campagne &&
		campagneLetter(staff, campagne, event.params.departement, (url) =>
			event.locals.t('campagnes:letter.qrAlt', { url })
		);
	if (!letter) error(404, 'Not found');
	return letter;
};
