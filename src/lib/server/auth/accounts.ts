import { and, eq, gt, isNull } from 'drizzle-orm';
import { changedRows, type Db, type Executor } from '$lib/server/db/index';
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
export async function createStaffUser(
	db: Executor,
	input: NewStaff,
	now: Date = new Date()
): Promise<number> {
	const [user] = await db
		.insert(staffUsers)
		.values({
			email: input.email.trim().toLowerCase(),
			name: input.name.trim(),
			role: input.role,
			createdAt: now
		})
		.returning({ id: staffUsers.id });
	const codes = [...new Set(input.departements)];
	if (codes.length > 0) {
		await db
			.insert(staffDepartements)
			.values(codes.map((departementCode) => ({ userId: user!.id, departementCode })));
	}
	return user!.id;
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
export async function createSetupToken(
	db: Executor,
	userId: number,
	now: Date = new Date(),
	purpose: SetupPurpose = 'activation'
): Promise<string> {
	const token = generateToken();
	await db
		.update(staffSetupTokens)
		.set({ usedAt: now })
		.where(
			and(
				eq(staffSetupTokens.userId, userId),
				isNull(staffSetupTokens.usedAt),
				eq(staffSetupTokens.purpose, purpose)
			)
		);
	await db.insert(staffSetupTokens).values({
		id: hashToken(token),
		userId,
		purpose,
		expiresAt: new Date(now.getTime() + setupTokenTtlMs(purpose))
	});
	return token;
}

/** Every unused link of the account stops working (account disabled, password set). */
export async function revokeSetupTokens(
	db: Executor,
	userId: number,
	now: Date = new Date()
): Promise<void> {
	await db
		.update(staffSetupTokens)
		.set({ usedAt: now })
		.where(and(eq(staffSetupTokens.userId, userId), isNull(staffSetupTokens.usedAt)));
}

/** The account and purpose of a valid (known, unused, unexpired) link of an active account. */
export async function findSetupLink(
	db: Executor,
	token: string,
	now: Date = new Date()
): Promise<{ user: StaffUser; purpose: SetupPurpose } | undefined> {
	if (!looksLikeToken(token)) return undefined;
	const [row] = await db
		.select({ user: staffUsers, purpose: staffSetupTokens.purpose })
		.from(staffSetupTokens)
		.innerJoin(staffUsers, eq(staffUsers.id, staffSetupTokens.userId))
		.where(
			and(
				eq(staffSetupTokens.id, hashToken(token)),
				isNull(staffSetupTokens.usedAt),
				gt(staffSetupTokens.expiresAt, now)
			)
		);
	return row && row.user.disabledAt === null ? row : undefined;
}

/** The account of a valid (known, unused, unexpired) setup token. */
export async function findSetupToken(
	db: Executor,
	token: string,
	now: Date = new Date()
): Promise<StaffUser | undefined> {
	return (await findSetupLink(db, token, now))?.user;
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
	const link = await findSetupLink(db, token, now);
	if (!link) return { ok: false, error: 'staff:activation.invalid' };
	const policy = passwordPolicyError(password, link.user);
	if (policy) return { ok: false, error: policy };
	const passwordHash = await hashPassword(password);
	const used = await db.transaction(async (tx) => {
		const [burnt] = await tx
			.update(staffSetupTokens)
			.set({ usedAt: now })
			.where(
				and(
					eq(staffSetupTokens.id, hashToken(token)),
					isNull(staffSetupTokens.usedAt),
					gt(staffSetupTokens.expiresAt, now)
				)
			)
			.returning({ userId: staffSetupTokens.userId });
		if (!burnt) return false;
		const active = await tx
			.update(staffUsers)
			.set({ passwordHash })
			.where(and(eq(staffUsers.id, burnt.userId), isNull(staffUsers.disabledAt)));
		if (changedRows(active) !== 1) return false;
		await revokeSetupTokens(tx, burnt.userId, now);
		await invalidateUserSessions(tx, burnt.userId);
		return true;
	});
	return used
		? { ok: true, userId: link.user.id, purpose: link.purpose }
		: { ok: false, error: 'staff:activation.invalid' };
}

export async function setPassword(
	db: Executor,
	userId: number,
	passwordHash: string
): Promise<void> {
	await db.update(staffUsers).set({ passwordHash }).where(eq(staffUsers.id, userId));
}

export async function setTotpSecret(
	db: Executor,
	userId: number,
	secret: string | null
): Promise<void> {
	await db.update(staffUsers).set({ totpSecret: secret }).where(eq(staffUsers.id, userId));
}

export async function getStaffUser(db: Executor, userId: number): Promise<StaffUser | undefined> {
	return (await db.select().from(staffUsers).where(eq(staffUsers.id, userId)))[0];
}
