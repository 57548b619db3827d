/**
 * The staff inbox: the demandes of the départements a staff member works, filtered and paged.
 * The département scope is always applied in SQL (`inArray`), whatever the filters say: a
 * filter can narrow the scope, never widen it.
 */
import {
	and,
	asc,
	count,
	desc,
	eq,
	inArray,
	isNotNull,
	isNull,
	lt,
	sql,
	type SQL
} from 'drizzle-orm';
import { z } from 'zod';
import { departementCodes } from '$lib/departements/data';
import { sources, type Source } from '$lib/questionnaire/definition';
import { levels, type Level } from '$lib/scoring/types';
import { SEARCH_MAX_LENGTH, classifySearch, type SearchQuery } from '$lib/staff/search-query';
import type { Executor } from '$lib/server/db/index';
import {
	demandeKinds,
	demandeStatuses,
	demandes,
	modes,
	rendezVous,
	sharedLevel,
	contains,
	demandesByName,
	staffUsers,
	type Mode
} from '$lib/server/db/schema';

export const INBOX_PAGE_SIZE = 25;
/** Beyond this, a page number is a typo or a probe: it is clamped. */
const MAX_PAGE = 10_000;

import { openStatuses, type PriorityReason } from '$lib/vocabulary';

export const assignedFilters = ['moi', 'personne'] as const;

/** An optional enum filter: a missing, empty or unknown value is ignored (never an error). */
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
	z.enum(values).optional().catch(undefined);
const yesNo = z
	.enum(['oui', 'non'])
	.optional()
	.catch(undefined)
	.transform((v) => (v === undefined ? undefined : v === 'oui'));

/** The inbox query string. Bad values are dropped politely; nothing here can fail. */
export const inboxQuerySchema = z.object({
	status: optionalEnum(demandeStatuses),
	kind: optionalEnum(demandeKinds),
	mode: optionalEnum(modes),
	source: optionalEnum(sources),
	sansCreneau: yesNo,
	level: optionalEnum(levels),
	departement: z
		.string()
		.refine((code) => departementCodes.includes(code))
		.optional()
		.catch(undefined),
	overdue: z
		.literal('1')
		.optional()
		.catch(undefined)
		.transform((v) => v === '1'),
	/** 'moi': assigned to the viewer; 'personne': unassigned; absent: anyone. */
	assigned: optionalEnum(assignedFilters),
	/** Only prioritaire demandes (ADR 035). */
	priority: z
		.literal('1')
		.optional()
		.catch(undefined)
		.transform((v) => v === '1'),
	/** The search field (ADR 040): a reference, an e-mail, a phone number or a name. */
	q: z.string().trim().max(SEARCH_MAX_LENGTH).optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1).default(1)
});

export type InboxFilters = z.output<typeof inboxQuerySchema>;
export const inboxQueryNames = [
	'status',
	'kind',
	'mode',
	'source',
	'sansCreneau',
	'level',
	'departement',
	'overdue',
	'assigned',
	'priority',
	'q',
	'page'
] as const;

/**
 * The filters of a query string, for a staff member working `scope`. A département outside
 * the scope is dropped (and would match nothing anyway: the scope is always in the SQL).
 */
export function parseInboxQuery(params: URLSearchParams, scope: readonly string[]): InboxFilters {
	const raw = Object.fromEntries(
		inboxQueryNames.map((name) => {
			const value = params.get(name);
			const max = name === 'q' ? SEARCH_MAX_LENGTH : 20;
			return [name, value === null || value.trim() === '' ? undefined : value.slice(0, max)];
		})
	);
	const filters = inboxQuerySchema.parse(raw);
	if (filters.departement !== undefined && !scope.includes(filters.departement))
		filters.departement = undefined;
	return filters;
}

/** How many filters are set (the page number and the search are not filters). For the audit trail. */
export function activeFilterCount(filters: InboxFilters): number {
	const { page: _page, q: _q, overdue, priority, ...rest } = filters;
	return (
		Object.values(rest).filter((v) => v !== undefined).length +
		(overdue ? 1 : 0) +
		(priority ? 1 : 0)
	);
}

export interface InboxRow {
	reference: string;
	kind: (typeof demandeKinds)[number];
	status: (typeof demandeStatuses)[number];
	departementCode: string;
	source: Source;
	sansCreneau: boolean;
	/** Why the demande is prioritaire (rapid callback, ADR 035), or null. No health detail. */
	priority: PriorityReason | null;
	/** Only when the person consented to share their questionnaire. */
	level: Level | null;
	mode: Mode | null;
	/** Start of the latest rendez-vous (confirmed or cancelled), if any. */
	rdvStart: Date | null;
	rdvCancelled: boolean;
	createdAt: Date;
	dueAt: Date;
	overdue: boolean;
	/** Name of the staff member working the demande, if any. */
	assigneeName: string | null;
}

export interface InboxPage {
	rows: InboxRow[];
	total: number;
	page: number;
	pageCount: number;
}

/** Joins a demande to its latest rendez-vous (a move cancels the old row and adds a new one). */
const latestRendezVous = sql`${rendezVous.id} = (select max(r2.id) from rendez_vous r2 where r2.demande_id = ${demandes.id})`;
/** The mode of the latest rendez-vous, read from the (demande_id, mode) index. */
const latestMode = sql`(select r3.mode from rendez_vous r3 where r3.demande_id = ${demandes.id} order by r3.id desc limit 1)`;
const demandeLevel = sharedLevel(demandes);

