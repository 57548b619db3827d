/**
 * Statistics of the départements a staff member works (docs/statistics.md, ADR 015). The scope is always in the
 * SQL; a département filter may only narrow it (a département outside the scope is a 404 for
 * the caller, like any demande of another département). Only non-personal columns are read:
 * the figures survive the retention job's anonymisation. Definitions: docs/statistics.md.
 */
import { and, eq, gte, inArray, lt, type SQL } from 'drizzle-orm';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { audit, type StaffContext } from '$lib/server/auth/guard';
import type { Executor } from '$lib/server/db/index';
import { dialect } from '$lib/server/db/dialect';
import { demandeEvents, demandes, rendezVous, sharedLevel } from '$lib/server/db/schema';
import {
	computeStats,
	DAY_MS,
	levelKeys,
	monthIn,
	monthRange,
	outcomeKeys,
	reminderKeys,
	sourceKeys,
	type Figures,
	type StatsDemandeRow,
	type StatsEventRow,
	type StatsRendezVousRow,
	type StatsResult
} from '$lib/stats/compute';
import { toCsv } from '$lib/stats/csv';
import {
	priorityReasons,
	type Attendance,
	type DemandeKind,
	type DemandeStatus,
	type PriorityReason,
	type ReminderChannel,
	type RendezVousStatus
} from '$lib/vocabulary';

/** The earliest month anyone may ask for, and the longest period (in months). */
export const MIN_MONTH = '2020-01';
export const MAX_PERIOD_MONTHS = 36;
export const DEFAULT_PERIOD_MONTHS = 12;
/** Months are cut in the département's time zone; "now" is read in metropolitan time. */
const REFERENCE_ZONE = 'Europe/Paris';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const month = z.string().regex(MONTH).optional().catch(undefined);

/** The query string of the statistics page and of the CSV export. Nothing here can throw. */
export const statsQuerySchema = z.object({
	departement: z.string().max(3).optional().catch(undefined),
	year: z.coerce.number().int().min(2020).max(9999).optional().catch(undefined),
	from: month,
	to: month
});
export const statsQueryNames = ['departement', 'year', 'from', 'to'] as const;

export interface StatsFilters {
	/** One département of the scope, or null for all of them. */
	departement: string | null;
	year: number | null;
	/** True when the period came from from/to months (not a year, not the default). */
	custom: boolean;
	from: string;
	to: string;
	/** True when the asked period was invalid, out of bounds or too long and was corrected. */
	adjusted: boolean;
}

export type StatsQuery = { ok: true; filters: StatsFilters } | { ok: false };

