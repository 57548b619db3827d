import type { AuditAction } from '$lib/server/audit-actions';
import { ok, refused, type Result } from '$lib/server/result';
import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { departementCodes } from '$lib/departements/data';
import type { Locale } from '$lib/i18n/config';
import type { Db, Executor } from '$lib/server/db/index';
import type { FormShape } from '$lib/server/forms';
import {
	staffDepartements,
	staffRoles,
	staffUsers,
	type StaffRole,
	type StaffUser
} from '$lib/server/db/schema';
import {
	createSetupToken,
	createStaffUser,
	revokeSetupTokens,
	type SetupPurpose
} from '$lib/server/auth/accounts';
import { audit, type AuditDetails, type StaffContext } from '$lib/server/auth/guard';
import { findUserByEmail } from '$lib/server/auth/login';
import { invalidateUserSessions } from '$lib/server/auth/session';
import { env, publicBaseUrl } from '$lib/server/env';
import { LINK_TOKEN } from '$lib/server/mail/seal';
import { enqueueMail } from '$lib/server/mail/outbox';
import { staffAccountMail } from '$lib/server/mail/staff-account';

/**
 * The team pages (/espace-pro/equipe): who may see, create and manage which staff accounts
 * (docs/accounts.md). Responsables work within their départements and never on an
 * administrateur; administrateurs work on everyone. Every change is audited with ids only.
 */

/** Where links point and whether mails say "demo" (from env: PUBLIC_URL/ORIGIN, DEMO_DATA). */
export interface LinkOptions {
	baseUrl: string;
	isDemo: boolean;
	now?: Date;
	/** Language of the mail; French when a colleague triggers it. */
	locale?: Locale;
}

/** Link options from the configuration (PUBLIC_URL, else ORIGIN; never the request's Host: ADR 025). */
export function linkOptionsFromEnv(): LinkOptions {
	const config = env();
	return { baseUrl: publicBaseUrl(config), isDemo: config.DEMO_DATA };
}

export const setupUrl = (baseUrl: string, token: string) =>
	`${baseUrl.replace(/\/+$/, '')}/espace-pro/activation/${token}`;

// ------------------------------------------------------------------ who may do what

/** Roles an actor may give. */
export function assignableRoles(actor: StaffContext): StaffRole[] {
	return actor.user.role === 'administrateur'
		? [...staffRoles]
		: actor.user.role === 'responsable'
			? ['agent', 'responsable']
			: [];
}

/** Départements an actor may give (an administrateur: all of them). */
export function assignableDepartements(actor: StaffContext): string[] {
	return actor.user.role === 'administrateur'
		? [...departementCodes]
		: actor.user.role === 'responsable'
			? [...actor.departements]
			: [];
}

/**
 * An administrateur manages everyone; a responsable manages agents and responsables all of
 * whose départements they work themselves (never an administrateur, never someone who also
 * works elsewhere: that person's other responsable would be bypassed).
 */
export function canManage(
	actor: StaffContext,
	target: { role: StaffRole; departements: readonly string[] }
): boolean {
	if (actor.user.role === 'administrateur') return true;
	if (actor.user.role !== 'responsable' || target.role === 'administrateur') return false;
	return (
		target.departements.length > 0 &&
		target.departements.every((code) => actor.departements.includes(code))
	);
}

// ------------------------------------------------------------------ reading

export type MemberStatus = 'active' | 'pending' | 'disabled';

export interface Member {
	id: number;
	name: string;
	email: string;
	role: StaffRole;
	departements: string[];
	totpEnabled: boolean;
	status: MemberStatus;
	createdAt: Date;
	manageable: boolean;
	self: boolean;
}

async function departementsOf(db: Executor, userIds: number[]): Promise<Map<number, string[]>> {
	const byUser = new Map<number, string[]>();
	if (userIds.length === 0) return byUser;
	const rows = await db
		.select()
		.from(staffDepartements)
		.where(inArray(staffDepartements.userId, userIds));
	for (const row of rows)
		byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row.departementCode]);
	for (const codes of byUser.values()) codes.sort();
	return byUser;
}

function toMember(actor: StaffContext, user: StaffUser, departements: string[]): Member {
	return {
		id: user.id,
		name: user.name,
		email: user.email,
		role: user.role,
		departements,
		totpEnabled: user.totpSecret !== null,
		status:
			user.disabledAt !== null ? 'disabled' : user.passwordHash === null ? 'pending' : 'active',
		createdAt: user.createdAt,
		manageable: canManage(actor, { role: user.role, departements }),
		self: user.id === actor.user.id
	};
}

/**
 * The staff an actor sees: everyone for an administrateur; for a responsable, the accounts that
 * work at least one of their départements (administrateurs, who have none, are not listed).
 */
