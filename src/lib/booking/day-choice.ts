/**
 * The slot step on a phone (ADR 037): free slots shown one day at a time, after a list of days
 * with their number of free slots, and, for in-person rendez-vous, after the choice of a point
 * d'accueil by town. Pure functions of the slots and of the query string, no framework.
 */

/** A day of the slot list: its local date (YYYY-MM-DD, the département's zone) and its slots. */
export interface DayGroup<T> {
	date: string;
	slots: T[];
}

/** `?jour=` value that shows every day one after the other (the former long list). */
export const ALL_DAYS = 'tous';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Slots grouped by local date, in their order (the slots come sorted by start). */
export function groupByDay<T extends { date: string }>(slots: readonly T[]): DayGroup<T>[] {
	const groups: DayGroup<T>[] = [];
	for (const slot of slots) {
		const last = groups[groups.length - 1];
		if (last && last.date === slot.date) last.slots.push(slot);
		else groups.push({ date: slot.date, slots: [slot] });
	}
	return groups;
}

export type DayChoice<T> =
	/** Every day, one after the other (`?jour=tous`). */
	| { kind: 'all' }
	/** One day; `missed` when the day asked for has no free slot any more (the first day is shown). */
	| { kind: 'day'; day: DayGroup<T>; missed: boolean }
	/** No free slot at all. */
	| { kind: 'none' };

/**
 * The day to show for `?jour=`: that day when it has free slots, else the first day with free
 * slots (an absent or malformed value is not an error: the first day is the natural start).
 */
export function chooseDay<T>(days: readonly DayGroup<T>[], requested: string | null): DayChoice<T> {
	const first = days[0];
	if (!first) return { kind: 'none' };
	if (requested === ALL_DAYS) return { kind: 'all' };
	if (requested === null || !LOCAL_DATE.test(requested))
		return { kind: 'day', day: first, missed: false };
	const asked = days.find((d) => d.date === requested);
	return asked
		? { kind: 'day', day: asked, missed: false }
		: { kind: 'day', day: first, missed: true };
}

/** A point d'accueil as the slot step presents it. */
export interface Place {
	id: number;
	name: string;
	address: string;
	accessibility: string;
	isDemo: boolean;
}

/** A place to choose, with its town (null when its address has none) and its number of free slots. */
export interface PlaceChoice extends Place {
	town: string | null;
	free: number;
}

/**
 * The town of a French postal address: what follows the last 5-digit postal code
 * ("12 rue de Paris, 97400 Saint-Denis" → "Saint-Denis"); null when there is none.
 */
export function townOf(address: string): string | null {
	// The last postal code of the line: the greedy start skips the earlier ones (a CEDEX, a BP…).
	const town = /^.*\b\d{5}\s+([^\d,][^,]*)/u.exec(address)?.[1]?.trim();
	return town ? town : null;
}

/**
 * The points d'accueil of the slots, each once, with their town and free slots; sorted by town
 * (the point's name when the address has no postal code), then name.
 */
export function placesOf(slots: readonly { point: Place | null }[]): PlaceChoice[] {
	const places = new Map<number, PlaceChoice>();
	for (const { point } of slots) {
		if (!point) continue;
		const known = places.get(point.id);
		if (known) known.free++;
		else places.set(point.id, { ...point, town: townOf(point.address), free: 1 });
	}
	return [...places.values()].sort(
		(a, b) =>
			(a.town ?? a.name).localeCompare(b.town ?? b.name, 'fr') || a.name.localeCompare(b.name, 'fr')
	);
}

/**
 * The place chosen with `?lieu=`: one of `places` by id, the only one when there is a single
 * place, or null (the person chooses first) when there are several and none valid was asked.
 */
export function choosePlace(
	places: readonly PlaceChoice[],
	requested: string | null
): PlaceChoice | null {
	if (places.length === 1) return places[0]!;
	if (requested === null || !/^[1-9]\d{0,8}$/.test(requested)) return null;
	return places.find((p) => p.id === Number(requested)) ?? null;
}
