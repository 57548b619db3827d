/**
 * The link of the message after an évènement (ADR 043): `/evenements/suite/<token>` remembers
 * the token in a cookie scoped to the booking pages, and a demande booked or requested with
 * that cookie carries the évènement (`demandes.evenement_id`). The cookie holds the bearer
 * token of the person's own link (httpOnly, never the évènement id a visitor could forge); a
 * token that matches nothing is ignored.
 */
import type { Cookies } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/client';
import type { Executor } from '$lib/server/db/index';
import { looksLikeToken } from '$lib/server/tokens';
import { inscriptionByToken } from './registration';

export const FOLLOW_UP_COOKIE = 'pdp_evenement';
const THIRTY_DAYS = 30 * 24 * 3600;

export function rememberFollowUp(cookies: Cookies, token: string, secure: boolean): void {
	cookies.set(FOLLOW_UP_COOKIE, token, {
		path: '/rendez-vous',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		maxAge: THIRTY_DAYS
	});
}

/** The évènement a booking comes from, if the visitor followed a follow-up link. */
export async function evenementOfVisitor(
	cookies: Pick<Cookies, 'get'>,
	db?: Executor
): Promise<number | null> {
	const token = cookies.get(FOLLOW_UP_COOKIE);
	if (!looksLikeToken(token)) return null;
	return (await inscriptionByToken(db ?? getDb(), token))?.evenement.id ?? null;
}
