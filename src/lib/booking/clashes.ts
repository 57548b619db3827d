/**
 * Rendez-vous that no longer fit their agenda after an edit. Pure and framework-free: the
 * agenda's rules and its confirmed rendez-vous in, the clashing ones out (no DB, no clock).
 * An edit never cancels or moves a rendez-vous: staff see the clashes and act (docs/slots.md §5).
 */
import { holidaysFor, isoWeekday, type LocalDate } from './holidays';
import { intervalsOn, type AgendaRules } from './slots';
import { instantToZoned, timeToMinutes } from './time';

/** Why a rendez-vous no longer fits, most serious first. */
export const clashReasons = [
	'agenda_inactive',
	'point_inactive',
	'weekend',
	'holiday',
	'closure',
	'outside_hours',
	'absence'
] as const;
export type ClashReason = (typeof clashReasons)[number];

export interface BookedRendezVous {
	id: number;
	startsAt: Date;
	endsAt: Date;
}

export interface Clash<R extends BookedRendezVous = BookedRendezVous> {
	rdv: R;
	reasons: ClashReason[];
}

export interface ClashOptions {
	/** The agenda is switched off: none of its rendez-vous are offered any more. */
	agendaActive?: boolean;
	/** Its point d'accueil is switched off (in-person agendas). */
	pointActive?: boolean;
}

function minutesOfDay(instant: Date, timeZone: string): { date: LocalDate; minutes: number } {
	const z = instantToZoned(instant, timeZone);
	return { date: z.date, minutes: timeToMinutes(z.time) };
}

/**
 * The rendez-vous of `booked` that start after `now` and no longer fit the rules: on a
 * weekend, a holiday (with the rules' holiday options) or a closure day; not entirely inside
 * an opening interval of their local date (weekly or one-off); overlapping an absence; or on
 * a switched-off agenda or point d'accueil. The slot length and the notice are not checked:
 * a rendez-vous made under an older slot length still fits if it lies within the hours.
 * Sorted by start; each with all its reasons.
 */
export function findClashes<R extends BookedRendezVous>(
	rules: AgendaRules,
	booked: readonly R[],
	now: Date,
	options: ClashOptions = {}
): Clash<R>[] {
	const holidayCache = new Map<number, Set<LocalDate>>();
	const isHoliday = (date: LocalDate): boolean => {
		const year = Number(date.slice(0, 4));
		let set = holidayCache.get(year);
		if (!set) {
			set = new Set(
				holidaysFor(year, rules.departementCode, rules.holidayOptions).map((h) => h.date)
			);
			holidayCache.set(year, set);
		}
		return set.has(date);
	};
	const closures = new Set(rules.closures ?? []);
	const absences = rules.absences ?? [];
	const clashes: Clash<R>[] = [];
	for (const rdv of booked) {
		if (rdv.startsAt.getTime() <= now.getTime()) continue;
		const reasons: ClashReason[] = [];
		if (options.agendaActive === false) reasons.push('agenda_inactive');
		if (options.pointActive === false) reasons.push('point_inactive');
		const start = minutesOfDay(rdv.startsAt, rules.timeZone);
		const end = minutesOfDay(rdv.endsAt, rules.timeZone);
		if (isoWeekday(start.date) > 5) reasons.push('weekend');
		if (isHoliday(start.date)) reasons.push('holiday');
		if (closures.has(start.date)) reasons.push('closure');
		// A rendez-vous ending at midnight or on another day cannot sit inside one day's hours.
		const endMinutes = end.date === start.date ? end.minutes : Number.POSITIVE_INFINITY;
		const fits = intervalsOn(rules, start.date, true).some(
			([s, e]) => s <= start.minutes && endMinutes <= e
		);
		if (!fits) reasons.push('outside_hours');
		if (
			absences.some(
				(a) => a.start.getTime() < rdv.endsAt.getTime() && rdv.startsAt.getTime() < a.end.getTime()
			)
		) {
			reasons.push('absence');
		}
		if (reasons.length > 0) clashes.push({ rdv, reasons });
	}
	return clashes.sort((a, b) => a.rdv.startsAt.getTime() - b.rdv.startsAt.getTime());
}
