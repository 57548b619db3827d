/**
 * How far ahead the back-office plans one-off openings, absences and closure days (docs/slots.md
 * §5): from today, in the département's time zone, to PLANNING_DAYS later. Pure: no database.
 */
import { addDays, type LocalDate } from '$lib/booking/holidays';
import { todayIn } from '$lib/booking/time';

/** One-off openings, absences and closure days are planned at most this far ahead (days). */
export const PLANNING_DAYS = 366;

/** The first and last local days that may be planned. */
export function planningWindow(timeZone: string, now: Date): { first: LocalDate; last: LocalDate } {
	const first = todayIn(timeZone, now);
	return { first, last: addDays(first, PLANNING_DAYS) };
}

/** A day (opening, closure) inside the window. */
export function dayInWindow(date: LocalDate, timeZone: string, now: Date): boolean {
	const { first, last } = planningWindow(timeZone, now);
	return date >= first && date <= last;
}

/** A span of days (absence) that is not over yet and starts inside the window. */
export function spanInWindow(
	startDate: LocalDate,
	endDate: LocalDate,
	timeZone: string,
	now: Date
): boolean {
	const { first, last } = planningWindow(timeZone, now);
	return endDate >= first && startDate <= last;
}
