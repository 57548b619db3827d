/**
 * Assigning several demandes at once from the inbox (ADR 040): the checked demandes, one
 * agent, one submit. Each demande goes through the very rule of the demande page (`assign` of
 * actions.ts: in the actor's scope, workable status, an agent assignable in ITS département),
 * in its own transaction: an accepted demande is assigned even if another one is refused, and
 * every refusal is reported with its reason. Without JavaScript the report travels in the
 * redirect's query string (references and reason codes only, never a name).
 */
import { z } from 'zod';
import type { Db, Executor } from '$lib/server/db/index';
import { ok, refused, type Result } from '$lib/server/result';
import { assign, assignableStaff, type ActionRefusal, type Actor } from './actions';
import { looksLikeReference } from './demande';
import { INBOX_PAGE_SIZE, inboxQueryNames } from './inbox';

/** The bulk form: the checked demandes (at most one page) and the agent. */
export const bulkAssignForm = {
	form: 'bulkAssign',
	schema: z.object({
		assignee: z
			.string('backoffice:inbox.bulk.errors.assignee')
			.regex(/^\d{1,9}$/, 'backoffice:inbox.bulk.errors.assignee')
			.transform(Number),
		demandes: z
			.array(z.string().refine(looksLikeReference, 'backoffice:inbox.bulk.errors.demandes'))
			.min(1, 'backoffice:inbox.bulk.errors.demandes')
			.max(INBOX_PAGE_SIZE, 'backoffice:inbox.bulk.errors.demandes')
	}),
	fields: ['assignee'],
	lists: ['demandes'],
	maxLength: 20,
	maxItems: INBOX_PAGE_SIZE + 1
} as const;

export interface BulkReport {
	assigned: number;
	refused: { reference: string; reason: ActionRefusal }[];
}

/** Assigns each reference to `assigneeId` with the demande page's rule; never all-or-nothing. */
export async function assignMany(
	db: Db,
	actor: Actor,
	references: readonly string[],
	assigneeId: number,
	now: Date = new Date()
): Promise<Result<BulkReport>> {
	const unique = [...new Set(references)];
	if (unique.length === 0) return refused('backoffice:inbox.bulk.errors.demandes', 400);
	const report: BulkReport = { assigned: 0, refused: [] };
	for (const reference of unique) {
		const outcome = await assign(db, actor, reference, assigneeId, now);
		if (outcome.ok) report.assigned += 1;
		else report.refused.push({ reference, reason: outcome.reason });
	}
	return ok(report);
}

/**
 * The agents the bulk form offers: those the demande page offers for any of the actor's
 * départements (`assignableStaff`), once each (the rule still checks each demande's own).
 */
export async function assignableInScope(
	db: Executor,
	scope: readonly string[]
): Promise<{ id: number; name: string }[]> {
	const agents = new Map<number, string>();
	for (const code of scope)
		for (const agent of await assignableStaff(db, code)) agents.set(agent.id, agent.name);
	return [...agents]
		.map(([id, name]) => ({ id, name }))
		.sort((a, b) => a.name.localeCompare(b.name, 'fr') || a.id - b.id);
}

const REPORT_ITEM = /^(PDP-[A-Z2-9]{8})\.([a-z_]+)$/;
const refusalReasons: readonly ActionRefusal[] = [
	'not_found',
	'wrong_status',
	'already_assigned',
	'assignee_invalid'
];

/** Where the bulk form goes back to: the inbox with its filters, and the report. */
export function bulkReportHref(current: URLSearchParams, report: BulkReport): string {
	const params = new URLSearchParams();
	for (const name of inboxQueryNames) {
		const value = current.get(name);
		if (value !== null && value !== '') params.set(name, value);
	}
	params.set('assignees', String(report.assigned));
	for (const { reference, reason } of report.refused)
		params.append('refus', `${reference}.${reason}`);
	return `/espace-pro?${params.toString()}`;
}

/** The report read back from the query string (a tampered item is dropped), or null. */
export function parseBulkReport(params: URLSearchParams): BulkReport | null {
	const assigned = params.get('assignees');
	if (assigned === null || !/^\d{1,2}$/.test(assigned)) return null;
	const refused = params
		.getAll('refus')
		.slice(0, INBOX_PAGE_SIZE)
		.map((item) => REPORT_ITEM.exec(item))
		.filter((match) => match !== null)
		.map(([, reference, reason]) => ({ reference: reference!, reason: reason as ActionRefusal }))
		.filter(({ reason }) => refusalReasons.includes(reason));
	return { assigned: Number(assigned), refused };
}