/** `YYYY-MM` plus `n` months (n may be negative). */
export function addMonths(value: string, n: number): string {
	const [year, month] = value.split('-').map(Number) as [number, number];
	const index = year * 12 + (month - 1) + n;
	return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const clampMonth = (value: string, max: string) =>
	value < MIN_MONTH ? MIN_MONTH : value > max ? max : value;

/**
 * The filters of a query string for a staff member working `scope`. A département outside the
 * scope (or not a département at all) is `{ ok: false }`: the caller answers 404. A bad period is
 * corrected (and said so): the last 12 months by default; a year; or from/to months, within
 * MIN_MONTH … this month and at most MAX_PERIOD_MONTHS long. from/to win over a year.
 */
export function parseStatsQuery(
	params: URLSearchParams,
	scope: readonly string[],
	now: Date
): StatsQuery {
	const raw = Object.fromEntries(
		statsQueryNames.map((name) => {
			const value = params.get(name);
			return [name, value === null || value.trim() === '' ? undefined : value.trim().slice(0, 20)];
		})
	);
	const query = statsQuerySchema.parse(raw);
	if (
		raw.departement !== undefined &&
		(query.departement === undefined || !scope.includes(query.departement))
	)
		return { ok: false };
	const current = monthIn(now, REFERENCE_ZONE);
	let adjusted = statsQueryNames.some(
		(name) => name !== 'departement' && raw[name] !== undefined && query[name] === undefined
	);
	let from: string;
	let to: string;
	let year: number | null = null;
	if (query.from !== undefined || query.to !== undefined) {
		from = query.from ?? addMonths(query.to!, -(DEFAULT_PERIOD_MONTHS - 1));
		to = query.to ?? addMonths(query.from!, DEFAULT_PERIOD_MONTHS - 1);
		if (query.from === undefined || query.to === undefined) {
			// Only one bound: a 12-month period from (or up to) it, cut at this month.
			if (to > current) to = current;
		}
		if (from > to) {
			[from, to] = [to, from];
			adjusted = true;
		}
	} else if (
		query.year !== undefined &&
		`${query.year}-12` >= MIN_MONTH &&
		`${query.year}-01` <= current
	) {
		year = query.year;
		from = `${year}-01`;
		to = `${year}-12` > current ? current : `${year}-12`;
	} else {
		if (query.year !== undefined) adjusted = true;
		to = current;
		from = addMonths(current, -(DEFAULT_PERIOD_MONTHS - 1));
	}
	const clampedFrom = clampMonth(from, current);
	const clampedTo = clampMonth(to, current);
	if (clampedFrom !== from || (clampedTo !== to && year === null)) adjusted = true;
	from = clampedFrom;
	to = clampedTo;
	if (monthRange(from, to).length > MAX_PERIOD_MONTHS) {
		from = addMonths(to, -(MAX_PERIOD_MONTHS - 1));
		adjusted = true;
	}
	return {
		ok: true,
		filters: {
			departement: query.departement ?? null,
			year,
			custom: query.from !== undefined || query.to !== undefined,
			from,
			to,
			adjusted
		}
	};
}

/** The query string of some filters (for the CSV link and the audit trail). */
export function statsQueryString(filters: StatsFilters): string {
	const params = new URLSearchParams();
	if (filters.departement) params.set('departement', filters.departement);
	params.set('from', filters.from);
	params.set('to', filters.to);
	return params.toString();
}

/**
 * A select's rows as arrays of values, in the select's order: SQLite's raw `values()` (ADR 040);
 * PostgreSQL has no raw-array read in drizzle, so its mapped rows are listed (ADR 050).
 */
async function valuesOf<T>(query: { values(): Promise<unknown[]> }): Promise<T[]> {
	if (dialect === 'postgres')
		return ((await (query as unknown as PromiseLike<object[]>)) ?? []).map(
			(row) => Object.values(row) as T
		);
	return (await query.values()) as T[];
}

/**
 * The values of the statistics' selects below, in their order: timestamps in ms and booleans
 * 0/1 on SQLite, Dates and booleans on PostgreSQL (read through `new Date` and `Boolean`).
 */
type DemandeValues = [
	number,
	DemandeKind,
	DemandeStatus,
	string,
	string,
	0 | 1 | boolean,
	string | null,
	number | Date,
	number | Date,
	string | null,
	PriorityReason | null
];
type RendezVousValues = [
	number,
	number | Date,
	RendezVousStatus,
	Attendance | null,
	ReminderChannel | null
];
type EventValues = [number, number | Date, string | null];

/** The first instant of a `YYYY-MM` in UTC. */
const monthStartUtc = (value: string) => {
	const [year, month] = value.split('-').map(Number) as [number, number];
	return Date.UTC(year, month - 1, 1);
};

/**
 * The statistics of the demandes created during the period in the départements `codes`
 * (already checked against the staff member's scope by the caller; checked again here).
 */
export async function loadStats(
	db: Executor,
	scope: readonly string[],
	filters: Pick<StatsFilters, 'departement' | 'from' | 'to'>,
	now: Date
): Promise<StatsResult> {
	const codes =
		filters.departement === null
			? [...scope]
			: scope.includes(filters.departement)
				? [filters.departement]
				: [];
	if (codes.length === 0)
		return computeStats(
			{ demandes: [], rendezVous: [], events: [], from: filters.from, to: filters.to },
			now
		);
	// A day of margin on each side covers every time zone; computeStats keeps each demande's own month.
	const start = new Date(monthStartUtc(filters.from) - DAY_MS);
	const end = new Date(monthStartUtc(addMonths(filters.to, 1)) + DAY_MS);
	const where: SQL = and(
		inArray(demandes.departementCode, codes),
		gte(demandes.createdAt, start),
		lt(demandes.createdAt, end)
	)!;
	// Read as arrays (`values()`) and turned into rows here: at scale the page reads ~10 000
	// rows, and drizzle's generic row mapping cost as much as SQLite's reading (ADR 040, addendum).
	const rows = (
		await valuesOf<DemandeValues>(
			db
				.select({
					id: demandes.id,
					kind: demandes.kind,
					status: demandes.status,
					departementCode: demandes.departementCode,
					source: demandes.source,
					sansCreneau: demandes.sansCreneau,
					// The level only when the person shared their questionnaire (as in the inbox), read
					// from the index `demandes_inbox`.
					level: sharedLevel(demandes),
					createdAt: demandes.createdAt,
					dueAt: demandes.dueAt,
					outcome: demandes.outcome,
					priority: demandes.priority
				})
				.from(demandes)
				.where(where)
		)
	).map(
		([
			id,
			kind,
			status,
			departementCode,
			source,
			sansCreneau,
			level,
			createdAt,
			dueAt,
			outcome,
			priority
		]) => ({
			id,
			kind,
			status,
			departementCode,
			source,
			sansCreneau: Boolean(sansCreneau),
			level,
			createdAt: new Date(createdAt),
			dueAt: new Date(dueAt),
			outcome,
			priority
		})
	) satisfies StatsDemandeRow[];
	const rdvs = (
		await valuesOf<RendezVousValues>(
			db
				.select({
					demandeId: rendezVous.demandeId,
					startsAt: rendezVous.startsAt,
					status: rendezVous.status,
					attendance: rendezVous.attendance,
					reminderChannel: rendezVous.reminderChannel
				})
				.from(rendezVous)
				.innerJoin(demandes, eq(demandes.id, rendezVous.demandeId))
				.where(where)
		)
	).map(([demandeId, startsAt, status, attendance, reminderChannel]) => ({
		demandeId,
		startsAt: new Date(startsAt),
		status,
		attendance,
		reminderChannel
	})) satisfies StatsRendezVousRow[];
	const events = (
		await valuesOf<EventValues>(
			db
				.select({
					demandeId: demandeEvents.demandeId,
					at: demandeEvents.at,
					to: demandeEvents.to
				})
				.from(demandeEvents)
				.innerJoin(demandes, eq(demandes.id, demandeEvents.demandeId))
				.where(and(where, eq(demandeEvents.type, 'tentative_contact')))
		)
	).map(([demandeId, at, to]) => ({
		demandeId,
		type: 'tentative_contact',
		at: new Date(at),
		to
	})) satisfies StatsEventRow[];
	return computeStats(
		{ demandes: rows, rendezVous: rdvs, events, from: filters.from, to: filters.to },
		now
	);
}

/** A share as a percentage with one decimal (a number, for the CSV), or null. */
const percent = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 10);
const oneDecimal = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

