/**
 * The évènements' statistics read from the database (ADR 043): the facts of every évènement
 * published, held or cancelled in the staff member's scope (optionally one département), their
 * funnel live or as kept after the registrations were purged. Reads are audited.
 */
import { and, inArray, ne } from 'drizzle-orm';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { departementCodes } from '$lib/departements/data';
import { instantToZoned } from '$lib/booking/time';
import { evenementStats, type EvenementFacts, type EvenementStats } from '$lib/evenements/stats';
import { toCsv } from '$lib/stats/csv';
import type { Db } from '$lib/server/db/index';
import { evenements } from '$lib/server/db/schema';
import { audit, type StaffContext } from '$lib/server/auth/guard';
import { funnelOf } from './jobs';
import { departementsOf, evenementIdsIn } from './registration';

const departementSchema = z
	.string()
	.refine((code) => departementCodes.includes(code))
	.optional()
	.catch(undefined);

export async function readEvenementStats(
	db: Db,
	staff: StaffContext,
	query: URLSearchParams,
	action: 'stats_view' | 'stats_export',
	now: Date
): Promise<{ departement: string | null; stats: EvenementStats } | null> {
	const raw = query.get('departement');
	const asked = departementSchema.parse(raw ?? undefined);
	// A département outside the scope (or unknown) is refused, never read as « all of mine »:
	// the caller answers 404, as the statistics page does (readStats).
	if (raw && (asked === undefined || !staff.departements.includes(asked))) return null;
	const scope = asked ? [asked] : staff.departements;
	const ids = await evenementIdsIn(db, scope);
	const rows =
		ids.length === 0
			? []
			: await db
					.select()
					.from(evenements)
					.where(and(inArray(evenements.id, ids), ne(evenements.status, 'brouillon')))
					.orderBy(evenements.startsAt);
	const facts: EvenementFacts[] = await Promise.all(
		rows.map(async (evenement) => ({
			id: evenement.id,
			title: evenement.titleFr,
			kind: evenement.kind,
			departements: (await departementsOf(db, evenement.id)).filter((code) => scope.includes(code)),
			month: instantToZoned(evenement.startsAt, evenement.timeZone).date.slice(0, 7),
			funnel: await funnelOf(db, evenement)
		}))
	);
	await audit(
		db,
		{
			userId: staff.user.id,
			action,
			departementCode: asked ?? undefined,
			details: { page: 'evenements' }
		},
		now
	);
	return { departement: asked ?? null, stats: evenementStats(facts) };
}

/** One line per évènement, then the total: the page's first table. */
export function evenementStatsCsv(stats: EvenementStats, t: TFunction, locale: string): string {
	const header = [
		t('evenements:stats.evenement'),
		t('evenements:stats.month'),
		t('evenements:stats.kind'),
		t('evenements:stats.registered'),
		t('evenements:stats.waitlisted'),
		t('evenements:stats.present'),
		t('evenements:stats.absent'),
		t('evenements:stats.converted'),
		t('evenements:stats.rate')
	];
	const rows = stats.byEvenement.map((row) => [
		row.title,
		row.month,
		t(`evenements:kind.${row.kind}`),
		row.registered,
		row.waitlisted,
		row.present,
		row.absent,
		row.converted,
		row.rate
	]);
	return toCsv(header, rows, locale === 'fr' ? ',' : '.');
}
