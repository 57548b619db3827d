import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { createHash, randomBytes } from 'node:crypto';
import { bookingFields } from '../../scripts/lib/portal.js';

/*
 * Public bookings as plain form posts, for the specs that start production servers of their
 * own and drive them without a browser (crash.e2e.ts, instances.e2e.ts).
 */

/** A manage-link token as the booking form draws one (20 random bytes, base32): the idempotency key. */
export function newToken(): string {
	return encodeBase32LowerCaseNoPadding(randomBytes(20));
}

/** What the database keeps of a token: its SHA-256 (manage_token_hash). */
export const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** The free slots (`<agenda>|<start>`) the server at `base` offers a département by telephone. */
export async function freeSlots(base: string, departement: string): Promise<string[]> {
	const html = await (
		await fetch(`${base}/rendez-vous/creneaux?departement=${departement}&mode=telephone&jour=tous`)
	).text();
	return [...html.matchAll(/name="slot"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="slot"/g)].map(
		(m) => (m[1] ?? m[2]!).replaceAll('&#124;', '|')
	);
}

/** Who books (fictitious); the phone is drawn per booking unless given. */
export interface Booker {
	nom: string;
	prenom: string;
	email?: string;
}

let serial = 0;
/**
 * The booking form's fields. One phone per booking: a person may hold at most 2 upcoming
 * rendez-vous (ADR 026).
 */
export function bookingForm(
	departement: string,
	slot: string,
	token: string,
	booker: Booker
): URLSearchParams {
	return new URLSearchParams({
		...bookingFields({
			departement,
			slot,
			token,
			nom: booker.nom,
			telephone: `06${String(++serial).padStart(8, '0')}`
		}),
		prenom: booker.prenom,
		email: booker.email ?? ''
	});
}

/** The server's answer to a booking post. */
export interface BookingAnswer {
	status: number;
	location: string | null;
	body: string;
}

/** One booking POST to the server at `base`; null when the connection failed (server killed). */
export async function postBooking(
	base: string,
	departement: string,
	slot: string,
	token: string,
	booker: Booker
): Promise<BookingAnswer | null> {
	const query = new URLSearchParams({ departement, mode: 'telephone', slot });
	try {
		const response = await fetch(`${base}/rendez-vous/coordonnees?${query}&/book`, {
			method: 'POST',
			body: bookingForm(departement, slot, token, booker),
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: base,
				accept: 'text/html'
			},
			redirect: 'manual',
			signal: AbortSignal.timeout(60_000)
		});
		return {
			status: response.status,
			location: response.headers.get('location'),
			body: await response.text()
		};
	} catch {
		return null;
	}
}

/** The answer of a confirmed booking: 303 to its manage page. */
export const confirms = (answer: BookingAnswer | null, token: string): boolean =>
	answer?.status === 303 && answer.location === `/rendez-vous/gerer/${token}?confirmation=1`;
