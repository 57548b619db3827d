import { departementByCode } from '$lib/departements/data';
import { audit, requireStaff } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db/client';
import { sources } from '$lib/questionnaire/definition';
import { levels } from '$lib/scoring/types';
import { demandeKinds, demandeStatuses, modes } from '$lib/server/db/schema';
import {
	activeFilterCount,
	assignedFilters,
	listInbox,
	parseInboxQuery
} from '$lib/server/staff/inbox';
import type { PageServerLoad } from './$types';

/** The inbox: demandes of the staff member's départements only (scope applied in SQL). */
export const load: PageServerLoad = (event) => {
	const ctx = requireStaff(event);
	const now = new Date();
	const db = getDb();
	const filters = parseInboxQuery(event.url.searchParams, ctx.departements);
	const inbox = listInbox(db, ctx.departements, filters, now, ctx.user.id);
	audit(
		db,
		{
			userId: ctx.user.id,
			action: 'inbox_list',
			details: { filters: activeFilterCount(filters), page: inbox.page }
		},
		now
	);
	const zoneOf = (code: string) => departementByCode(code)?.timeZone ?? 'Europe/Paris';
	return {
		user: { name: ctx.user.name, role: ctx.user.role },
		departements: ctx.departements.map((code) => ({
			code,
			name: departementByCode(code)?.name ?? code
		})),
		filters,
		options: {
			status: demandeStatuses,
			kind: demandeKinds,
			mode: modes,
			source: sources,
			level: levels,
			assigned: assignedFilters
		},
		total: inbox.total,
		page: inbox.page,
		pageCount: inbox.pageCount,
		rows: inbox.rows.map((row) => ({
			reference: row.reference,
			kind: row.kind,
			status: row.status,
			departementCode: row.departementCode,
			timeZone: zoneOf(row.departementCode),
			source: row.source,
			sansCreneau: row.sansCreneau,
			priority: row.priority,
			level: row.level,
			mode: row.mode,
			rdvStart: row.rdvStart?.toISOString() ?? null,
			rdvCancelled: row.rdvCancelled,
			createdAt: row.createdAt.toISOString(),
			dueAt: row.dueAt.toISOString(),
			overdue: row.overdue,
			assigneeName: row.assigneeName
		}))
	};
};
