/**
 * The one result type of the application layer (ADR 030): a use case answers a value or a
 * refusal, it never throws to refuse. Throwing is kept for bugs and broken infrastructure.
 *
 * A refusal carries a machine reason (translated by the route: `fieldErrors`-style locale key),
 * the HTTP status it maps to, and optionally the form field it concerns.
 */
import type { Db, Executor } from './db/index';

/** 400 bad input, 403 not allowed, 404 not found (or not in scope: existence not revealed), 409 conflicting state, 429 throttled. */
export type RefusalStatus = 400 | 403 | 404 | 409 | 429;

export interface Refusal<R extends string = string> {
	ok: false;
	reason: R;
	status: RefusalStatus;
	/** The form field the refusal is about (absent: the whole form). */
	field?: string;
	/** Throttled refusals: seconds to wait. */
	seconds?: number;
}

export type Result<T = undefined, R extends string = string> = { ok: true; value: T } | Refusal<R>;

export function ok(): { ok: true; value: undefined };
export function ok<T>(value: T): { ok: true; value: T };
export function ok<T>(value?: T): { ok: true; value: T | undefined } {
	return { ok: true, value };
}

export function refused<R extends string>(
	reason: R,
	status: RefusalStatus = 400,
	extra: { field?: string; seconds?: number } = {}
): Refusal<R> {
	return { ok: false, reason, status, ...extra };
}

/**
 * Runs `body` in one immediate transaction; a refusal rolls everything back (nothing is
 * half-stored) and is returned as it is. Exceptions (bugs, a full disk) still propagate.
 */
export async function transact<T, R extends string>(
	db: Db,
	body: (tx: Executor) => Promise<Result<T, R>>
): Promise<Result<T, R>> {
	const rollback = Symbol('rollback');
	let refusal: Refusal<R> | undefined;
	try {
		return await db.transaction(
			async (tx) => {
				const outcome = await body(tx);
				if (!outcome.ok) {
					refusal = outcome;
					throw rollback;
				}
				return outcome;
			},
			{ behavior: 'immediate' }
		);
	} catch (error) {
		if (error === rollback && refusal) return refusal;
		throw error;
	}
}
