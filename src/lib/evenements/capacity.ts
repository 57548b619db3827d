/**
 * The seat rule of an évènement (ADR 043), pure: registrations never hold more seats than its
 * capacity; a registration that does not fit waits; a freed seat goes to the waiting list in
 * order of registration. The server applies it inside one transaction that holds the évènement
 * (better-sqlite3: an immediate transaction; PostgreSQL: `SELECT … FOR UPDATE` on its row).
 */

/** Seats held by the confirmed registrations. */
export function seatsHeld(confirmed: readonly { places: number }[]): number {
	return confirmed.reduce((sum, registration) => sum + registration.places, 0);
}

/** Seats still free (never negative, even if capacity was lowered below what is held). */
export const seatsLeft = (capacity: number, held: number): number => Math.max(0, capacity - held);

/** Whether a new registration of `places` seats gets them now (else it waits). */
export const fits = (capacity: number, held: number, places: number): boolean =>
	places <= seatsLeft(capacity, held);

/**
 * The waiting registrations to confirm, in order: each one that fits in what is left, taken in
 * order of registration (a group too large for the seats left lets a smaller one behind it in,
 * and keeps its place for the next seat freed).
 */
export function promotions(
	capacity: number,
	held: number,
	waiting: readonly { id: number; places: number }[]
): number[] {
	let left = seatsLeft(capacity, held);
	const promoted: number[] = [];
	for (const registration of waiting) {
		if (left === 0) break;
		if (registration.places <= left) {
			promoted.push(registration.id);
			left -= registration.places;
		}
	}
	return promoted;
}
