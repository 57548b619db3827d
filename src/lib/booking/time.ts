/**
 * Wall-clock time ↔ instant in an IANA time zone, with Intl only (no library). Pure and
 * framework-free. DST choices (see docs/slots.md): a wall time in a spring-forward gap does
 * not exist (null); a wall time in an autumn overlap resolves to its earlier instant.
 */
import { formatLocalDate, parseLocalDate, type IsoWeekday, type LocalDate } from './holidays';

/** A wall-clock time, 'HH:MM' on 24 h (00:00–23:59). */
export type LocalTime = string;

export interface ZonedDateTime {
	date: LocalDate;
	time: LocalTime;
	/** ISO weekday of `date`: 1 = Monday … 7 = Sunday. */
	weekday: IsoWeekday;
}

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** True for 'HH:MM' between 00:00 and 23:59. */
export function isLocalTime(value: unknown): value is LocalTime {
	return typeof value === 'string' && LOCAL_TIME.test(value);
}

/** Minutes since midnight of an 'HH:MM' time; throws RangeError when malformed. */
export function timeToMinutes(time: LocalTime): number {
	const m = LOCAL_TIME.exec(time);
	if (!m) throw new RangeError(`Invalid time (expected HH:MM): ${String(time)}`);
	return Number(m[1]) * 60 + Number(m[2]);
}

/** 'HH:MM' of minutes since midnight (0–1439). */
export function minutesToTime(minutes: number): LocalTime {
	if (!Number.isInteger(minutes) || minutes < 0 || minutes >= 1440) {
		throw new RangeError(`Minutes out of range: ${minutes}`);
	}
	const p2 = (n: number) => String(n).padStart(2, '0');
	return `${p2(Math.floor(minutes / 60))}:${p2(minutes % 60)}`;
}

/*
 * Intl.DateTimeFormat construction is costly; formatters are immutable and depend only on
 * the zone name, so they are memoised (a cache, not request state).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let f = formatters.get(timeZone);
	if (!f) {
		// Throws RangeError for an unknown zone.
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		formatters.set(timeZone, f);
	}
	return f;
}

/** True when `timeZone` is an IANA name this runtime knows. */
export function isTimeZone(timeZone: unknown): timeZone is string {
	if (typeof timeZone !== 'string' || timeZone === '') return false;
	try {
		formatterFor(timeZone);
		return true;
	} catch {
		return false;
	}
}

interface WallClock {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

/** The wall clock of `timeZone` at `ms`, read with Intl (the reference, slow path). */
function intlWallClock(ms: number, timeZone: string): WallClock {
	const parts: Record<string, number> = {};
	for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) {
		if (p.type !== 'literal') parts[p.type] = Number(p.value);
	}
	return {
		year: parts.year ?? NaN,
		month: parts.month ?? NaN,
		day: parts.day ?? NaN,
		hour: parts.hour ?? NaN,
		minute: parts.minute ?? NaN,
		second: parts.second ?? NaN
	};
}

/*
 * Offset cache (docs/performance.md, "Slot computation"). formatToParts costs microseconds
 * and slot generation needs thousands of readings per request, so the exact UTC offset (ms)
 * is memoised per (zone, quarter hour of UTC time). A bucket is cached only when Intl gives
 * the same offset at its first and its last second: the offset is then constant over the
 * bucket (no zone changes its offset twice within 15 minutes). A bucket containing a
 * transition (all current zones change on quarter-hour-aligned instants, so in practice none)
 * is marked and always read with Intl. Limited to 1970–2199; bounded per zone.
 */
const QUARTER_MS = 15 * MINUTE_MS;
const FAST_FROM_MS = 0;
const FAST_TO_MS = 7_258_118_400_000; // 2200-01-01T00:00:00Z
const MAX_BUCKETS_PER_ZONE = 20_000;
const offsetBuckets = new Map<string, Map<number, number | null>>();

function exactOffsetMs(wholeMs: number, timeZone: string): number {
	return wallAsUtc(intlWallClock(wholeMs, timeZone)) - wholeMs;
}

/** The cached exact offset (ms) at `ms`, or undefined when it must be read with Intl. */
function cachedOffsetMs(ms: number, timeZone: string): number | undefined {
	if (!(ms >= FAST_FROM_MS && ms < FAST_TO_MS)) return undefined;
	const bucket = Math.floor(ms / QUARTER_MS);
	let zone = offsetBuckets.get(timeZone);
	if (!zone) {
		formatterFor(timeZone); // throws RangeError for an unknown zone before caching anything
		zone = new Map();
		offsetBuckets.set(timeZone, zone);
	}
	let offset = zone.get(bucket);
	if (offset === undefined) {
		const start = bucket * QUARTER_MS;
		const first = exactOffsetMs(start, timeZone);
		const last = exactOffsetMs(start + QUARTER_MS - 1000, timeZone);
		offset = first === last ? first : null;
		if (zone.size >= MAX_BUCKETS_PER_ZONE) zone.clear();
		zone.set(bucket, offset);
	}
	return offset ?? undefined;
}

