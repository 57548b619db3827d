/**
 * The offset cache of time.ts (per zone and quarter hour of UTC time) and the numeric slot
 * helpers must give exactly what Intl gives. Reference: an uncached implementation written
 * here with its own formatter, compared around every DST transition of 2026–2028 in the zone
 * of each of the 101 départements (every quarter hour of the wall clock and of UTC time, and
 * every minute within an hour of the transition), with the cache cold and warm.
 */
import { describe, expect, it } from 'vitest';
import { departements } from '../departements/data';
import {
	clearOffsetCache,
	instantToWallMs,
	instantToZoned,
	offsetMinutes,
	wallMsToInstantMs,
	zonedDateTimeToInstant
} from './time';

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const refFormatters = new Map<string, Intl.DateTimeFormat>();
/** The wall clock read as UTC ms, straight from Intl (seconds kept, ms dropped). */
function refWall(ms: number, timeZone: string): number {
	let f = refFormatters.get(timeZone);
	if (!f) {
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
		refFormatters.set(timeZone, f);
	}
	const p: Record<string, number> = {};
	for (const part of f.formatToParts(new Date(ms)))
		if (part.type !== 'literal') p[part.type] = Number(part.value);
	const d = new Date(0);
	d.setUTCFullYear(p.year!, p.month! - 1, p.day!);
	d.setUTCHours(p.hour!, p.minute!, p.second!, 0);
	return d.getTime();
}
function refOffsetMinutes(ms: number, timeZone: string): number {
	const whole = ms - (((ms % 1000) + 1000) % 1000);
	return Math.round((refWall(whole, timeZone) - whole) / MINUTE);
}
/** The earliest instant showing `wanted` (wall ms), or null: brute force over the day's offsets. */
function refInstant(wanted: number, timeZone: string): number | null {
	const offsets = new Set([
		refOffsetMinutes(wanted - DAY, timeZone),
		refOffsetMinutes(wanted + DAY, timeZone)
	]);
	const hits = [...offsets]
		.map((o) => wanted - o * MINUTE)
		.filter((i) => refWall(i, timeZone) === wanted);
	return hits.length === 0 ? null : Math.min(...hits);
}

/** Instants (ms) just after each offset change of `timeZone` in [from, to), found by bisection. */
function transitions(timeZone: string, from: number, to: number): number[] {
	const out: number[] = [];
	for (let t = from; t < to; t += DAY) {
		let lo = t;
		let hi = t + DAY;
		if (refOffsetMinutes(lo, timeZone) === refOffsetMinutes(hi, timeZone)) continue;
		while (hi - lo > 1000) {
			const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
			if (refOffsetMinutes(mid, timeZone) === refOffsetMinutes(lo, timeZone)) lo = mid;
			else hi = mid;
		}
		out.push(hi);
	}
	return out;
}

const zones = [...new Set(departements.map((d) => d.timeZone))].sort();
const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2029, 0, 1);

