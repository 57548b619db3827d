/**
 * Statistics of the service social (docs/statistics.md, ADR 015), computed from plain rows: no framework, no
 * database, no personal data. Every definition is written in docs/statistics.md; keep both in step.
 *
 * Only fields that survive the retention job's anonymisation are read (kind, status, département,
 * source, dates, outcome, result level, rendez-vous and event rows), so the figures of a past year
 * do not change when its demandes are anonymised.
 */
import { departementByCode } from '$lib/departements/data';
import { sources } from '$lib/questionnaire/definition';
import { levels } from '$lib/scoring/types';
import {
	demandeOutcomes,
	priorityReasons,
	reminderChannels,
	type Attendance,
	type PriorityReason,
	type DemandeKind,
	type DemandeOutcome,
	type DemandeStatus,
	type ReminderChannel,
	type RendezVousStatus
} from '$lib/vocabulary';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Outcomes as counted: the vocabulary's list, in its order. */
export const outcomeKeys = demandeOutcomes;
export type OutcomeKey = DemandeOutcome;

/** Sources and levels as counted: anything unknown is "autre", a level not shared is "non_communique". */
export const sourceKeys = [...sources, 'autre'] as const;
export type SourceKey = (typeof sourceKeys)[number];
export const levelKeys = [...levels, 'non_communique'] as const;
export type LevelKey = (typeof levelKeys)[number];

export interface StatsDemandeRow {
	id: number;
	kind: DemandeKind;
	status: DemandeStatus;
	departementCode: string;
	source: string;
	sansCreneau: boolean;
	/** The result level, when the person shared their questionnaire. */
	level: string | null;
	createdAt: Date;
	/** The booking service's due date: createdAt + 14 days, 2 working days when prioritaire (ADR 039). */
	dueAt: Date;
	outcome: string | null;
	/** Why the demande is prioritaire, or null (ADR 035, ADR 039). */
	priority: PriorityReason | null;
}

export interface StatsRendezVousRow {
	demandeId: number;
	startsAt: Date;
	status: RendezVousStatus;
	attendance: Attendance | null;
	/** Channels its day-before reminder went through (null: none). */
	reminderChannel?: ReminderChannel | null;
}

/** Reminder channels as counted: `aucun` when no reminder was queued (ADR 041). */
export const reminderKeys = [...reminderChannels, 'aucun'] as const;
export type ReminderKey = (typeof reminderKeys)[number];

/** Attendance recorded for the rendez-vous reminded through one channel, and its no-show rate. */
export interface AttendanceFigures {
	honore: number;
	absent: number;
	noShowRate: number | null;
}

export interface StatsEventRow {
	demandeId: number;
	type: string;
	/** When it was recorded, and for a contact attempt its result (`joint`: the person was reached). */
	at: Date;
	to: string | null;
}

export interface Figures {
	demandes: number;
	rendezVousDemandes: number;
	rappels: number;
	rappelsSansCreneau: number;
	/** `tentative_contact` events on the demandes counted. */
	contactAttempts: number;
	bySource: Record<SourceKey, number>;
	byLevel: Record<LevelKey, number>;
	/** Rendez-vous demandes with at least one rendez-vous row (cancelled ones included). */
	withRendezVous: number;
	/**
	 * Of those, the ones whose rendez-vous date has passed (the retained one, else the last
	 * cancelled one) or whose attendance is recorded: an upcoming rendez-vous is not yet known
	 * to be held, so it is not counted against the target.
	 */
	pastRendezVous: number;
	/** Of those, held (honoured, or past and not recorded absent) with a start ≤ due date. */
	heldWithinTarget: number;
	/** heldWithinTarget / pastRendezVous, null when there is none. */
	shareWithinTarget: number | null;
	/** Prioritaire demandes (ADR 039), and by reason. */
	prioritaires: number;
	byPriority: Record<PriorityReason, number>;
	/**
	 * Prioritaire demandes already due (due date passed) or reached within their delay: the
	 * ones the shorter delay can be judged on.
	 */
	prioritairesDue: number;
	/**
	 * Of those, the person reached by the due date: a contact attempt with result `joint`, or
	 * a rendez-vous held, at or before the due date.
	 */
	prioritairesWithinTarget: number;
	/** prioritairesWithinTarget / prioritairesDue, null when there is none. */
	sharePrioritairesWithinTarget: number | null;
	/** Demandes with a kept (confirmed) rendez-vous: the delays the median is taken over. */
	delays: number;
	/** Median of (start of the first confirmed rendez-vous − creation), in days; null when none. */
	medianDelayDays: number | null;
	honore: number;
	absent: number;
	/** absent / (honore + absent), null when no attendance was recorded. */
	noShowRate: number | null;
	/** The same by reminder channel (e-mail, SMS, both, none): do SMS reminders help? */
	byReminder: Record<ReminderKey, AttendanceFigures>;
	/** Demandes with status `cloturee`. */
	closed: number;
	byOutcome: Record<OutcomeKey, number>;
	/** Closed demandes without a recorded outcome. */
	outcomeMissing: number;
}