/** Empties the offset cache (for tests comparing the fast path with Intl). */
export function clearOffsetCache(): void {
	offsetBuckets.clear();
}

function wallClock(ms: number, timeZone: string): WallClock {
	const offset = cachedOffsetMs(ms, timeZone);
	if (offset === undefined) return intlWallClock(ms, timeZone);
	const d = new Date(ms - (((ms % 1000) + 1000) % 1000) + offset);
	return {
		year: d.getUTCFullYear(),
		month: d.getUTCMonth() + 1,
		day: d.getUTCDate(),
		hour: d.getUTCHours(),
		minute: d.getUTCMinutes(),
		second: d.getUTCSeconds()
	};
}

/** The wall clock read as if it were UTC, in ms. */
function wallAsUtc(w: WallClock): number {
	const d = new Date(0);
	d.setUTCFullYear(w.year, w.month - 1, w.day);
	d.setUTCHours(w.hour, w.minute, w.second, 0);
	return d.getTime();
}

/** UTC offset of `timeZone` at an instant, in minutes (e.g. +120 for CEST, −180 for Cayenne). */
export function offsetMinutes(instant: Date, timeZone: string): number {
	const ms = instant.getTime();
	if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
	const whole = ms - (((ms % 1000) + 1000) % 1000);
	const cached = cachedOffsetMs(whole, timeZone);
	if (cached !== undefined) return Math.round(cached / MINUTE_MS);
	return Math.round((wallAsUtc(intlWallClock(whole, timeZone)) - whole) / MINUTE_MS);
}

/**
 * The instant at which the wall clock of `timeZone` shows `date` `time`.
 * - In a spring-forward gap (Europe/Paris, last Sunday of March 02:00–02:59) the wall time
 *   does not exist: returns null.
 * - In an autumn overlap (last Sunday of October 02:00–02:59) it happens twice: returns the
 *   earlier instant (still summer time).
 * Throws RangeError on a malformed date/time or an unknown zone.
 */
export function zonedDateTimeToInstant(
	date: LocalDate,
	time: LocalTime,
	timeZone: string
): Date | null {
	const { year, month, day } = parseLocalDate(date);
	const minutes = timeToMinutes(time);
	const wanted = wallAsUtc({
		year,
		month,
		day,
		hour: Math.floor(minutes / 60),
		minute: minutes % 60,
		second: 0
	});
	const best = wallMsToInstantMs(wanted, timeZone);
	return best === null ? null : new Date(best);
}

/**
 * The numeric core of `zonedDateTimeToInstant`: `wanted` is the wall clock read as if it were
 * UTC (ms); returns the instant (ms) or null in a gap. Same DST choices. For hot loops.
 */
export function wallMsToInstantMs(wanted: number, timeZone: string): number | null {
	// The instant is within ±14 h of `wanted`; the offsets a day either side are the ones in
	// force before and after any transition near it (zones never change twice within 48 h).
	const before = offsetMinutes(new Date(wanted - 24 * HOUR_MS), timeZone);
	const after = offsetMinutes(new Date(wanted + 24 * HOUR_MS), timeZone);
	let best: number | null = null;
	for (const offset of before === after ? [before] : [before, after]) {
		const instant = wanted - offset * MINUTE_MS;
		if (wallAsUtc(wallClock(instant, timeZone)) === wanted && (best === null || instant < best)) {
			best = instant;
		}
	}
	return best;
}

/** The wall clock of `timeZone` at `ms` (seconds kept, milliseconds dropped), read as if it were UTC. */
export function instantToWallMs(ms: number, timeZone: string): number {
	return wallAsUtc(wallClock(ms, timeZone));
}

/** Date, 'HH:MM' (seconds dropped) and ISO weekday of an instant on the wall clock of `timeZone`. */
export function instantToZoned(instant: Date, timeZone: string): ZonedDateTime {
	const ms = instant.getTime();
	if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
	const w = wallClock(ms, timeZone);
	const date = formatLocalDate(w);
	const js = new Date(wallAsUtc(w)).getUTCDay();
	return {
		date,
		time: minutesToTime(w.hour * 60 + w.minute),
		weekday: (js === 0 ? 7 : js) as IsoWeekday
	};
}

/** The calendar date it is at `now` in `timeZone`. */
export function todayIn(timeZone: string, now: Date): LocalDate {
	return instantToZoned(now, timeZone).date;
}

/** ISO 8601 with the zone's offset, e.g. '2026-03-30T09:00:00+02:00' (for display or APIs). */
export function toOffsetIso(instant: Date, timeZone: string): string {
	const offset = offsetMinutes(instant, timeZone);
	const w = wallClock(instant.getTime() - (((instant.getTime() % 1000) + 1000) % 1000), timeZone);
	const p2 = (n: number) => String(n).padStart(2, '0');
	const sign = offset < 0 ? '-' : '+';
	const abs = Math.abs(offset);
	const zone = `${sign}${p2(Math.floor(abs / 60))}:${p2(abs % 60)}`;
	return `${formatLocalDate(w)}T${p2(w.hour)}:${p2(w.minute)}:${p2(w.second)}${zone}`;
}
