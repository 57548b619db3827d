/**
 * The audit-log view (/espace-pro/journal): who did what and when. A responsable sees the
 * lines about objects of their départements (a demande, an agenda, a team member: the line's
 * département), and the lines about no object written by the staff of their départements
 * (logins, account settings); never a line about another département's object, even when the
 * colleague who acted also works one of theirs (docs/security-review-2026-12.md, ADR 027). An administrateur sees
 * everything. The scope is always in SQL.
 * Audit details hold technical facts only (never personal or health data, by design of
 * `audit()`).
 */
import { and, count, desc, eq, gte, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { addDays, type LocalDate } from '$lib/booking/holidays';
import { zonedDateTimeToInstant } from '$lib/booking/time';
import type { Executor } from '$lib/server/db/index';
import { auditLog, staffDepartements, staffUsers, type StaffRole } from '$lib/server/db/schema';
import { auditActions } from '$lib/server/audit-actions';
import { looksLikeReference } from './demande';

export const JOURNAL_PAGE_SIZE = 50;
const MAX_PAGE = 10_000;

/** Actions the journal knows how to name (filter list and labels): every audit action (one list, audit-actions.ts). */
export const journalActions = auditActions;

const localDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/)
	.refine(
		(v) =>
			!Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
			new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)
	);

/** The journal query string. Bad values are dropped; nothing here can fail. */
export const journalQuerySchema = z.object({
	action: z.enum(journalActions).optional().catch(undefined),
	reference: z
		.string()
		.transform((v) => v.trim().toUpperCase())
		.refine(looksLikeReference)
		.optional()
		.catch(undefined),
	from: localDate.optional().catch(undefined),
	to: localDate.optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1).default(1)
});
export type JournalFilters = z.output<typeof journalQuerySchema>;
const names = ['action', 'reference', 'from', 'to', 'page'] as const;

export function parseJournalQuery(params: URLSearchParams): JournalFilters {
	const raw = Object.fromEntries(
		names.map((name) => {
			const value = params.get(name);
			return [name, value === null || value === '' ? undefined : value.slice(0, 40)];
		})
	);
	return journalQuerySchema.parse(raw);
}

export function journalFilterCount(filters: JournalFilters): number {
	return [filters.action, filters.reference, filters.from, filters.to].filter(
		(v) => v !== undefined
	).length;
}

export interface JournalViewer {
	role: StaffRole;
	departements: readonly string[];
}

export interface JournalRow {
	id: number;
	at: Date;
	action: string;
	userName: string | null;
	demandeReference: string | null;
	departementCode: string | null;
	details: Record<string, string | number | boolean | null> | null;
}

export interface JournalPage {
	rows: JournalRow[];
	total: number;
	page: number;
	pageCount: number;
}

/**
 * Lines a viewer may see: all for an administrateur; for a responsable, the lines whose
 * département is one of theirs, plus their staff's lines that name no département and no
 * demande (a line about an object is scoped by the object, never by who wrote it).
 */
function scope(db: Executor, viewer: JournalViewer): SQL | undefined {
	if (viewer.role === 'administrateur') return undefined;
	if (viewer.departements.length === 0) return eq(auditLog.id, -1);
	const colleagues = db
		.selectDistinct({ id: staffDepartements.userId })
		.from(staffDepartements)
		.where(inArray(staffDepartements.departementCode, [...viewer.departements]));
	return or(
		inArray(auditLog.departementCode, [...viewer.departements]),
		and(
			isNull(auditLog.departementCode),
			isNull(auditLog.demandeReference),
			inArray(auditLog.userId, colleagues)
		)
	);
}

/** One page of the journal, newest first; dates are whole days in `timeZone` (inclusive). */
export async function listJournal(
	db: Executor,
	viewer: JournalViewer,
	filters: JournalFilters,
	timeZone: string
): Promise<JournalPage> {
	const where: (SQL | undefined)[] = [scope(db, viewer)];
	if (filters.action) where.push(eq(auditLog.action, filters.action));
	if (filters.reference) where.push(eq(auditLog.demandeReference, filters.reference));
	const dayStart = (date: LocalDate) =>
		zonedDateTimeToInstant(date, '00:00', timeZone) ?? new Date(`${date}T00:00:00Z`);
	if (filters.from) where.push(gte(auditLog.at, dayStart(filters.from)));
	if (filters.to) where.push(lt(auditLog.at, dayStart(addDays(filters.to, 1))));
	const condition = and(...where);
	const total = (await db.select({ n: count() }).from(auditLog).where(condition))[0]?.n ?? 0;
	const pageCount = Math.max(1, Math.ceil(total / JOURNAL_PAGE_SIZE));
	const page = Math.min(filters.page, pageCount);
	const rows = await db
		.select({
			id: auditLog.id,
			at: auditLog.at,
			action: auditLog.action,
			userName: staffUsers.name,
			demandeReference: auditLog.demandeReference,
			departementCode: auditLog.departementCode,
			details: auditLog.details
		})
		.from(auditLog)
		.leftJoin(staffUsers, eq(auditLog.userId, staffUsers.id))
		.where(condition)
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		.limit(JOURNAL_PAGE_SIZE)
		.offset((page - 1) * JOURNAL_PAGE_SIZE);
	return { rows, total, page, pageCount };
}
