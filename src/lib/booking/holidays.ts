/**
 * Calendar dates and public holidays for slot generation (docs/domain/holidays.md). Pure and
 * framework-free: calendar arithmetic only, never a time zone (a holiday is a date, not
 * an instant). See docs/slots.md.
 */
import { departementByCode } from '../departements/data';

/** A calendar date, 'YYYY-MM-DD' (no time, no zone). Compare with `<`/`>`: the form sorts. */
export type LocalDate = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface CalendarDate {
	year: number;
	month: number;
	day: number;
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Milliseconds of 00:00 UTC on a calendar date (setUTCFullYear: Date.UTC maps 0–99 to 1900s). */
function utcMidnight(year: number, month: number, day: number): number {
	const d = new Date(0);
	d.setUTCFullYear(year, month - 1, day);
	return d.getTime();
}

function fromUtcMs(ms: number): LocalDate {
	const d = new Date(ms);
	return formatLocalDate({
		year: d.getUTCFullYear(),
		month: d.getUTCMonth() + 1,
		day: d.getUTCDate()
	});
}

/** Formats year/month/day as 'YYYY-MM-DD' (no range check beyond 1–9999). */
export function formatLocalDate({ year, month, day }: CalendarDate): LocalDate {
	if (!Number.isInteger(year) || year < 1 || year > 9999) {
		throw new RangeError(`Year out of range: ${year}`);
	}
	const p2 = (n: number) => String(n).padStart(2, '0');
	return `${String(year).padStart(4, '0')}-${p2(month)}-${p2(day)}`;
}

/** True for an existing calendar date written 'YYYY-MM-DD' (rejects 2026-02-30). */
export function isLocalDate(value: unknown): value is LocalDate {
	if (typeof value !== 'string') return false;
	const m = LOCAL_DATE.exec(value);
	if (!m) return false;
	const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (year < 1 || month < 1 || month > 12 || day < 1) return false;
	return fromUtcMs(utcMidnight(year, month, day)) === value;
}

/** Splits a LocalDate; throws RangeError on a malformed or non-existent date. */
export function parseLocalDate(date: LocalDate): CalendarDate {
	if (!isLocalDate(date)) throw new RangeError(`Invalid LocalDate: ${String(date)}`);
	return {
		year: Number(date.slice(0, 4)),
		month: Number(date.slice(5, 7)),
		day: Number(date.slice(8, 10))
	};
}

function toUtcMs(date: LocalDate): number {
	const { year, month, day } = parseLocalDate(date);
	return utcMidnight(year, month, day);
}

/** `date` plus `days` calendar days (negative allowed). */
export function addDays(date: LocalDate, days: number): LocalDate {
	if (!Number.isInteger(days)) throw new RangeError(`days must be an integer: ${days}`);
	return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
	return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): IsoWeekday {
	const js = new Date(toUtcMs(date)).getUTCDay(); // 0 = Sunday
	return (js === 0 ? 7 : js) as IsoWeekday;
}

/** Saturday or Sunday. */
export function isWeekend(date: LocalDate): boolean {
	return isoWeekday(date) >= 6;
}

/**
 * Gregorian Easter Sunday, anonymous / Meeus–Jones–Butcher algorithm (docs/domain/holidays.md).
 * Valid for the Gregorian calendar (1583–9999).
 */
export function easterSunday(year: number): CalendarDate {
	if (!Number.isInteger(year) || year < 1583 || year > 9999) {
		throw new RangeError(`Easter is computed for Gregorian years 1583–9999, not ${year}`);
	}
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const d = Math.floor(b / 4);
	const e = b % 4;
	const f = Math.floor((b + 8) / 25);
	const g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - d - g + 15) % 30;
	const i = Math.floor(c / 4);
	const k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	const day = ((h + l - 7 * m + 114) % 31) + 1;
	return { year, month, day };
}

/** Stable holiday ids, usable as i18n keys. */
export const holidayIds = [
	'jour-de-l-an',
	'vendredi-saint',
	'lundi-de-paques',
	'fete-du-travail',
	'victoire-1945',
	'ascension',
	'lundi-de-pentecote',
	'fete-nationale',
	'victor-schoelcher',
	'assomption',
	'toussaint',
	'armistice',
	'noel',
	'saint-etienne',
	'abolition-esclavage'
] as const;
export type HolidayId = (typeof holidayIds)[number];

/**
 * `fete-legale`: a public holiday (national, Alsace-Moselle droit local, overseas abolition day).
 * `closure`: a customary non-working day that is not a fête légale (Good Friday and 21 July in
 * 971/972), closed by default and lifted with its option.
 */
export type HolidayKind = 'fete-legale' | 'closure';

export interface Holiday {
	date: LocalDate;
	id: HolidayId;
	kind: HolidayKind;
}

export interface HolidayOptions {
	/** Lundi de Pentecôte closed (default true). It stays a fête légale; openings vary. [à vérifier] */
	pentecostMondayClosed?: boolean;
	/** 21 July (Victor Schœlcher) closed in 971 and 972 (default true). [à vérifier] */
	schoelcherClosed?: boolean;
	/** Good Friday closed in 971 and 972 (default true): customary, not a fête légale there. [probable] */
	goodFridayClosed?: boolean;
}

/** Alsace-Moselle droit local (C. trav. L. 3134-13): Vendredi saint and 26 December. */
export const ALSACE_MOSELLE: readonly string[] = ['57', '67', '68'];