export async function listMembers(db: Executor, actor: StaffContext): Promise<Member[]> {
	let users: StaffUser[];
	if (actor.user.role === 'administrateur') {
		users = await db.select().from(staffUsers).orderBy(asc(staffUsers.name), asc(staffUsers.id));
	} else if (actor.user.role === 'responsable' && actor.departements.length > 0) {
		const ids = (
			await db
				.selectDistinct({ id: staffDepartements.userId })
				.from(staffDepartements)
				.where(inArray(staffDepartements.departementCode, actor.departements))
		).map((row) => row.id);
		users =
			ids.length === 0
				? []
				: await db
						.select()
						.from(staffUsers)
						.where(inArray(staffUsers.id, ids))
						.orderBy(asc(staffUsers.name), asc(staffUsers.id));
	} else {
		users = [];
	}
	const deps = await departementsOf(
		db,
		users.map((u) => u.id)
	);
	return users.map((user) => toMember(actor, user, deps.get(user.id) ?? []));
}

/** A member the actor may manage, or undefined (the page answers 404 either way). */
export async function findManageableMember(
	db: Executor,
	actor: StaffContext,
	id: number
): Promise<Member | undefined> {
	const [user] = await db.select().from(staffUsers).where(eq(staffUsers.id, id));
	if (!user) return undefined;
	const member = toMember(actor, user, (await departementsOf(db, [id])).get(id) ?? []);
	return member.manageable ? member : undefined;
}

// ------------------------------------------------------------------ audit

/**
 * One audit row per département of the member (so that each département's responsables see it
 * in their journal), one without département for an administrateur. Ids only.
 */
async function auditMember(
	db: Executor,
	actorId: number,
	action: AuditAction,
	member: { id: number; departements: readonly string[] },
	details: AuditDetails,
	now: Date
): Promise<void> {
	const entry = { userId: actorId, action, details: { targetUserId: member.id, ...details } };
	if (member.departements.length === 0) await audit(db, entry, now);
	for (const departementCode of member.departements)
		await audit(db, { ...entry, departementCode }, now);
}

/** Queues the link's mail to the member (in the same transaction as the link). */
/** The account link mail; its token is sealed apart from the text (ADR 025). */
export async function queueLinkMail(
	db: Executor,
	to: { email: string; name: string },
	purpose: SetupPurpose,
	token: string,
	options: LinkOptions,
	now: Date
) {
	const url = setupUrl(options.baseUrl, LINK_TOKEN);
	const mail = staffAccountMail({
		locale: options.locale ?? 'fr',
		purpose,
		name: to.name,
		url,
		isDemo: options.isDemo
	});
	await enqueueMail(
		db,
		{ recipient: to.email, subject: mail.subject, text: mail.text, token },
		now
	);
}

// ------------------------------------------------------------------ creating

const departementCodeSet = new Set(departementCodes);

/** The creation form (one schema, messages are `equipe:` locale keys). */
export const newMemberSchema = z.object({
	name: z
		.string()
		.trim()
		.min(1, 'equipe:errors.nameRequired')
		.max(200, 'equipe:errors.nameTooLong'),
	email: z
		.string()
		.trim()
		.toLowerCase()
		.min(1, 'equipe:errors.emailRequired')
		.max(254, 'equipe:errors.emailInvalid')
		.pipe(z.email('equipe:errors.emailInvalid')),
	role: z.enum(staffRoles, { error: 'equipe:errors.roleRequired' }),
	departements: z
		.array(z.string().trim().toUpperCase())
		.max(departementCodes.length, 'equipe:errors.departementUnknown')
		.transform((codes) => [...new Set(codes)].sort())
		.refine(
			(codes) => codes.every((code) => departementCodeSet.has(code)),
			'equipe:errors.departementUnknown'
		)
});

/** The new member form: `departements` is a list of checkboxes. */
export const newMemberForm = {
	form: 'member',
	schema: newMemberSchema,
	fields: ['name', 'email', 'role'],
	lists: ['departements'],
	maxLength: 1000,
	invalidKey: 'equipe:errors.invalid'
} satisfies FormShape<typeof newMemberSchema>;

/** What the new member form shows again after a refusal (never more than the fields hold). */
export function newMemberEcho(
	values: Record<string, string | undefined>,
	lists: Record<string, string[]>
): { name: string; email: string; role: string; departements: string[] } {
	return {
		name: (values.name ?? '').slice(0, 200),
		email: (values.email ?? '').slice(0, 254),
		role: (values.role ?? '').slice(0, 50),
		departements: (lists.departements ?? []).map((code) => code.slice(0, 10))
	};
}

/** `createMember` as a `Result` (its refusal on the first refused field), for the form frame. */
export async function addMember(
	db: Db,
	actor: StaffContext,
	input: unknown,
	options: LinkOptions
): Promise<Result<{ token: string }>> {
	const outcome = await createMember(db, actor, input, options);
	if (outcome.ok) return ok({ token: outcome.token });
	const [field, key] = Object.entries(outcome.errors)[0] ?? ['form', 'equipe:errors.invalid'];
	return refused(key, 400, { field });
}

export type CreateOutcome =
	| { ok: true; userId: number; token: string; url: string }
	| { ok: false; errors: Record<string, string> };

