/**
 * The audit log page (`/espace-pro/journal`): responsables see their départements and their
 * staff, administrateurs everything (the route lets only them in). Viewing it is itself audited.
 */
import { departementByCode } from '$lib/departements/data';
import { audit, type StaffContext } from '$lib/server/auth/guard';
import type { Db } from '$lib/server/db/index';
import { journalActions, journalFilterCount, listJournal, parseJournalQuery } from './journal';

/** Whole days are read in the time zone of the département worked (Paris when several zones). */
export function journalTimeZone(ctx: Pick<StaffContext, 'user' | 'departements'>): string {
	const zones = new Set(
		ctx.user.role === 'administrateur'
			? ['Europe/Paris']
			: ctx.departements.map((code) => departementByCode(code)?.timeZone ?? 'Europe/Paris')
	);
	return zones.size === 1 ? [...zones][0]! : 'Europe/Paris';
}

export async function journalPage(db: Db, ctx: StaffContext, query: URLSearchParams) {
	const filters = parseJournalQuery(query);
	const timeZone = journalTimeZone(ctx);
	const journal = await listJournal(
		db,
		{ role: ctx.user.role, departements: ctx.departements },
		filters,
		timeZone
	);
	await audit(db, {
		userId: ctx.user.id,
		action: 'journal_view',
		details: { filters: journalFilterCount(filters), page: journal.page }
	});
	return {
		filters,
		timeZone,
		actions: journalActions,
		total: journal.total,
		page: journal.page,
		pageCount: journal.pageCount,
		rows: journal.rows.map((row) => ({
			id: row.id,
			at: row.at.toISOString(),
			timeZone:
				(row.departementCode && departementByCode(row.departementCode)?.timeZone) || timeZone,
			action: row.action,
			known: (journalActions as readonly string[]).includes(row.action),
			userName: row.userName,
			reference: row.demandeReference,
			departementCode: row.departementCode,
			details: row.details
				? Object.entries(row.details)
						.map(([key, value]) => `${key}: ${String(value)}`)
						.join(', ')
				: ''
		}))
	};
}
