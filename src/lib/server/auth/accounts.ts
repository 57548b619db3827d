import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db, Executor } from '$lib/server/db/index';
import {
	staffDepartements,
	staffSetupTokens,
	staffUsers,
	type StaffRole,
	type StaffUser
} from '$lib/server/db/schema';
import { generateToken, hashToken, looksLikeToken } from '$lib/server/tokens';
import { hashPassword, passwordPolicyError } from './password';
import { invalidateUserSessions } from './session';

export const SETUP_TOKEN_TTL_MS = 72 * 60 * 60 * 1000;

export interface NewStaff {
	email: string;
	name: string;
	role: StaffRole;
	departements: readonly string[];
}

/** Creates an account without a password (it is set through a one-time setup link). */
export function createStaffUser(db: Executor, input: NewStaff, now: Date = new Date()): number {
	const user = db
		.insert(staffUsers)
		.values({
			email: input.email.trim().toLowerCase(),
			name: input.name.trim(),
			role: input.role,
			createdAt: now
		})
		.returning({ id: staffUsers.id })
		.get();
	const codes = [...new Set(input.departements)];
	if (codes.length > 0) {
		db.insert(staffDepartements)
			.values(codes.map((departementCode) => ({ userId: user.id, departementCode })))
			.run();
	}
	return user.id;
}

export type SetupPurpose = 'activation' | 'reinitialisation';

/** How long a link works: 72 h to activate a new account, 1 h to reset a password. */
export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;
export const setupTokenTtlMs = (purpose: SetupPurpose) =>
	purpose === 'activation' ? SETUP_TOKEN_TTL_MS : RESET_TOKEN_TTL_MS;

/**
 * A new one-time link token (activation: 72 h; reinitialisation: 1 h). Earlier unused links of
 * the account with the same purpose stop working. Only the token's hash is stored.
 */
export function createSetupToken(
	db: Executor,
	userId: number,
	now: Date = new Date(),
	purpose: SetupPurpose = 'activation'
): string {
	const token = generateToken();
	db.update(staffSetupTokens)
		.set({ usedAt: now })
		.where(
			and(
				eq(staffSetupTokens.userId, userId),
				isNull(staffSetupTokens.usedAt),
				eq(staffSetupTokens.purpose, purpose)
			)
		)
		.run();
	db.insert(staffSetupTokens)
		.values({
			id: hashToken(token),
			userId,
			purpose,
			expiresAt: new Date(now.getTime() + setupTokenTtlMs(purpose))
		})
		.run();
	return token;
}

/** Every unused link of the account stops working (account disabled, password set). */
export function revokeSetupTokens(db: Executor, userId: number, now: Date = new Date()): void {
	db.update(staffSetupTokens)
		.set({ usedAt: now })
		.where(and(eq(staffSetupTokens.userId, userId), isNull(staffSetupTokens.usedAt)))
		.run();
}

/** The account and purpose of a valid (known, unused, unexpired) link of an active account. */
export function findSetupLink(
	db: Executor,
	token: string,
	now: Date = new Date()
): { user: StaffUser; purpose: SetupPurpose } | undefined {
	if (!looksLikeToken(token)) return undefined;
	const row = db
		.select({ user: staffUsers, purpose: staffSetupTokens.purpose })
		.from(staffSetupTokens)
		.innerJoin(staffUsers, eq(staffUsers.id, staffSetupTokens.userId))
		.where(
			and(
				eq(staffSetupTokens.id, hashToken(token)),
				isNull(staffSetupTokens.usedAt),
				gt(staffSetupTokens.expiresAt, now)
			)
		)
		.get();
	return row && row.user.disabledAt === null ? row : undefined;
}

/** The account of a valid (known, unused, unexpired) setup token. */
export function findSetupToken(
	db: Executor,
	token: string,
	now: Date = new Date()
): StaffUser | undefined {
	return findSetupLink(db, token, now)?.user;
}

export type SetupOutcome =
	{ ok: true; userId: number; purpose: SetupPurpose } | { ok: false; error: string };

/**
 * Sets the password of a link's account and burns the link, and every other unused link of
 * the account (atomically: a link works once even under concurrent submissions). Every
 * session of the account ends.
 */
export async function completeSetup(
	db: Db,
	token: string,
	password: string,
	now: Date = new Date()
): Promise<SetupOutcome> {
	const link = findSetupLink(db, token, now);
	if (!link) return { ok: false, error: 'staff:activation.invalid' };
	const policy = passwordPolicyError(password, link.user);
	if (policy) return { ok: false, error: policy };
	const passwordHash = await hashPassword(password);
	const used = db.transaction((tx) => {
		const burnt = tx
			.update(staffSetupTokens)
			.set({ usedAt: now })
			.where(
				and(
					eq(staffSetupTokens.id, hashToken(token)),
					isNull(staffSetupTokens.usedAt),
					gt(staffSetupTokens.expiresAt, now)
				)
			)
			.returning({ userId: staffSetupTokens.userId })
			.get();
		if (!burnt) return false;
		const active = tx
			.update(staffUsers)
			.set({ passwordHash })
			.where(and(eq(staffUsers.id, burnt.userId), isNull(staffUsers.disabledAt)))
			.run();
		if (active.changes !== 1) return false;
		revokeSetupTokens(tx, burnt.userId, now);
		invalidateUserSessions(tx, burnt.userId);
		return true;
	});
	return used
		? { ok: true, userId: link.user.id, purpose: link.purpose }
		: { ok: false, error: 'staff:activation.invalid' };
}

export function setPassword(db: Executor, userId: number, passwordHash: string): void {
	db.update(staffUsers).set({ passwordHash }).where(eq(staffUsers.id, userId)).run();
}

export function setTotpSecret(db: Executor, userId: number, secret: string | null): void {
	db.update(staffUsers).set({ totpSecret: secret }).where(eq(staffUsers.id, userId)).run();
}

export function getStaffUser(db: Executor, userId: number): StaffUser | undefined {
	return db.select().from(staffUsers).where(eq(staffUsers.id, userId)).get();
}