/** The CSV columns: a label (in the reader's language) and how to read it from the figures. */
function columns(t: TFunction): { label: string; value: (f: Figures) => number | null }[] {
	return [
		{ label: t('stats:csv.demandes'), value: (f) => f.demandes },
		{ label: t('stats:csv.rendezVousDemandes'), value: (f) => f.rendezVousDemandes },
		{ label: t('stats:csv.rappels'), value: (f) => f.rappels },
		{ label: t('stats:csv.rappelsSansCreneau'), value: (f) => f.rappelsSansCreneau },
		{ label: t('stats:csv.contactAttempts'), value: (f) => f.contactAttempts },
		...sourceKeys.map((key) => ({
			label: t('stats:csv.source', { source: t(`stats:values.source.${key}`) }),
			value: (f: Figures) => f.bySource[key]
		})),
		...levelKeys.map((key) => ({
			label: t('stats:csv.level', { level: t(`stats:values.level.${key}`) }),
			value: (f: Figures) => f.byLevel[key]
		})),
		{ label: t('stats:csv.withRendezVous'), value: (f) => f.withRendezVous },
		{ label: t('stats:csv.pastRendezVous'), value: (f) => f.pastRendezVous },
		{ label: t('stats:csv.heldWithinTarget'), value: (f) => f.heldWithinTarget },
		{ label: t('stats:csv.shareWithinTarget'), value: (f) => percent(f.shareWithinTarget) },
		{ label: t('stats:csv.medianDelayDays'), value: (f) => oneDecimal(f.medianDelayDays) },
		{ label: t('stats:csv.honore'), value: (f) => f.honore },
		{ label: t('stats:csv.absent'), value: (f) => f.absent },
		{ label: t('stats:csv.noShowRate'), value: (f) => percent(f.noShowRate) },
		...reminderKeys.flatMap((key) => {
			const channel = t(`stats:noShowByReminder.channel.${key}`);
			return [
				{
					label: t('stats:csv.honoreByReminder', { channel }),
					value: (f: Figures) => f.byReminder[key].honore
				},
				{
					label: t('stats:csv.absentByReminder', { channel }),
					value: (f: Figures) => f.byReminder[key].absent
				},
				{
					label: t('stats:csv.noShowRateByReminder', { channel }),
					value: (f: Figures) => percent(f.byReminder[key].noShowRate)
				}
			];
		}),
		{ label: t('stats:csv.prioritaires'), value: (f) => f.prioritaires },
		...priorityReasons.map((key) => ({
			label: t('stats:csv.priority', { reason: t(`stats:values.priority.${key}`) }),
			value: (f: Figures) => f.byPriority[key]
		})),
		{ label: t('stats:csv.prioritairesDue'), value: (f) => f.prioritairesDue },
		{ label: t('stats:csv.prioritairesWithinTarget'), value: (f) => f.prioritairesWithinTarget },
		{
			label: t('stats:csv.sharePrioritairesWithinTarget'),
			value: (f) => percent(f.sharePrioritairesWithinTarget)
		},
		{ label: t('stats:csv.closed'), value: (f) => f.closed },
		...outcomeKeys.map((key) => ({
			label: t('stats:csv.outcome', { outcome: t(`stats:values.outcome.${key}`) }),
			value: (f: Figures) => f.byOutcome[key]
		})),
		{ label: t('stats:csv.outcomeMissing'), value: (f) => f.outcomeMissing }
	];
}

