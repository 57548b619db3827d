/**
 * The follow-up's statistics from the database (ADR 045): live follow-ups of the staff
 * member's départements — of demandes and of registrations to évènements — turned into counts,
 * plus the counts folded in when demandes were anonymised (`foldSuivis`, called by the
 * retention job) or registrations purged (`foldInscriptionSuivis`), in one shape for the pure
 * tables of `$lib/suivi/stats`.
 */
import { and, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { departementByCode } from '$lib/departements/data';
import { fields } from '$lib/questionnaire/definition';
import { monthIn } from '$lib/stats/compute';
import { toCsv } from '$lib/stats/csv';
import { categoriesOf, situationCategories, SUIVI_VERSION } from '$lib/suivi/situation';
import {
	ANSWERED,
	CONTACTED,
	byVersion,
	calibrationCategories,
	calibrationTable,
	cohortDimensions,
	cohortTable,
	type CalibrationCount,
	type CohortCount,
	type CountCategory
} from '$lib/suivi/stats';
import { audit, type StaffContext } from '$lib/server/auth/guard';
import { changedRows, type Executor } from '$lib/server/db/index';
import {
	demandes,
	evenements,
	inscriptions,
	rendezVous,
	suiviCalibrationStats,
	suiviStats,
	suivis
} from '$lib/server/db/schema';
import { evenementDepartement, evenementEnd } from './job';

/** The calibration's items: the level, then each scoring field's points. */
export const calibrationItems = ['level', ...fields] as const;
/** A demande without a shared result: no version, no level. */
export const NOT_SHARED = 'non_partage';
/** A demande followed up without having been closed (after its rendez-vous). */
export const NOT_CLOSED = 'non_cloturee';
/**
 * A registration to an évènement followed up (ADR 045 addendum): its source and its outcome
 * (there is no closure), its month being the évènement's.
 */
export const EVENEMENT = 'evenement';

/** The page's query: a département of the scope (or all), the cohort's dimension, a version. */
export function suiviQuerySchema(scope: readonly string[]) {
	return z.object({
		departement: z
			.string()
			.refine((code) => scope.includes(code))
			.optional()
			.catch(undefined),
		par: z.enum(cohortDimensions).catch('month'),
		version: z.string().max(40).optional().catch(undefined)
	});
}

interface FollowedRow {
	departementCode: string;
	source: string;
	outcome: string | null;
	closedAt: Date | null;
	lastRdv: Date | null;
	createdAt: Date;
	shareResult: boolean;
	questionnaireVersion: string | null;
	result: { level?: string; points?: Record<string, number> } | null;
	sentAt: Date | null;
	answeredAt: Date | null;
	/** `SUIVI_VERSION` of an answer (null when unanswered: the current one counts it). */
	version: string | null;
	arret: string | null;
	emploi: string | null;
	formation: string | null;
	recherche: string | null;
	invalidite: string | null;
	retraite: boolean | null;
	autre: boolean | null;
}

/** The answer's columns of a follow-up, as counted. */
const answerColumns = {
	sentAt: suivis.sentAt,
	answeredAt: suivis.answeredAt,
	version: suivis.version,
	arret: suivis.arret,
	emploi: suivis.emploi,
	formation: suivis.formation,
	recherche: suivis.recherche,
	invalidite: suivis.invalidite,
	retraite: suivis.retraite,
	autre: suivis.autre
};

async function followedRows(db: Executor, where: ReturnType<typeof and>): Promise<FollowedRow[]> {
	return (await db
		.select({
			departementCode: demandes.departementCode,
			source: demandes.source,
			outcome: demandes.outcome,
			closedAt: demandes.closedAt,
			// Mapped by its column: an instant as each dialect's driver gives it back (ADR 050).
			lastRdv:
				sql<Date | null>`(select max(${rendezVous.startsAt}) from ${rendezVous} where ${rendezVous.demandeId} = ${demandes.id} and ${rendezVous.status} = 'confirme')`.mapWith(
					rendezVous.startsAt
				),
			createdAt: demandes.createdAt,
			shareResult: demandes.shareResult,
			questionnaireVersion: demandes.questionnaireVersion,
			result: demandes.result,
			...answerColumns
		})
		.from(suivis)
		.innerJoin(demandes, eq(suivis.demandeId, demandes.id))
		.where(
			and(where, or(isNotNull(suivis.sentAt), isNotNull(suivis.answeredAt)))
		)) as FollowedRow[];
}

/**
 * The followed registrations (ADR 045 addendum) in the same shape: source and outcome
 * `evenement`, ended when the évènement ended, counted in the évènement's first département,
 * no questionnaire (a registration carries no health data: never in the calibration).
 */
async function followedInscriptionRows(
	db: Executor,
	where: ReturnType<typeof and>
): Promise<FollowedRow[]> {
	return (
		await db
			.select({
				departementCode: evenementDepartement,
				source: sql<string>`${EVENEMENT}`,
				outcome: sql<string>`${EVENEMENT}`,
				closedAt: sql<null>`null`,
				lastRdv: evenementEnd,
				createdAt: inscriptions.createdAt,
				shareResult: sql<boolean>`0`,
				questionnaireVersion: sql<null>`null`,
				result: sql<null>`null`,
				...answerColumns
			})
			.from(suivis)
			.innerJoin(inscriptions, eq(suivis.inscriptionId, inscriptions.id))
			.innerJoin(evenements, eq(inscriptions.evenementId, evenements.id))
			.where(and(where, or(isNotNull(suivis.sentAt), isNotNull(suivis.answeredAt))))
	).map((row) => ({ ...row, shareResult: false })) as FollowedRow[];
}

/** The report's categories of an answered row (none when unanswered). */
function categoriesOfRow(row: FollowedRow) {
	if (!row.answeredAt || !row.arret || !row.emploi) return null;
	return categoriesOf({
		arret: row.arret as never,
		emploi: row.emploi as never,
		formation: (row.formation ?? 'non') as never,
		recherche: (row.recherche ?? 'non') as never,
		invalidite: (row.invalidite ?? 'non') as never,
		retraite: row.retraite === true,
		autre: row.autre === true
	});
}

/** Rows as counts: one per category a person counts in. */
export function countsOf(rows: readonly FollowedRow[]): {
	cohort: CohortCount[];
	calibration: CalibrationCount[];
} {
	const cohort: CohortCount[] = [];
	const calibration: CalibrationCount[] = [];
	for (const row of rows) {
		const zone = departementByCode(row.departementCode)?.timeZone ?? 'Europe/Paris';
		const ended = row.closedAt ?? row.lastRdv ?? row.createdAt;
		const shared = row.shareResult && row.result?.level && row.questionnaireVersion;
		const suiviVersion = row.version ?? SUIVI_VERSION;
		const dims = {
			suiviVersion,
			month: monthIn(ended, zone),
			outcome: row.outcome ?? NOT_CLOSED,
			departement: row.departementCode,
			source: row.source,
			questionnaireVersion: shared ? row.questionnaireVersion! : NOT_SHARED,
			level: shared ? row.result!.level! : NOT_SHARED
		};
		const categories = categoriesOfRow(row);
		const answers: CountCategory[] = categories ? [ANSWERED, ...categories] : [];
		const all: CountCategory[] = [CONTACTED, ...answers];
		for (const category of all) cohort.push({ ...dims, category, count: 1 });
		if (!categories || !shared) continue;
		const values: [string, string][] = [
			['level', row.result!.level!],
			...fields.map((field): [string, string] => [field, String(row.result!.points?.[field] ?? '')])
		];
		for (const [item, value] of values) {
			if (value === '') continue;
			for (const category of [ANSWERED, ...categories] as const)
				calibration.push({
					suiviVersion,
					departement: row.departementCode,
					questionnaireVersion: row.questionnaireVersion!,
					item,
					value,
					category,
					count: 1
				});
		}
	}
	return { cohort, calibration };
}

/** Every count of the départements: live follow-ups and the aggregates of anonymised ones. */
export async function suiviCounts(
	db: Executor,
	departements: readonly string[]
): Promise<{ cohort: CohortCount[]; calibration: CalibrationCount[] }> {
	if (departements.length === 0) return { cohort: [], calibration: [] };
	const live = countsOf([
		...(await followedRows(
			db,
			and(inArray(demandes.departementCode, [...departements]), isNull(demandes.anonymisedAt))
		)),
		...(await followedInscriptionRows(db, inArray(evenementDepartement, [...departements])))
	]);
	const folded = (await db
		.select()
		.from(suiviStats)
		.where(inArray(suiviStats.departement, [...departements]))) as CohortCount[];
	const foldedCalibration = (await db
		.select()
		.from(suiviCalibrationStats)
		.where(inArray(suiviCalibrationStats.departement, [...departements]))) as CalibrationCount[];
	return {
		cohort: [...live.cohort, ...folded],
		calibration: [...live.calibration, ...foldedCalibration]
	};
}

/** Adds counts to the aggregate tables (one row per key, its count increased). */
async function addCounts(db: Executor, rows: readonly FollowedRow[]): Promise<void> {
	const { cohort, calibration } = countsOf(rows);
	for (const count of cohort)
		await db
			.insert(suiviStats)
			.values(count)
			.onConflictDoUpdate({
				target: [
					suiviStats.month,
					suiviStats.outcome,
					suiviStats.departement,
					suiviStats.source,
					suiviStats.questionnaireVersion,
					suiviStats.level,
					suiviStats.category,
					suiviStats.suiviVersion
				],
				set: { count: sql`${suiviStats.count} + ${count.count}` }
			});
	for (const count of calibration)
		await db
			.insert(suiviCalibrationStats)
			.values(count)
			.onConflictDoUpdate({
				target: [
					suiviCalibrationStats.departement,
					suiviCalibrationStats.questionnaireVersion,
					suiviCalibrationStats.item,
					suiviCalibrationStats.value,
					suiviCalibrationStats.category,
					suiviCalibrationStats.suiviVersion
				],
				set: { count: sql`${suiviCalibrationStats.count} + ${count.count}` }
			});
}

/**
 * Retention (ADR 045): before demandes are anonymised, their follow-ups become counts in the
 * aggregate tables, then the rows (answers, comment, link) are deleted. Only counts survive.
 * Returns how many follow-ups were folded.
 */
export async function foldSuivis(db: Executor, demandeIds: readonly number[]): Promise<number> {
	if (demandeIds.length === 0) return 0;
	let folded = 0;
	for (let start = 0; start < demandeIds.length; start += 500) {
		const chunk = demandeIds.slice(start, start + 500);
		await addCounts(db, await followedRows(db, inArray(demandes.id, chunk)));
		folded += changedRows(await db.delete(suivis).where(inArray(suivis.demandeId, chunk)));
	}
	return folded;
}

/**
 * The same for registrations to évènements, before the retention job deletes them (ADR 045
 * addendum): their follow-ups become counts, then the rows go. Returns how many were folded.
 */
export async function foldInscriptionSuivis(
	db: Executor,
	inscriptionIds: readonly number[]
): Promise<number> {
	let folded = 0;
	for (let start = 0; start < inscriptionIds.length; start += 500) {
		const chunk = inscriptionIds.slice(start, start + 500);
		await addCounts(db, await followedInscriptionRows(db, inArray(inscriptions.id, chunk)));
		folded += changedRows(await db.delete(suivis).where(inArray(suivis.inscriptionId, chunk)));
	}
	return folded;
}

/** What a staff member reads (page or CSV): the query, the tables, the audit line. */
export async function readSuiviStats(
	db: Executor,
	ctx: Pick<StaffContext, 'user' | 'departements'>,
	params: URLSearchParams,
	action: 'suivi_stats_view' | 'suivi_stats_export',
	now: Date
) {
	// A département outside the scope is refused, never read as « all of mine »: the caller
	// answers 404, as the statistics page does (readStats).
	const asked = params.get('departement');
	if (asked && !ctx.departements.includes(asked)) return null;
	const query = suiviQuerySchema(ctx.departements).parse({
		departement: params.get('departement') ?? undefined,
		par: params.get('par') ?? undefined,
		version: params.get('version') || undefined
	});
	const scope = query.departement ? [query.departement] : ctx.departements;
	const counts = await suiviCounts(db, scope);
	const versions = [...new Set(counts.calibration.map((c) => c.questionnaireVersion))].sort();
	const version =
		query.version && versions.includes(query.version) ? query.version : (versions.at(-1) ?? null);
	await audit(
		db,
		{
			userId: ctx.user.id,
			action,
			departementCode: query.departement,
			details: { departements: scope.length, par: query.par }
		},
		now
	);
	return {
		query: { ...query, version },
		versions,
		/** One cohort table per version of the follow-up's questions, the current one first. */
		cohorts: byVersion(counts.cohort, SUIVI_VERSION).map((group) => ({
			suiviVersion: group.version,
			...cohortTable(group.counts, query.par)
		})),
		/** The calibration of the questionnaire `version`, per version of the follow-up's questions. */
		calibrations: version
			? byVersion(counts.calibration, SUIVI_VERSION)
					.map((group) => ({
						suiviVersion: group.version,
						items: calibrationTable(group.counts, version, calibrationItems)
					}))
					.filter((group) => group.items.some((item) => item.rows.length > 0))
			: []
	};
}

export type SuiviStatsRead = NonNullable<Awaited<ReturnType<typeof readSuiviStats>>>;

/**
 * The cohort as CSV: per version of the follow-up's questions, a line per group, its counts,
 * then each category's count and share, and the version's total.
 */
export function cohortCsv(
	read: SuiviStatsRead,
	t: (key: string) => string,
	locale: string
): string {
	const header = [
		t('suivi:stats.suiviVersion'),
		t(`suivi:stats.dimension.${read.query.par}`),
		t('suivi:stats.contacted'),
		t('suivi:stats.answered'),
		t('suivi:stats.responseRate'),
		...situationCategories.flatMap((c) => [
			t(`suivi:category.${c}`),
			`${t(`suivi:category.${c}`)} (%)`
		])
	];
	type Row = SuiviStatsRead['cohorts'][number]['total'];
	const line = (suiviVersion: string, row: Row, key: string) => [
		suiviVersion,
		key,
		row.contacted,
		row.answered,
		row.responseRate,
		...situationCategories.flatMap((c) => [row.categories[c].count, row.categories[c].share])
	];
	return toCsv(
		header,
		read.cohorts.flatMap((cohort) => [
			...cohort.rows.map((row) => line(cohort.suiviVersion, row, row.key)),
			line(cohort.suiviVersion, cohort.total, t('suivi:stats.total'))
		]),
		locale === 'fr' ? ',' : '.'
	);
}

/** The calibration as CSV: suppressed cells are empty (k-anonymity). */
export function calibrationCsv(
	read: SuiviStatsRead,
	t: (key: string) => string,
	locale: string
): string {
	const header = [
		t('suivi:stats.suiviVersion'),
		t('suivi:stats.version'),
		t('suivi:stats.item'),
		t('suivi:stats.value'),
		t('suivi:stats.answered'),
		...calibrationCategories.flatMap((c) => [
			t(`suivi:category.${c}`),
			`${t(`suivi:category.${c}`)} (%)`
		])
	];
	const rows = read.calibrations.flatMap(({ suiviVersion, items }) =>
		items.flatMap((item) =>
			item.rows.map((row) => [
				suiviVersion,
				read.query.version,
				item.item,
				row.value,
				row.answered,
				...calibrationCategories.flatMap((c) => [row.categories[c].count, row.categories[c].rate])
			])
		)
	);
	return toCsv(header, rows, locale === 'fr' ? ',' : '.');
}
