/**
 * The inbox page (`/espace-pro`): the demandes of the staff member's départements only (scope
 * applied in SQL), filtered and paged, as the page shows them. Listing is audited.
 */
import { departementByCode } from '$lib/departements/data';
import { sources } from '$lib/questionnaire/definition';
import { levels } from '$lib/scoring/types';
import { audit, type StaffContext } from '$lib/server/auth/guard';
import type { Db } from '$lib/server/db/index';
import { demandeKinds, demandeStatuses, modes } from '$lib/server/db/schema';
import { classifySearch } from '$lib/staff/search-query';
import { activeFilterCount, assignedFilters, listInbox, parseInboxQuery } from './inbox';
import { assignableInScope, parseBulkReport } from './inbox-assign';

export async function inboxPage(
	db: Db,
	ctx: StaffContext,
	query: URLSearchParams,
	now = new Date()
) {
	const filters = parseInboxQuery(query, ctx.departements);
	const inbox = await listInbox(db, ctx.departements, filters, now, ctx.user.id);
	const search = filters.q === undefined ? null : classifySearch(filters.q);
	// A search is audited as such (ADR 040): who, the kind of term and the result count; the
	// term itself only when it is a reference (a name, an e-mail or a phone is personal data).
	await audit(
		db,
		{
			userId: ctx.user.id,
			action: search ? 'inbox_search' : 'inbox_list',
			...(search?.kind === 'reference' ? { demandeReference: search.reference } : {}),
			details: {
				filters: activeFilterCount(filters),
				page: inbox.page,
				...(search ? { kind: search.kind, results: inbox.total } : {})
			}
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
		searchKind: search?.kind ?? null,
		agents: await assignableInScope(db, ctx.departements),
		me: ctx.user.id,
		bulkReport: parseBulkReport(query),
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
}
