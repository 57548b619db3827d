/**
 * When the service social owes a demande its rendez-vous or call back (ADR 039). Pure and
 * framework-free: the clock and the département's calendar are passed in.
 *
 * - An ordinary demande: `DUE_DAYS` (14) calendar days after it was made, to the minute.
 * - A prioritaire demande: the end (23:59:59.999, wall clock of the département's zone) of
 *   the `PRIORITY_DUE_WORKING_DAYS`th (2nd) working day after the day it was made there. A
 *   working day is Monday to Friday, neither a holiday or default closure of the département
 *   (docs/domain/holidays.md, lifts of ADR 038 applied) nor one of its closure days.
 */
import { DUE_DAYS, PRIORITY_DUE_WORKING_DAYS, type PriorityReason } from '$lib/vocabulary';
import { departementByCode } from '$lib/departements/data';
import { addDays, isHoliday, isWeekend, type HolidayOptions, type LocalDate } from './holidays';
import { todayIn, zonedDateTimeToInstant } from './time';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A département's working calendar: its code (holidays, zone), closure days and lifted closures. */
export interface ServiceCalendar {
	departementCode: string;
	closures: readonly LocalDate[];
	holidayOptions: HolidayOptions;
}

/** True when the département's service social works on `date`. */
export function isWorkingDay(date: LocalDate, calendar: ServiceCalendar): boolean {
	return (
		!isWeekend(date) &&
		!isHoliday(date, calendar.departementCode, calendar.holidayOptions) &&
		!calendar.closures.includes(date)
	);
}

/** The `n`th working day after `date` (`date` itself never counts). */
export function addWorkingDays(date: LocalDate, n: number, calendar: ServiceCalendar): LocalDate {
	let day = date;
	// A year of closures at most: a calendar closed for good is a data error, not a loop.
	for (let left = n, guard = 0; left > 0; guard++) {
		if (guard > 366) throw new RangeError(`No working day after ${date}`);
		day = addDays(day, 1);
		if (isWorkingDay(day, calendar)) left--;
	}
	return day;
}

/** The instant a demande made at `createdAt` is due (see the module's comment). */
export function dueAtFor(
	createdAt: Date,
	priority: PriorityReason | null,
	calendar: ServiceCalendar
): Date {
	if (priority === null) return new Date(createdAt.getTime() + DUE_DAYS * DAY_MS);
	const departement = departementByCode(calendar.departementCode);
	if (!departement) throw new RangeError(`Unknown département: ${calendar.departementCode}`);
	const zone = departement.timeZone;
	const day = addWorkingDays(todayIn(zone, createdAt), PRIORITY_DUE_WORKING_DAYS, calendar);
	// 23:59 always exists (no zone of ours changes its clock at midnight).
	const lastMinute = zonedDateTimeToInstant(day, '23:59', zone)!;
	return new Date(lastMinute.getTime() + 59_999);
}