describe('offset cache', () => {
	it('covers the zones of all 101 départements, and Paris changes twice a year', () => {
		expect(departements).toHaveLength(101);
		expect(transitions('Europe/Paris', FROM, TO)).toHaveLength(6);
	});

	it('every DST transition of 2026–2028 in these zones is on a quarter-hour-aligned instant', () => {
		for (const zone of zones) {
			for (const at of transitions(zone, FROM, TO))
				expect({ zone, aligned: at % QUARTER }).toEqual({ zone, aligned: 0 });
		}
	});

	it.each([['cold'], ['warm']])(
		'equals Intl around every transition (%s cache)',
		(state) => {
			if (state === 'cold') clearOffsetCache();
			let compared = 0;
			for (const zone of zones) {
				// Plus a quiet day, so zones without DST (Cayenne, Réunion…) are compared too.
				for (const at of [...transitions(zone, FROM, TO), Date.UTC(2027, 5, 15, 12)]) {
					const points: number[] = [];
					for (let ms = at - (at % QUARTER) - DAY; ms <= at + DAY; ms += QUARTER)
						points.push(ms, ms + 7 * MINUTE + 30_500);
					for (let ms = at - HOUR; ms <= at + HOUR; ms += MINUTE) points.push(ms, ms - 1000);
					for (const ms of points) {
						expect(offsetMinutes(new Date(ms), zone)).toBe(refOffsetMinutes(ms, zone));
						expect(instantToWallMs(ms, zone)).toBe(refWall(ms, zone));
						const z = instantToZoned(new Date(ms), zone);
						const wall = new Date(refWall(ms, zone));
						expect(`${z.date}T${z.time}`).toBe(wall.toISOString().slice(0, 16));
						compared++;
					}
					// Every quarter hour (and every minute within an hour) of the wall clock, local day before to day after.
					const wallAt = refWall(at, zone);
					const day0 = wallAt - (wallAt % DAY) - DAY;
					const walls: number[] = [];
					for (let w = day0; w < day0 + 3 * DAY; w += QUARTER) walls.push(w);
					for (let w = wallAt - (wallAt % MINUTE) - HOUR; w <= wallAt + HOUR; w += MINUTE)
						walls.push(w);
					for (const w of walls) {
						const expected = refInstant(w, zone);
						expect(wallMsToInstantMs(w, zone)).toBe(expected);
						const iso = new Date(w).toISOString();
						expect(
							zonedDateTimeToInstant(iso.slice(0, 10), iso.slice(11, 16), zone)?.getTime() ?? null
						).toBe(expected);
					}
				}
			}
			expect(compared).toBeGreaterThan(1000);
		},
		60_000
	);
});

describe('generateSlots numeric loop', () => {
	it('gives what the string path (zonedDateTimeToInstant + instantToZoned) gives, across DST weeks in every zone', async () => {
		const { generateSlots } = await import('./slots');
		const { addDays, isHoliday, isoWeekday } = await import('./holidays');
		const { minutesToTime, timeToMinutes } = await import('./time');
		let checked = 0;
		// One département per zone (the DST behaviour depends on the zone only).
		const perZone = [...new Map(departements.map((d) => [d.timeZone, d])).values()];
		for (const d of perZone) {
			for (const nowIso of [
				'2026-03-24T06:00:00Z',
				'2027-10-25T06:00:00Z',
				'2028-03-20T06:00:00Z'
			]) {
				const now = new Date(nowIso);
				const rules = {
					timeZone: d.timeZone,
					departementCode: d.code,
					slotMinutes: 45,
					minNoticeDays: 0,
					windowDays: 14,
					weekly: [1, 2, 3, 4, 5, 7].map((weekday) => ({
						weekday: weekday as 1,
						start: '00:15',
						end: '23:59'
					}))
				};
				const got = generateSlots(rules, now).map(
					(s) => `${s.date} ${s.time} ${s.start.toISOString()} ${s.end.toISOString()}`
				);
				// The pre-cache algorithm, on the public string API.
				const expected: string[] = [];
				const first = instantToZoned(now, d.timeZone).date;
				for (let date = first; date <= addDays(first, 14); date = addDays(date, 1)) {
					if (isoWeekday(date) > 5 || isHoliday(date, d.code)) continue;
					for (let t = 15; t + 45 <= timeToMinutes('23:59'); t += 45) {
						const start = zonedDateTimeToInstant(date, minutesToTime(t), d.timeZone);
						if (!start) continue;
						const end = new Date(start.getTime() + 45 * MINUTE);
						const endWall = instantToZoned(end, d.timeZone);
						if (endWall.date !== date || timeToMinutes(endWall.time) !== t + 45) continue;
						if (start.getTime() <= now.getTime()) continue;
						expected.push(
							`${date} ${minutesToTime(t)} ${start.toISOString()} ${end.toISOString()}`
						);
					}
				}
				expect(got).toEqual(expected);
				checked += got.length;
			}
		}
		expect(checked).toBeGreaterThan(1_000);
	}, 60_000);
});
