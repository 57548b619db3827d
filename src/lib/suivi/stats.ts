/**
 * The follow-up's statistics (ADR 045), pure: the cohort table "Situations 6 mois après" and
 * the scoring calibration table, from counts. The counts come from live follow-ups and from
 * the aggregates kept when demandes are anonymised, in the same shape, so a figure never
 * changes when retention runs.
 */
import { ratio } from '../stats/compute';
import { situationCategories, subCategoryOf, type SituationCategory } from './situation';

/** A follow-up was sent (or recorded by phone) / answered: the response rate's two counts. */
export const CONTACTED = '_contacte';
export const ANSWERED = '_repondu';
export type CountCategory = SituationCategory | typeof CONTACTED | typeof ANSWERED;

/** The cohort's dimensions: month of closure, outcome at closure, département, source. */
export const cohortDimensions = ['month', 'outcome', 'departement', 'source'] as const;
export type CohortDimension = (typeof cohortDimensions)[number];

/** How many people of one group count in one category. */
export interface CohortCount {
	/** `SUIVI_VERSION` of the questions: counts of two versions are never added up. */
	suiviVersion: string;
	month: string;
	outcome: string;
	departement: string;
	source: string;
	questionnaireVersion: string;
	level: string;
	category: CountCategory;
	count: number;
}

export interface CategoryShare {
	count: number;
	/** Of the people who answered; a sub-category's is of its category's count. */
	share: number | null;
}

export interface CohortRow {
	key: string;
	contacted: number;
	answered: number;
	responseRate: number | null;
	categories: Record<SituationCategory, CategoryShare>;
}

function cohortRow(key: string, counts: readonly CohortCount[]): CohortRow {
	const sum = (category: CountCategory) =>
		counts.reduce((total, c) => (c.category === category ? total + c.count : total), 0);
	const contacted = sum(CONTACTED);
	const answered = sum(ANSWERED);
	const raw = Object.fromEntries(situationCategories.map((c) => [c, sum(c)])) as Record<
		SituationCategory,
		number
	>;
	const categories = Object.fromEntries(
		situationCategories.map((category) => {
			const parent = subCategoryOf[category];
			const denominator = parent ? raw[parent] : answered;
			return [category, { count: raw[category], share: ratio(raw[category], denominator) }];
		})
	) as Record<SituationCategory, CategoryShare>;
	return { key, contacted, answered, responseRate: ratio(answered, contacted), categories };
}

/**
 * Counts split by the version of the follow-up's questions (`SUIVI_VERSION`): the categories of
 * two versions may differ, so their counts are never added up. The current version first, then
 * the others from the newest (versions are named by date: `suivi-2026-1`); none without counts.
 */
export function byVersion<T extends { suiviVersion: string }>(
	counts: readonly T[],
	current: string
): { version: string; counts: T[] }[] {
	const groups = new Map<string, T[]>();
	for (const count of counts)
		groups.set(count.suiviVersion, [...(groups.get(count.suiviVersion) ?? []), count]);
	const rank = (version: string) => (version === current ? 0 : 1);
	return [...groups.keys()]
		.sort((a, b) => rank(a) - rank(b) || b.localeCompare(a))
		.map((version) => ({ version, counts: groups.get(version) ?? [] }));
}

/**
 * The cohort table by one dimension: a row per value (sorted), and the total. The shares
 * overlap (a person counts in every category that fits) and never add up to 100 %.
 */
export function cohortTable(
	counts: readonly CohortCount[],
	dimension: CohortDimension
): { rows: CohortRow[]; total: CohortRow } {
	const groups = new Map<string, CohortCount[]>();
	for (const count of counts) {
		const key = count[dimension];
		groups.set(key, [...(groups.get(key) ?? []), count]);
	}
	const rows = [...groups.keys()].sort().map((key) => cohortRow(key, groups.get(key) ?? []));
	return { rows, total: cohortRow('total', counts) };
}

// ------------------------------------------------------------------ calibration

/** Under this many people, a calibration count is not shown (k-anonymity). */
export const K_ANONYMITY = 5;

/** The situations the calibration sets against the score: the report's main categories. */
export const calibrationCategories = [
	'plus_en_arret',
	'en_emploi',
	'formation',
	'en_arret_avec_projet',
	'en_arret_sans_projet',
	'demandeur_emploi',
	'invalidite'
] as const satisfies readonly SituationCategory[];
export type CalibrationCategory = (typeof calibrationCategories)[number];