/** Abolition of slavery day per overseas département (décret 83-1003), month and day. */
export const ABOLITION_DAYS: Readonly<Record<string, { month: number; day: number }>> = {
	'971': { month: 5, day: 27 },
	'972': { month: 5, day: 22 },
	'973': { month: 6, day: 10 },
	'974': { month: 12, day: 20 },
	'976': { month: 4, day: 27 }
};

/** Départements where 21 July (Victor Schœlcher) is a customary closure. */
export const SCHOELCHER_DEPARTEMENTS: readonly string[] = ['971', '972'];

/** Départements where Good Friday is a customary closure (a fête légale only in Alsace-Moselle). */
export const GOOD_FRIDAY_CLOSURE_DEPARTEMENTS: readonly string[] = ['971', '972'];

/**
 * Default closures a responsable may lift for their département (ADR 038): customary days off
 * in 971/972 that are not fêtes légales. A fête légale can never be lifted.
 */
export const liftableClosures = ['victor-schoelcher', 'vendredi-saint'] as const;
export type LiftableClosure = (typeof liftableClosures)[number];

/** The default closures of a département that staff may lift (none outside 971/972). */
export function liftableClosuresOf(departementCode: string): LiftableClosure[] {
	return liftableClosures.filter((id) =>
		(id === 'victor-schoelcher'
			? SCHOELCHER_DEPARTEMENTS
			: GOOD_FRIDAY_CLOSURE_DEPARTEMENTS
		).includes(departementCode)
	);
}

/** Holiday options from the default closures lifted for a département (unknown ids are ignored). */
export function holidayOptionsFromLifts(lifted: readonly string[]): HolidayOptions {
	return {
		schoelcherClosed: !lifted.includes('victor-schoelcher'),
		goodFridayClosed: !lifted.includes('vendredi-saint')
	};
}

const order = new Map<HolidayId, number>(holidayIds.map((id, i) => [id, i]));

/**
 * Holidays of `year` in a département, sorted by date (then by a stable id order when two
 * fall on the same day, e.g. Ascension on 1 May). A holiday on a weekend is not moved.
 * Throws RangeError for an unknown département code.
 */
export function holidaysFor(
	year: number,
	departementCode: string,
	options: HolidayOptions = {}
): Holiday[] {
	// Memoised per (year, département, options): a pure function of them. Callers get copies.
	const key = `${year}|${departementCode}|${options.pentecostMondayClosed ?? true}|${options.schoelcherClosed ?? true}|${options.goodFridayClosed ?? true}`;
	let list = holidayCache.get(key);
	if (!list) {
		list = computeHolidays(year, departementCode, options);
		if (holidayCache.size >= 2_000) holidayCache.clear();
		holidayCache.set(key, list);
	}
	return list.map((h) => ({ ...h }));
}

const holidayCache = new Map<string, readonly Holiday[]>();

function computeHolidays(
	year: number,
	departementCode: string,
	options: HolidayOptions
): Holiday[] {
	if (!departementByCode(departementCode)) {
		throw new RangeError(`Unknown département code: ${departementCode}`);
	}
	const {
		pentecostMondayClosed = true,
		schoelcherClosed = true,
		goodFridayClosed = true
	} = options;
	const easter = formatLocalDate(easterSunday(year));
	const fixed = (month: number, day: number) => formatLocalDate({ year, month, day });
	const list: Holiday[] = [];
	const add = (date: LocalDate, id: HolidayId, kind: HolidayKind = 'fete-legale') =>
		list.push({ date, id, kind });

	add(fixed(1, 1), 'jour-de-l-an');
	add(addDays(easter, 1), 'lundi-de-paques');
	add(fixed(5, 1), 'fete-du-travail');
	add(fixed(5, 8), 'victoire-1945');
	add(addDays(easter, 39), 'ascension');
	if (pentecostMondayClosed) add(addDays(easter, 50), 'lundi-de-pentecote');
	add(fixed(7, 14), 'fete-nationale');
	add(fixed(8, 15), 'assomption');
	add(fixed(11, 1), 'toussaint');
	add(fixed(11, 11), 'armistice');
	add(fixed(12, 25), 'noel');

	if (ALSACE_MOSELLE.includes(departementCode)) {
		add(addDays(easter, -2), 'vendredi-saint');
		add(fixed(12, 26), 'saint-etienne');
	}
	if (goodFridayClosed && GOOD_FRIDAY_CLOSURE_DEPARTEMENTS.includes(departementCode)) {
		add(addDays(easter, -2), 'vendredi-saint', 'closure');
	}
	const abolition = ABOLITION_DAYS[departementCode];
	if (abolition) add(fixed(abolition.month, abolition.day), 'abolition-esclavage');
	if (schoelcherClosed && SCHOELCHER_DEPARTEMENTS.includes(departementCode)) {
		add(fixed(7, 21), 'victor-schoelcher', 'closure');
	}

	return list.sort((x, y) =>
		x.date === y.date ? (order.get(x.id) ?? 0) - (order.get(y.id) ?? 0) : x.date < y.date ? -1 : 1
	);
}

/** True when `date` is a holiday or customary closure (per `options`) in the département. */
export function isHoliday(
	date: LocalDate,
	departementCode: string,
	options: HolidayOptions = {}
): boolean {
	const { year } = parseLocalDate(date);
	return holidaysFor(year, departementCode, options).some((h) => h.date === date);
}