/** 0 for an open prioritaire demande, 1 otherwise: the first key of the inbox's order. */
const openPriorityFirst = sql<number>`case when ${demandes.priority} is not null and ${inArray(
	demandes.status,
	[...openStatuses]
)} then 0 else 1 end`;

/**
 * The search as SQL (ADR 040): equality on the reference or on the stored e-mail or phone key;
 * for a name, every token inside the folded name key, read from the (département, name key)
 * index within the scope (a scan of a narrow index, not of the table).
 */
function searchCondition(query: SearchQuery, scope: readonly string[]): SQL {
	switch (query.kind) {
		case 'reference':
			return eq(demandes.reference, query.reference);
		case 'email':
			return eq(demandes.emailKey, query.emailKey);
		case 'phone':
			return eq(demandes.phoneKey, query.phoneKey);
		case 'name': {
			const matches = query.tokens.map((token) => contains(sql`n.name_key`, token));
			const inScope = sql`n.departement_code in ${sql`(${sql.join(
				scope.map((code) => sql`${code}`),
				sql`, `
			)})`}`;
			return sql`${demandes.id} in (select n.id from ${demandesByName} where ${inScope} and ${sql.join(matches, sql` and `)})`;
		}
		case 'invalid':
			return sql`1 = 0`;
	}
}

function conditions(
	scope: readonly string[],
	filters: InboxFilters,
	now: Date,
	viewerId: number | null
): SQL[] {
	// The scope first, always: an empty scope matches nothing.
	const where: SQL[] = [inArray(demandes.departementCode, [...scope])];
	if (filters.departement !== undefined)
		where.push(eq(demandes.departementCode, filters.departement));
	if (filters.status !== undefined) where.push(eq(demandes.status, filters.status));
	if (filters.kind !== undefined) where.push(eq(demandes.kind, filters.kind));
	if (filters.mode !== undefined) where.push(sql`${latestMode} = ${filters.mode}`);
	if (filters.source !== undefined) where.push(eq(demandes.source, filters.source));
	if (filters.sansCreneau !== undefined) where.push(eq(demandes.sansCreneau, filters.sansCreneau));
	if (filters.level !== undefined) where.push(sql`${demandeLevel} = ${filters.level}`);
	if (filters.overdue)
		where.push(lt(demandes.dueAt, now), inArray(demandes.status, [...openStatuses]));
	if (filters.priority) where.push(isNotNull(demandes.priority));
	if (filters.q !== undefined) where.push(searchCondition(classifySearch(filters.q), scope));
	if (filters.assigned === 'personne') where.push(isNull(demandes.assignedTo));
	// Without a viewer, "assigned to me" matches nothing (never everyone).
	if (filters.assigned === 'moi')
		where.push(viewerId === null ? sql`1 = 0` : eq(demandes.assignedTo, viewerId));
	return where;
}

/**
 * One page of the inbox, open prioritaire demandes first, then newest first. The page number is
 * clamped to the last page. At scale (ADR 040) the count and the order read the demandes only
 * (the filters and the order are in the `demandes_inbox` covering index); the rendez-vous and
 * the assignee are joined to the 25 rows of the page only.
 */
export async function listInbox(
	db: Executor,
	scope: readonly string[],
	filters: InboxFilters,
	now: Date,
	viewerId: number | null = null
): Promise<InboxPage> {
	const where = and(...conditions(scope, filters, now, viewerId));
	const total = (await db.select({ n: count() }).from(demandes).where(where))[0]?.n ?? 0;
	const pageCount = Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE));
	const page = Math.min(filters.page, pageCount);
	// Open prioritaire demandes first (ADR 035), then the newest.
	const order = [asc(openPriorityFirst), desc(demandes.createdAt), desc(demandes.id)];
	const ids = (
		await db
			.select({ id: demandes.id })
			.from(demandes)
			.where(where)
			.orderBy(...order)
			.limit(INBOX_PAGE_SIZE)
			.offset((page - 1) * INBOX_PAGE_SIZE)
	).map((row) => row.id);
	const rows =
		ids.length === 0
			? []
			: await db
					.select({
						reference: demandes.reference,
						kind: demandes.kind,
						status: demandes.status,
						departementCode: demandes.departementCode,
						source: demandes.source,
						sansCreneau: demandes.sansCreneau,
						priority: demandes.priority,
						level: demandeLevel,
						mode: rendezVous.mode,
						rdvStart: rendezVous.startsAt,
						rdvStatus: rendezVous.status,
						createdAt: demandes.createdAt,
						dueAt: demandes.dueAt,
						assigneeName: staffUsers.name
					})
					.from(demandes)
					.leftJoin(rendezVous, latestRendezVous)
					.leftJoin(staffUsers, eq(demandes.assignedTo, staffUsers.id))
					.where(inArray(demandes.id, ids))
					.orderBy(...order);
	return {
		total,
		page,
		pageCount,
		rows: rows.map(({ rdvStatus, level, source, ...row }) => ({
			...row,
			source: source as Source,
			level: (levels as readonly string[]).includes(level ?? '') ? (level as Level) : null,
			rdvCancelled: rdvStatus === 'annule',
			overdue:
				row.dueAt.getTime() < now.getTime() &&
				(openStatuses as readonly string[]).includes(row.status)
		}))
	};
}