/** People of one questionnaire version with one value of one item (`level`, or a field's points). */
export interface CalibrationCount {
	/** `SUIVI_VERSION` of the questions. */
	suiviVersion: string;
	departement: string;
	questionnaireVersion: string;
	/** `level`, or a scoring field (`travail`, `sante`, `social`). */
	item: string;
	/** The level, or the field's points. */
	value: string;
	category: SituationCategory | typeof ANSWERED;
	count: number;
}

/** A count as published: null when suppressed. */
export interface Cell {
	count: number | null;
	rate: number | null;
}

export interface CalibrationRow {
	value: string;
	answered: number | null;
	categories: Record<CalibrationCategory, Cell>;
}

export interface CalibrationItem {
	item: string;
	rows: CalibrationRow[];
}

/** Sorts values: levels in their order, points as numbers. */
const LEVEL_ORDER = ['faible', 'modere', 'eleve'];
function compareValues(a: string, b: string): number {
	const la = LEVEL_ORDER.indexOf(a);
	const lb = LEVEL_ORDER.indexOf(b);
	if (la !== -1 || lb !== -1) return la - lb;
	return Number(a) - Number(b);
}

/** The situations that split every answer in exactly one (their counts add up to the row's). */
const ARRET_PARTITION = [
	'plus_en_arret',
	'en_arret_avec_projet',
	'en_arret_sans_projet'
] as const satisfies readonly CalibrationCategory[];

/**
 * Completes a suppression in a group whose total is published: when exactly one of its
 * counts is hidden, hides the smallest other non-zero one. Returns true when it hid one.
 */
function complete(counts: readonly number[], hidden: boolean[]): boolean {
	if (hidden.filter(Boolean).length !== 1) return false;
	let smallest = -1;
	counts.forEach((count, i) => {
		if (hidden[i] || count === 0) return;
		if (smallest === -1 || count < counts[smallest]!) smallest = i;
	});
	if (smallest === -1) return false;
	hidden[smallest] = true;
	return true;
}

/**
 * The calibration table of one questionnaire version: per item (the level, then each field),
 * a row per value with how many answered and, per situation, the count and its rate. Counts
 * from 1 to K_ANONYMITY − 1 are suppressed, then their complements (`complete`), until no
 * hidden count can be recomputed from a published total: the rows of an item add up to the
 * version's answers, a situation's column adds up to its total, and the three arrêt
 * situations of a row add up to the row. A row of fewer than K_ANONYMITY answers shows nothing.
 */
export function calibrationTable(
	counts: readonly CalibrationCount[],
	version: string,
	items: readonly string[],
	k = K_ANONYMITY
): CalibrationItem[] {
	const mine = counts.filter((c) => c.questionnaireVersion === version);
	return items.map((item) => {
		const ofItem = mine.filter((c) => c.item === item);
		const values = [...new Set(ofItem.map((c) => c.value))].sort(compareValues);
		const sum = (value: string, category: string) =>
			ofItem.reduce(
				(total, c) => (c.value === value && c.category === category ? total + c.count : total),
				0
			);
		const answered = values.map((value) => sum(value, ANSWERED));
		const rowHidden = answered.map((n) => n > 0 && n < k);
		complete(answered, rowHidden);
		const matrix = values.map((value) => calibrationCategories.map((c) => sum(value, c)));
		const hidden = matrix.map((row, i) =>
			row.map((count) => rowHidden[i] || (count > 0 && count < k))
		);
		// Complements until stable: each pass can only hide more, so it ends.
		for (let changed = true; changed;) {
			changed = false;
			calibrationCategories.forEach((_, j) => {
				const column = matrix.map((row) => row[j]!);
				const flags = hidden.map((row) => row[j]!);
				if (complete(column, flags)) {
					flags.forEach((flag, i) => (hidden[i]![j] = flag));
					changed = true;
				}
			});
			matrix.forEach((row, i) => {
				const indexes = ARRET_PARTITION.map((c) => calibrationCategories.indexOf(c));
				const flags = indexes.map((j) => hidden[i]![j]!);
				if (
					!rowHidden[i] &&
					complete(
						indexes.map((j) => row[j]!),
						flags
					)
				) {
					indexes.forEach((j, x) => (hidden[i]![j] = flags[x]!));
					changed = true;
				}
			});
		}
		const rows = values.map((value, i): CalibrationRow => ({
			value,
			answered: rowHidden[i] ? null : answered[i]!,
			categories: Object.fromEntries(
				calibrationCategories.map((category, j) => [
					category,
					hidden[i]![j]
						? { count: null, rate: null }
						: { count: matrix[i]![j]!, rate: ratio(matrix[i]![j]!, answered[i]!) }
				])
			) as Record<CalibrationCategory, Cell>
		}));
		return { item, rows };
	});
}