/** The codes of a unique constraint's refusal: better-sqlite3's, PostgreSQL's SQLSTATE (ADR 050). */
const UNIQUE_VIOLATION = new Set(['SQLITE_CONSTRAINT_UNIQUE', '23505']);

/** A unique constraint's refusal (either database), possibly wrapped by drizzle (as `cause`). */
export const isUniqueViolation = (error: unknown): boolean => {
	for (let e: unknown = error, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
		if ('code' in e && UNIQUE_VIOLATION.has(String((e as { code: unknown }).code))) return true;
	}
	return false;
};

/**
 * Creates an account (no password) with a 72-hour activation link, queues the link by e-mail to
 * the new member and audits it, all in one transaction. Refusals change nothing.
 */
export async function createMember(
	db: Db,
	actor: StaffContext,
	input: unknown,
	options: LinkOptions
): Promise<CreateOutcome> {
	const now = options.now ?? new Date();
	const parsed = newMemberSchema.safeParse(input);
	if (!parsed.success) {
		const errors: Record<string, string> = {};
		for (const issue of parsed.error.issues) {
			const field = String(issue.path[0] ?? 'form');
			errors[field] ??= /^[a-z]+:[\w.]+$/.test(issue.message)
				? issue.message
				: 'equipe:errors.invalid';
		}
		return { ok: false, errors };
	}
	const { name, email, role } = parsed.data;
	if (!assignableRoles(actor).includes(role))
		return { ok: false, errors: { role: 'equipe:errors.roleNotAllowed' } };
	const departements = role === 'administrateur' ? [] : parsed.data.departements;
	if (role !== 'administrateur' && departements.length === 0) {
		return { ok: false, errors: { departements: 'equipe:errors.departementsRequired' } };
	}
	const allowed = assignableDepartements(actor);
	if (!departements.every((code) => allowed.includes(code))) {
		return { ok: false, errors: { departements: 'equipe:errors.departementNotAllowed' } };
	}
	if (await findUserByEmail(db, email))
		return { ok: false, errors: { email: 'equipe:errors.emailTaken' } };
	try {
		return db.transaction(async (tx) => {
			const userId = await createStaffUser(tx, { name, email, role, departements }, now);
			const token = await createSetupToken(tx, userId, now, 'activation');
			const url = setupUrl(options.baseUrl, token);
			await queueLinkMail(tx, { email, name }, 'activation', token, options, now);
			await auditMember(
				tx,
				actor.user.id,
				'staff_created',
				{ id: userId, departements },
				{ role },
				now
			);
			return { ok: true as const, userId, token, url };
		});
	} catch (error) {
		if (isUniqueViolation(error))
			return { ok: false, errors: { email: 'equipe:errors.emailTaken' } };
		throw error;
	}
}

// ------------------------------------------------------------------ managing

/** not_found (404: the account is not revealed), self (one's own account), disabled (no link to a disabled account). */
export type ManageOutcome = Result<undefined, 'not_found' | 'self' | 'disabled'>;
const refuseMember = (reason: 'not_found' | 'self' | 'disabled') =>
	refused(reason, reason === 'not_found' ? 404 : 400);

/**
 * Disables (every session ends, every unused link dies) or re-enables an account. Not one's
 * own; a responsable only within their rules (else not_found: the page answers 404).
 */
export async function setMemberDisabled(
	db: Db,
	actor: StaffContext,
	id: number,
	disabled: boolean,
	now: Date = new Date()
): Promise<ManageOutcome> {
	const member = await findManageableMember(db, actor, id);
	if (!member) return refuseMember('not_found');
	if (member.self) return refuseMember('self');
	if ((member.status === 'disabled') === disabled) return ok();
	await db.transaction(async (tx) => {
		await tx
			.update(staffUsers)
			.set({ disabledAt: disabled ? now : null })
			.where(eq(staffUsers.id, id));
		if (disabled) {
			await invalidateUserSessions(tx, id);
			await revokeSetupTokens(tx, id, now);
		}
		await auditMember(
			tx,
			actor.user.id,
			disabled ? 'staff_disabled' : 'staff_enabled',
			member,
			{},
			now
		);
	});
	return ok();
}

/** E-mails a member a 1-hour link to choose a new password (earlier reset links die). */
export async function sendMemberResetLink(
	db: Db,
	actor: StaffContext,
	id: number,
	options: LinkOptions
): Promise<ManageOutcome> {
	const now = options.now ?? new Date();
	const member = await findManageableMember(db, actor, id);
	if (!member) return refuseMember('not_found');
	if (member.status === 'disabled') return refuseMember('disabled');
	await db.transaction(async (tx) => {
		const token = await createSetupToken(tx, id, now, 'reinitialisation');
		await queueLinkMail(tx, member, 'reinitialisation', token, options, now);
		await auditMember(tx, actor.user.id, 'password_reset_link_sent', member, { by: 'staff' }, now);
	});
	return ok();
}