export interface MonthFigures extends Figures {
	/** `YYYY-MM`. */
	month: string;
}

export interface StatsResult {
	months: MonthFigures[];
	total: Figures;
}

const zeroes = <K extends string>(keys: readonly K[]): Record<K, number> =>
	Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

const monthFormats = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM` of an instant in a time zone. */
export function monthIn(date: Date, timeZone: string): string {
	let format = monthFormats.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', timeZone });
		monthFormats.set(timeZone, format);
	}
	const parts = format.formatToParts(date);
	const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
	return `${part('year')}-${part('month')}`;
}

/**
 * The month a demande counts in: its creation month in its département's time zone. Every time
 * zone's offset lies within ±14 h of UTC, so away from the first and the last UTC day of a month
 * the local month is the UTC month: only those two days (a fifteenth of the rows) ask `Intl`,
 * which costs a few µs a call and thousands of rows are counted at scale.
 */
export function demandeMonth(row: Pick<StatsDemandeRow, 'createdAt' | 'departementCode'>): string {
	const at = row.createdAt;
	const year = at.getUTCFullYear();
	const month = at.getUTCMonth();
	const day = at.getUTCDate();
	if (day > 1 && day < new Date(Date.UTC(year, month + 1, 0)).getUTCDate())
		return `${year}-${String(month + 1).padStart(2, '0')}`;
	return monthIn(at, departementByCode(row.departementCode)?.timeZone ?? 'Europe/Paris');
}

/** Every `YYYY-MM` from `from` to `to` included (empty if `to` is before `from`). */
export function monthRange(from: string, to: string): string[] {
	const months: string[] = [];
	let [year, month] = from.split('-').map(Number) as [number, number];
	const [toYear, toMonth] = to.split('-').map(Number) as [number, number];
	while (year < toYear || (year === toYear && month <= toMonth)) {
		months.push(`${year}-${String(month).padStart(2, '0')}`);
		month += 1;
		if (month > 12) {
			month = 1;
			year += 1;
		}
	}
	return months;
}

/** The median of a list of numbers; null for an empty list (never NaN). */
export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A ratio, or null when the denominator is zero (shown as "—", never NaN). */
export function ratio(numerator: number, denominator: number): number | null {
	return denominator === 0 ? null : numerator / denominator;
}

/** Held: honoured, or confirmed, past and no attendance recorded (staff do not always record it). */
function isHeld(rdv: StatsRendezVousRow, now: Date): boolean {
	return (
		rdv.status === 'confirme' &&
		(rdv.attendance === 'honore' ||
			(rdv.attendance === null && rdv.startsAt.getTime() <= now.getTime()))
	);
}

function figuresOf(
	rows: readonly StatsDemandeRow[],
	rdvByDemande: ReadonlyMap<number, StatsRendezVousRow[]>,
	eventsByDemande: ReadonlyMap<number, StatsEventRow[]>,
	now: Date
): Figures {
	const f = {
		demandes: rows.length,
		rendezVousDemandes: 0,
		rappels: 0,
		rappelsSansCreneau: 0,
		contactAttempts: 0,
		bySource: zeroes(sourceKeys),
		byLevel: zeroes(levelKeys),
		withRendezVous: 0,
		pastRendezVous: 0,
		heldWithinTarget: 0,
		prioritaires: 0,
		byPriority: zeroes(priorityReasons),
		prioritairesDue: 0,
		prioritairesWithinTarget: 0,
		honore: 0,
		absent: 0,
		byReminder: Object.fromEntries(
			reminderKeys.map((key) => [key, { honore: 0, absent: 0, noShowRate: null }])
		) as Record<ReminderKey, AttendanceFigures>,
		closed: 0,
		byOutcome: zeroes(outcomeKeys),
		outcomeMissing: 0
	};
	const delays: number[] = [];
	for (const row of rows) {
		f.bySource[
			(sourceKeys as readonly string[]).includes(row.source) ? (row.source as SourceKey) : 'autre'
		] += 1;
		f.byLevel[
			(levels as readonly string[]).includes(row.level ?? '')
				? (row.level as LevelKey)
				: 'non_communique'
		] += 1;
		const attempts = (eventsByDemande.get(row.id) ?? []).filter(
			(e) => e.type === 'tentative_contact'
		);
		f.contactAttempts += attempts.length;
		const rdvs = row.kind === 'rendez_vous' ? (rdvByDemande.get(row.id) ?? []) : [];
		if (row.priority !== null) {
			f.prioritaires += 1;
			f.byPriority[row.priority] += 1;
			const due = row.dueAt.getTime();
			const reached =
				attempts.some((e) => e.to === 'joint' && e.at.getTime() <= due) ||
				rdvs.some((r) => isHeld(r, now) && r.startsAt.getTime() <= due);
			if (reached) f.prioritairesWithinTarget += 1;
			if (reached || due <= now.getTime()) f.prioritairesDue += 1;
		}
		if (row.status === 'cloturee') {
			f.closed += 1;
			if ((outcomeKeys as readonly string[]).includes(row.outcome ?? ''))
				f.byOutcome[row.outcome as OutcomeKey] += 1;
			else f.outcomeMissing += 1;
		}
		if (row.kind === 'rappel') {
			f.rappels += 1;
			if (row.sansCreneau) f.rappelsSansCreneau += 1;
			continue;
		}
		f.rendezVousDemandes += 1;
		for (const rdv of rdvs) {
			if (rdv.attendance === null) continue;
			f[rdv.attendance] += 1;
			f.byReminder[rdv.reminderChannel ?? 'aucun'][rdv.attendance] += 1;
		}
		if (rdvs.length === 0) continue;
		f.withRendezVous += 1;
		// The kept rendez-vous: the earliest confirmed one (a move cancels the old row).
		const kept = rdvs
			.filter((rdv) => rdv.status === 'confirme')
			.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
		// Judged once its date has passed (or its attendance is recorded): the retained
		// rendez-vous, else the last one (all cancelled).
		const judged = kept ?? rdvs.reduce((a, b) => (b.startsAt > a.startsAt ? b : a));
		if (judged.attendance !== null || judged.startsAt.getTime() <= now.getTime())
			f.pastRendezVous += 1;
		if (!kept) continue;
		delays.push((kept.startsAt.getTime() - row.createdAt.getTime()) / DAY_MS);
		if (isHeld(kept, now) && kept.startsAt.getTime() <= row.dueAt.getTime())
			f.heldWithinTarget += 1;
	}
	return {
		...f,
		shareWithinTarget: ratio(f.heldWithinTarget, f.pastRendezVous),
		sharePrioritairesWithinTarget: ratio(f.prioritairesWithinTarget, f.prioritairesDue),
		delays: delays.length,
		medianDelayDays: median(delays),
		noShowRate: ratio(f.absent, f.honore + f.absent),
		byReminder: Object.fromEntries(
			reminderKeys.map((key) => {
				const { honore, absent } = f.byReminder[key];
				return [key, { honore, absent, noShowRate: ratio(absent, honore + absent) }];
			})
		) as Record<ReminderKey, AttendanceFigures>
	};
}

/**
 * The statistics of the demandes created from month `from` to month `to` (included, `YYYY-MM`,
 * in each département's time zone). Rows outside the period are ignored, so the caller may
 * over-fetch by a day on each side. Every month of the period is present, even with no demande.
 */
export function computeStats(
	input: {
		demandes: readonly StatsDemandeRow[];
		rendezVous: readonly StatsRendezVousRow[];
		events: readonly StatsEventRow[];
		from: string;
		to: string;
	},
	now: Date
): StatsResult {
	const months = monthRange(input.from, input.to);
	const inPeriod = new Map<string, StatsDemandeRow[]>(months.map((month) => [month, []]));
	for (const row of input.demandes) inPeriod.get(demandeMonth(row))?.push(row);
	const rdvByDemande = new Map<number, StatsRendezVousRow[]>();
	for (const rdv of input.rendezVous) {
		const list = rdvByDemande.get(rdv.demandeId);
		if (list) list.push(rdv);
		else rdvByDemande.set(rdv.demandeId, [rdv]);
	}
	const eventsByDemande = new Map<number, StatsEventRow[]>();
	for (const event of input.events) {
		const list = eventsByDemande.get(event.demandeId);
		if (list) list.push(event);
		else eventsByDemande.set(event.demandeId, [event]);
	}
	return {
		months: months.map((month) => ({
			month,
			...figuresOf(inPeriod.get(month)!, rdvByDemande, eventsByDemande, now)
		})),
		total: figuresOf([...inPeriod.values()].flat(), rdvByDemande, eventsByDemande, now)
	};
}

const numberFormatOptions = {
	count: {},
	percent: { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: 1 },
	days: { maximumFractionDigits: 1 }
} satisfies Record<string, Intl.NumberFormatOptions>;
const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * A kept number format of the statistics (a page shows hundreds of figures: building an
 * `Intl.NumberFormat` costs ~0.1 ms, formatting with a kept one ~1 µs).
 */
export function statsNumberFormat(
	locale: string,
	kind: keyof typeof numberFormatOptions
): Intl.NumberFormat {
	const key = `${locale} ${kind}`;
	let format = numberFormats.get(key);
	if (!format) {
		format = new Intl.NumberFormat(locale, numberFormatOptions[kind]);
		numberFormats.set(key, format);
	}
	return format;
}

/** A share as a percentage with one decimal in the reader's locale, or "—". */
export function formatPercent(value: number | null, locale: string): string {
	if (value === null || !Number.isFinite(value)) return '—';
	return statsNumberFormat(locale, 'percent').format(value);
}

/** A number of days with at most one decimal, or "—". */
export function formatDays(value: number | null, locale: string): string {
	if (value === null || !Number.isFinite(value)) return '—';
	return statsNumberFormat(locale, 'days').format(value);
}
