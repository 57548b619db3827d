/**
 * Rendez-vous slots with the service social: "un rendez-vous sous 14 jours". Pure and
 * framework-free: rules in, slots out (no DB, no clock: `now` is a parameter). All calendar
 * reasoning happens in the département's time zone; slots carry real instants. Rules and
 * choices: docs/slots.md.
 */
import { departementByCode } from '../departements/data';
import { DUE_DAYS } from '../vocabulary';
import {
	addDays,
	holidaysFor,
	isLocalDate,
	isoWeekday,
	parseLocalDate,
	type HolidayOptions,
	type IsoWeekday,
	type LocalDate
} from './holidays';
import {
	instantToWallMs,
	isLocalTime,
	isTimeZone,
	minutesToTime,
	timeToMinutes,
	todayIn,
	wallMsToInstantMs,
	type LocalTime
} from './time';

const MINUTE_MS = 60_000;

/** 00:00 of a calendar date read as UTC, in ms (the wall clock `date` 00:00 as if it were UTC). */
function utcMidnightOf(date: LocalDate): number {
	const { year, month, day } = parseLocalDate(date);
	const d = new Date(0);
	d.setUTCFullYear(year, month - 1, day);
	return d.getTime();
}

export const DEFAULT_SLOT_MINUTES = 45;
/** 1: the first bookable day is the next working day after today. */
export const DEFAULT_MIN_NOTICE_DAYS = 1;

/** A recurring opening interval on an ISO weekday (1 = Monday), local wall-clock times. */
export interface WeeklyOpening {
	weekday: IsoWeekday;
	start: LocalTime;
	end: LocalTime;
}

/** A one-off extra opening on a date (never honoured on a weekend, holiday or closure). */
export interface DatedOpening {
	date: LocalDate;
	start: LocalTime;
	end: LocalTime;
}

/** An absence between two instants; any slot overlapping it is removed. */
export interface Absence {
	start: Date;
	end: Date;
}

/** An agenda's rules: plain data, meant to be persisted. */
export interface AgendaRules {
	/** IANA zone the agenda's wall-clock times are in: normally `timeZoneOf(departementCode)`. */
	timeZone: string;
	departementCode: string;
	/** Default 45. */
	slotMinutes?: number;
	/** Working days of notice: 0 = today allowed, 1 = from the next working day (default). */
	minNoticeDays?: number;
	/** Last bookable day = today + windowDays calendar days, inclusive (default 14). */
	windowDays?: number;
	weekly: WeeklyOpening[];
	openings?: DatedOpening[];
	absences?: Absence[];
	/** Organisme closure days (ponts, training days). */
	closures?: LocalDate[];
	holidayOptions?: HolidayOptions;
}

export interface Slot {
	start: Date;
	end: Date;
	/** Local date and wall-clock start in the agenda's zone. */
	date: LocalDate;
	time: LocalTime;
}

/** The département's IANA zone (departements/data.ts); throws RangeError when unknown. */
export function timeZoneOf(departementCode: string): string {
	const departement = departementByCode(departementCode);
	if (!departement) throw new RangeError(`Unknown département code: ${departementCode}`);
	return departement.timeZone;
}

export class AgendaRulesError extends Error {
	constructor(readonly issues: string[]) {
		super(`Invalid agenda rules: ${issues.join('; ')}`);
		this.name = 'AgendaRulesError';
	}
}

function validInterval(start: unknown, end: unknown): boolean {
	return isLocalTime(start) && isLocalTime(end) && timeToMinutes(start) < timeToMinutes(end);
}

function validInstant(d: unknown): d is Date {
	return d instanceof Date && !Number.isNaN(d.getTime());
}

/**
 * Structural problems in `rules` (empty when valid): malformed dates/times, an interval whose
 * end is not after its start, an unknown zone or département, non-integer or out-of-range
 * numbers. The zone is not forced to the département's (`timeZoneOf`): an organisme may serve
 * a collectivité with its own zone name (Saint-Martin via 971).
 */
