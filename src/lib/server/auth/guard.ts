import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { departementCodes } from '$lib/departements/data';
import type { Executor } from '$lib/server/db/index';
import { auditLog, staffDepartements, type StaffRole } from '$lib/server/db/schema';
import type { AuditAction } from '$lib/server/audit-actions';
import type { SessionUser } from './session';

/** Who is working, set by `handleAuth` in `event.locals.staff` (null: not logged in or 2FA pending). */
export interface StaffContext {
	user: { id: number; email: string; name: string; role: StaffRole };
	/** Codes of the départements this person works; all of them for an administrateur. */
	departements: string[];
	sessionId: string;
}

/** The context of a validated, fully verified session. */
export async function staffContextFor(
	db: Executor,
	sessionId: string,
	user: SessionUser
): Promise<StaffContext> {
	const departements =
		user.role === 'administrateur'
			? [...departementCodes]
			: (
					await db
						.select({ code: staffDepartements.departementCode })
						.from(staffDepartements)
						.where(eq(staffDepartements.userId, user.id))
				)
					.map((row) => row.code)
					.sort();
	return {
		user: { id: user.id, email: user.email, name: user.name, role: user.role },
		departements,
		sessionId
	};
}

/**
 * Call at the top of every load and action of the back-office (a layout alone is not enough).
 * Not logged in → 303 to the login page with `retour` (and `expiree=1` when the request's
 * session has just expired, for the notice); logged in with another role → 403.
 */
export function requireStaff(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	options: { roles?: readonly StaffRole[] } = {}
): StaffContext {
	const staff = event.locals.staff;
	if (!staff) {
		const expired = event.locals.sessionExpired ? '&expiree=1' : '';
		redirect(
			303,
			'/espace-pro/connexion?retour=' +
				encodeURIComponent(event.url.pathname + event.url.search) +
				expired
		);
	}
	if (options.roles && !options.roles.includes(staff.user.role))
		error(403, 'staff:errors.forbidden');
	return staff;
}

export function canAccessDepartement(ctx: StaffContext, code: string): boolean {
	return ctx.user.role === 'administrateur' || ctx.departements.includes(code);
}

export type AuditDetails = Record<string, string | number | boolean | null>;

/**
 * One line of the audit trail. `details` holds technical facts only (a step, a reason, a
 * status): never health data, never contact data, never a typed e-mail address.
 */
export async function audit(
	db: Executor,
	entry: {
		userId: number | null;
		action: AuditAction;
		demandeReference?: string;
		departementCode?: string;
		details?: AuditDetails;
	},
	now: Date = new Date()
): Promise<void> {
	await db.insert(auditLog).values({
		at: now,
		userId: entry.userId,
		action: entry.action,
		demandeReference: entry.demandeReference ?? null,
		departementCode: entry.departementCode ?? null,
		details: entry.details ? inJsonbKeyOrder(entry.details) : null
	});
}

/**
 * The details with their keys in the order PostgreSQL's `jsonb` keeps them (shorter keys first,
 * then by bytes): the journal reads back alike on both databases (ADR 050).
 */
export function inJsonbKeyOrder<T extends Record<string, unknown>>(details: T): T {
	const keys = Object.keys(details).sort(
		(a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)
	);
	return Object.fromEntries(keys.map((key) => [key, details[key]])) as T;
}

/**
 * Where to go after logging in: only a path inside the back-office (never another site, never
 * `//host`, no backslash or whitespace a browser would strip); anything else → `/espace-pro`.
 */
const retourSchema = z
	.string()
	.max(2000)
	.regex(/^\/espace-pro(?:[/?#][^\s\\]*)?$/)
	.refine(
		(path) =>
			!path.startsWith('/espace-pro/connexion') && !path.startsWith('/espace-pro/deconnexion')
	);

export function safeRetour(value: unknown): string {
	const parsed = retourSchema.safeParse(value);
	return parsed.success ? parsed.data : '/espace-pro';
}