/**
 * The statistics as CSV: one line per month, then a total line. Counts only: no reference, no
 * name, nothing about a person. Decimal comma in French, point in English.
 */
export function statsCsv(stats: StatsResult, t: TFunction, locale: string): string {
	const cols = columns(t);
	const header = [t('stats:csv.month'), ...cols.map((c) => c.label)];
	const rows = [
		...stats.months.map((m) => [m.month, ...cols.map((c) => c.value(m))]),
		[t('stats:csv.total'), ...cols.map((c) => c.value(stats.total))]
	];
	return toCsv(header, rows, locale === 'fr' ? ',' : '.');
}

/**
 * What a staff member reads, on the page (`stats_view`) or as CSV (`stats_export`): the filters
 * of the query, the statistics of their scope, and the audit line that records the reading.
 * `null` when the query names a département outside the scope (the caller answers 404).
 */
export async function readStats(
	db: Executor,
	ctx: Pick<StaffContext, 'user' | 'departements'>,
	params: URLSearchParams,
	action: 'stats_view' | 'stats_export',
	now: Date
): Promise<{ filters: StatsFilters; stats: StatsResult } | null> {
	const parsed = parseStatsQuery(params, ctx.departements, now);
	if (!parsed.ok) return null;
	const { filters } = parsed;
	const stats = await loadStats(db, ctx.departements, filters, now);
	await audit(
		db,
		{
			userId: ctx.user.id,
			action,
			departementCode: filters.departement ?? undefined,
			details: {
				from: filters.from,
				to: filters.to,
				departements: filters.departement ? 1 : ctx.departements.length
			}
		},
		now
	);
	return { filters, stats };
}