export function validateAgendaRules(rules: AgendaRules): string[] {
	const issues: string[] = [];
	if (!departementByCode(rules.departementCode))
		issues.push(`unknown département ${rules.departementCode}`);
	if (!isTimeZone(rules.timeZone)) issues.push(`unknown time zone ${rules.timeZone}`);
	const { slotMinutes = DEFAULT_SLOT_MINUTES, minNoticeDays = DEFAULT_MIN_NOTICE_DAYS } = rules;
	const { windowDays = DUE_DAYS } = rules;
	if (!Number.isInteger(slotMinutes) || slotMinutes < 5 || slotMinutes > 480) {
		issues.push(`slotMinutes must be an integer in 5–480, not ${slotMinutes}`);
	}
	if (!Number.isInteger(minNoticeDays) || minNoticeDays < 0 || minNoticeDays > 60) {
		issues.push(`minNoticeDays must be an integer in 0–60, not ${minNoticeDays}`);
	}
	if (!Number.isInteger(windowDays) || windowDays < 0 || windowDays > 366) {
		issues.push(`windowDays must be an integer in 0–366, not ${windowDays}`);
	}
	rules.weekly.forEach((w, i) => {
		if (!Number.isInteger(w.weekday) || w.weekday < 1 || w.weekday > 7) {
			issues.push(`weekly[${i}].weekday must be 1–7`);
		}
		if (!validInterval(w.start, w.end)) issues.push(`weekly[${i}] must be HH:MM with start < end`);
	});
	(rules.openings ?? []).forEach((o, i) => {
		if (!isLocalDate(o.date)) issues.push(`openings[${i}].date must be YYYY-MM-DD`);
		if (!validInterval(o.start, o.end))
			issues.push(`openings[${i}] must be HH:MM with start < end`);
	});
	(rules.absences ?? []).forEach((a, i) => {
		if (!validInstant(a.start) || !validInstant(a.end) || a.start.getTime() >= a.end.getTime()) {
			issues.push(`absences[${i}] must be valid instants with start < end`);
		}
	});
	(rules.closures ?? []).forEach((c, i) => {
		if (!isLocalDate(c)) issues.push(`closures[${i}] must be YYYY-MM-DD`);
	});
	return issues;
}

/** Builds the "is this a working day?" test for a date range (weekends, holidays, closures). */
function workingDayTest(
	rules: AgendaRules,
	from: LocalDate,
	to: LocalDate
): (d: LocalDate) => boolean {
	const off = new Set<LocalDate>(rules.closures ?? []);
	for (let y = parseLocalDate(from).year; y <= parseLocalDate(to).year; y++) {
		for (const h of holidaysFor(y, rules.departementCode, rules.holidayOptions)) off.add(h.date);
	}
	return (d) => isoWeekday(d) <= 5 && !off.has(d);
}

/**
 * Minutes intervals of a date (weekly + one-off), overlapping ones merged. Touching ones stay
 * apart for slot generation (slots never straddle 12:00 in 09:00–12:00 + 12:00–13:00); with
 * `joinTouching` they join (a booked rendez-vous across 12:00 still fits: clashes.ts).
 */
export function intervalsOn(
	rules: AgendaRules,
	date: LocalDate,
	joinTouching = false
): [number, number][] {
	const weekday = isoWeekday(date);
	const raw: [number, number][] = [
		...rules.weekly.filter((w) => w.weekday === weekday),
		...(rules.openings ?? []).filter((o) => o.date === date)
	].map((i) => [timeToMinutes(i.start), timeToMinutes(i.end)]);
	raw.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	const merged: [number, number][] = [];
	for (const [s, e] of raw) {
		const last = merged[merged.length - 1];
		if (last && (s < last[1] || (joinTouching && s === last[1]))) last[1] = Math.max(last[1], e);
		else merged.push([s, e]);
	}
	return merged;
}

/** Slot start instants (ms) from ISO strings; unparsable entries are ignored. */
function takenMs(taken: ReadonlySet<string> | undefined): Set<number> {
	const out = new Set<number>();
	for (const iso of taken ?? []) {
		const ms = Date.parse(iso);
		if (!Number.isNaN(ms)) out.add(ms);
	}
	return out;
}

/**
 * The bookable window in the agenda's zone: `first` is the minNoticeDays-th working day after
 * today (today itself when 0), `last` is today + windowDays (inclusive). `first > last` means
 * no bookable day.
 */
export function bookingWindow(
	rules: AgendaRules,
	now: Date
): { today: LocalDate; first: LocalDate; last: LocalDate } {
	const minNoticeDays = rules.minNoticeDays ?? DEFAULT_MIN_NOTICE_DAYS;
	const windowDays = rules.windowDays ?? DUE_DAYS;
	const today = todayIn(rules.timeZone, now);
	const last = addDays(today, windowDays);
	// Notice counting may run past `last` (e.g. a long closure): look far enough ahead.
	const isWorking = workingDayTest(rules, today, addDays(today, minNoticeDays * 7 + 60));
	let first = today;
	for (let n = 0; n < minNoticeDays;) {
		first = addDays(first, 1);
		if (isWorking(first)) n++;
	}
	return { today, first, last };
}

