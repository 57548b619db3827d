import { departementByCode } from '$lib/departements/data';
import { audit, requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import {
	journalActions,
	journalFilterCount,
	listJournal,
	parseJournalQuery
} from '$lib/server/staff/journal';
import type { PageServerLoad } from './$types';

/**
 * The audit log, for responsables (their départements and their staff) and administrateurs
 * (everything); an agent gets 403. Viewing it is itself audited.
 */
export const load: PageServerLoad = (event) => {
	const ctx = requireStaff(event, { roles: ['responsable', 'administrateur'] });
	const db = getDb();
	const filters = parseJournalQuery(event.url.searchParams);
	// Whole days are read in the time zone of the département worked (Paris when several zones).
	const zones = new Set(
		ctx.user.role === 'administrateur'
			? ['Europe/Paris']
			: ctx.departements.map((code) => departementByCode(code)?.timeZone ?? 'Europe/Paris')
	);
	const timeZone = zones.size === 1 ? [...zones][0]! : 'Europe/Paris';
	const journal = listJournal(
		db,
		{ role: ctx.user.role, departements: ctx.departements },
		filters,
		timeZone
	);
	audit(db, {
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
};
