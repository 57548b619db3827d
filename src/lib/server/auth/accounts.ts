import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db, Executor } from '$lib/server/db/index';
import { staffDepartements, staffSetupTokens, staffUsers, type StaffRole, type StaffUser } from '$lib/server/db/schema';
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
		.values({ email: input.email.trim().toLowerCase(), name: input.name.trim(), role: input.role, createdAt: now })
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

/** A new one-time link token (72 h); earlier unused links of the account stop working. */
export function createSetupToken(db: Executor, userId: number, now: Date = new Date()): string {
	const token = generateToken();
	db.update(staffSetupTokens)
		.set({ usedAt: now })
		.where(and(eq(staffSetupTokens.userId, userId), isNull(staffSetupTokens.usedAt)))
		.run();
	db.insert(staffSetupTokens)
		.values({ id: hashToken(token), userId, expiresAt: new Date(now.getTime() + SETUP_TOKEN_TTL_MS) })
		.run();
	return token;
}

/** The account of a valid (known, unused, unexpired) setup token. */
export function findSetupToken(db: Executor, token: string, now: Date = new Date()): StaffUser | undefined {
	if (!looksLikeToken(token)) return undefined;
	const row = db
		.select({ user: staffUsers })
		.from(staffSetupTokens)
		.innerJoin(staffUsers, eq(staffUsers.id, staffSetupTokens.userId))
		.where(
			and(eq(staffSetupTokens.id, hashToken(token)), isNull(staffSetupTokens.usedAt), gt(staffSetupTokens.expiresAt, now))
		)
		.get();
	return row && row.user.disabledAt === null ? row.user : undefined;
}

export type SetupOutcome = { ok: true; userId: number } | { ok: false; error: string };

/**
 * Sets the password of a setup link's account and burns the link (atomically: a link works
 * once even under concurrent submissions). Existing sessions of the account end.
 */
export async function completeSetup(db: Db, token: string, password: string, now: Date = new Date()): Promise<SetupOutcome> {
	const user = findSetupToken(db, token, now);
	if (!user) return { ok: false, error: 'staff:activation.invalid' };
	const policy = passwordPolicyError(password, user);
	if (policy) return { ok: false, error: policy };
	const passwordHash = await hashPassword(password);
	const used = db.transaction((tx) => {
		const burnt = tx
			.update(staffSetupTokens)
			.set({ usedAt: now })
			.where(and(eq(staffSetupTokens.id, hashToken(token)), isNull(staffSetupTokens.usedAt), gt(staffSetupTokens.expiresAt, now)))
			.returning({ userId: staffSetupTokens.userId })
			.get();
		if (!burnt) return false;
		tx.update(staffUsers).set({ passwordHash }).where(eq(staffUsers.id, burnt.userId)).run();
		invalidateUserSessions(tx, burnt.userId);
		return true;
	});
	return used ? { ok: true, userId: user.id } : { ok: false, error: 'staff:activation.invalid' };
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
