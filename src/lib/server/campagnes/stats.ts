/**
 * The campaign statistics read from the database (ADR 044, docs/statistics.md): the aggregate
 * counters and the attributed demandes of the campaigns in the staff member's scope, computed by
 * `campagneStats`. Counts only: no name, no contact is read.
 */
import { and, inArray, isNotNull, sql } from 'drizzle-orm';
import { campagneColumns, campagneStats, type CampagneStats } from '$lib/campagnes/stats';
import { toCsv } from '$lib/stats/csv';
import type { Db } from '$lib/server/db/index';
import {
	campagneInscriptions,
	campagneQuestionnaires,
	campagneVisits,
	demandes
} from '$lib/server/db/schema';
import { audit, type StaffContext } from '$lib/server/auth/guard';
import type { AuditAction } from '$lib/server/audit-actions';
import { listCampagnes } from './campagnes';

const counts = async (
	db: Db,
	table: typeof campagneVisits | typeof campagneQuestionnaires | typeof campagneInscriptions,
	ids: number[]
) =>
	await db
		.select({
			campagneId: table.campagneId,
			departement: table.departement,
			count: sql<number>`sum(${table.count})`.mapWith(Number)
		})
		.from(table)
		.where(inArray(table.campagneId, ids))
		.groupBy(table.campagneId, table.departement);

/** The figures of the campaigns in scope, audited as a statistics read or export. */
export async function readCampagneStats(
	db: Db,
	ctx: StaffContext,
	action: Extract<AuditAction, 'stats_view' | 'stats_export'>,
	now: Date
): Promise<CampagneStats[]> {
	const campagnes = await listCampagnes(db, ctx);
	const ids = campagnes.map((c) => c.id);
	// Written out: drizzle leaves the columns of a subquery unqualified, and "id" would be the rendez-vous's.
	const held = sql<number>`exists (select 1 from "rendez_vous" as "r" where "r"."demande_id" = "demandes"."id" and "r"."attendance" = 'honore')`;
	const attributed = ids.length
		? (
				await db
					.select({
						campagneId: demandes.campagneId,
						departement: demandes.departementCode,
						kind: demandes.kind,
						held
					})
					.from(demandes)
					.where(and(isNotNull(demandes.campagneId), inArray(demandes.campagneId, ids)))
			).map((row) => ({ ...row, campagneId: row.campagneId!, held: Boolean(row.held) }))
		: [];
	await audit(db, { userId: ctx.user.id, action, details: { campagnes: ids.length } }, now);
	return campagneStats(
		campagnes,
		{
			visits: ids.length ? await counts(db, campagneVisits, ids) : [],
			questionnaires: ids.length ? await counts(db, campagneQuestionnaires, ids) : [],
			inscriptions: ids.length ? await counts(db, campagneInscriptions, ids) : []
		},
		attributed,
		ctx.departements
	);
}

/** One line per campaign × département, then the campaign's total; rates as percentages (one decimal), like the main CSV. */
export function campagneStatsCsv(
	stats: CampagneStats[],
	t: (key: string) => string,
	locale: string
): string {
	const header = ['campagne', 'code', 'departement', ...campagneColumns].map((key) =>
		t(`campagnes:stats.${key}`)
	);
	const rows = stats.flatMap((c) =>
		[...c.byDepartement, { ...c, departement: t('campagnes:stats.total') }].map((line) => [
			c.name,
			c.code,
			line.departement === '' ? t('campagnes:stats.noDepartement') : line.departement,
			...campagneColumns.map((key) =>
				key === 'responseRate'
					? line.responseRate === null
						? null
						: Math.round(line.responseRate * 1000) / 10
					: line[key]
			)
		])
	);
	return toCsv(header, rows, locale === 'fr' ? ',' : '.');
}