/**
 * Free slots, sorted by start. A slot: starts on a working day of the window (Mon–Fri, not a
 * holiday of the département, not a closure), lies entirely inside a weekly or one-off
 * opening interval (aligned on the interval start), starts after `now`, does not overlap an
 * absence, is not in `taken` (ISO start instants). Wall times in a DST gap are skipped; a slot
 * straddling a DST change (real length ≠ wall-clock length) is skipped. Throws
 * AgendaRulesError on structurally invalid rules.
 */
export function generateSlots(rules: AgendaRules, now: Date, taken?: ReadonlySet<string>): Slot[] {
	const issues = validateAgendaRules(rules);
	if (!validInstant(now)) issues.push('now must be a valid Date');
	if (issues.length > 0) throw new AgendaRulesError(issues);

	const slotMinutes = rules.slotMinutes ?? DEFAULT_SLOT_MINUTES;
	const durationMs = slotMinutes * 60_000;
	const { first, last } = bookingWindow(rules, now);
	if (first > last) return [];
	const isWorking = workingDayTest(rules, first, last);
	const booked = takenMs(taken);
	const absences = rules.absences ?? [];
	const nowMs = now.getTime();

	const slots: Slot[] = [];
	for (let date = first; date <= last; date = addDays(date, 1)) {
		if (!isWorking(date)) continue;
		const midnight = utcMidnightOf(date);
		for (const [s, e] of intervalsOn(rules, date)) {
			for (let t = s; t + slotMinutes <= e; t += slotMinutes) {
				// Numeric equivalent of zonedDateTimeToInstant(date, time) and of comparing
				// instantToZoned(end) with (date, t + slotMinutes): same results, no strings.
				const startMs = wallMsToInstantMs(midnight + t * MINUTE_MS, rules.timeZone);
				if (startMs === null) continue; // DST gap
				const endMs = startMs + durationMs;
				const endWall = instantToWallMs(endMs, rules.timeZone);
				if (
					endWall - (((endWall % MINUTE_MS) + MINUTE_MS) % MINUTE_MS) !==
					midnight + (t + slotMinutes) * MINUTE_MS
				) {
					continue; // straddles a DST change
				}
				if (startMs <= nowMs || booked.has(startMs)) continue;
				if (absences.some((a) => a.start.getTime() < endMs && startMs < a.end.getTime())) {
					continue;
				}
				slots.push({
					start: new Date(startMs),
					end: new Date(endMs),
					date,
					time: minutesToTime(t)
				});
			}
		}
	}
	slots.sort((a, b) => a.start.getTime() - b.start.getTime());
	// Defensive: never hand out overlapping slots (merged intervals already prevent it).
	const kept: Slot[] = [];
	for (const slot of slots) {
		const previous = kept[kept.length - 1];
		if (!previous || slot.start.getTime() >= previous.end.getTime()) kept.push(slot);
	}
	return kept;
}

/**
 * True iff `start` is exactly the start of a free slot generated for `now` (use it to validate
 * a posted slot server-side). False for invalid rules or an invalid Date instead of throwing.
 */
export function isBookable(
	rules: AgendaRules,
	now: Date,
	start: Date,
	taken?: ReadonlySet<string>
): boolean {
	if (!validInstant(start)) return false;
	let slots: Slot[];
	try {
		slots = generateSlots(rules, now, taken);
	} catch (e) {
		if (e instanceof AgendaRulesError) return false;
		throw e;
	}
	return slots.some((s) => s.start.getTime() === start.getTime());
}

/**
 * The `n` slots closest in time to `around` (excluding a slot starting exactly at `around`:
 * the one just taken), returned in chronological order. Ties go to the earlier slot.
 */
export function nearestSlots(slots: readonly Slot[], around: Date, n: number): Slot[] {
	if (!(n > 0) || !validInstant(around)) return [];
	const at = around.getTime();
	return slots
		.filter((s) => s.start.getTime() !== at)
		.map((s) => ({ s, d: Math.abs(s.start.getTime() - at) }))
		.sort((a, b) => a.d - b.d || a.s.start.getTime() - b.s.start.getTime())
		.slice(0, Math.floor(n))
		.map((x) => x.s)
		.sort((a, b) => a.start.getTime() - b.start.getTime());
}
