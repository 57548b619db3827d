/**
 * Which campaign brought a person, without tracking them (ADR 044, docs/privacy.md): the
 * landing `/c/<code>[/<département>]` adds one to an aggregate counter (campaign × day ×
 * département, no address, no identifier) and leaves the campaign's code — the same for every
 * recipient of the letter — in a first-party cookie; the questionnaire started then keeps it on
 * its draft row. A questionnaire completed, a booking or a callback request read it back through
 * `campagneOf`, the one function any use case calls (event registrations too).
 */
import type { Cookies } from '@sveltejs/kit';
import { and, eq, sql } from 'drizzle-orm';
import { attributesOn, parseCode } from '$lib/campagnes/campagne';
import type { Executor } from '$lib/server/db/index';
import {
	campagneDepartements,
	campagneInscriptions,
	campagneQuestionnaires,
	campagnes,
	campagneVisits,
	type QuestionnaireDraft
} from '$lib/server/db/schema';

/** The first-party cookie carrying a campaign's code through the person's own journey. */
export const CAMPAGNE_COOKIE = 'pdp_campagne';
/** 30 days: a letter's reader may take a few weeks to book. */
export const CAMPAGNE_COOKIE_DAYS = 30;

const today = (now: Date) => now.toISOString().slice(0, 10);

/** The campaign of a code if its link still attributes on `now`, else undefined. */
async function attributingCampagne(db: Executor, rawCode: string | null | undefined, now: Date) {
	const code = parseCode(rawCode);
	if (!code) return undefined;
	const [campagne] = await db.select().from(campagnes).where(eq(campagnes.code, code));
	return campagne && attributesOn(campagne, today(now)) ? campagne : undefined;
}

export interface Landing {
	/** The campaign, when its link still attributes; null: an unknown or expired code. */
	campagne: { code: string } | null;
	/** The letter's département when it is one of the campaign's, else null. */
	departement: string | null;
}

/**
 * A person arrives by a campaign link: counts the visit (once per browser and campaign while the
 * cookie lasts) and leaves the code in the cookie. An unknown or expired code counts nothing.
 */
export async function land(
	db: Executor,
	input: { code: string; departement: string | undefined; secure: boolean },
	cookies: Cookies,
	now: Date
): Promise<Landing> {
	const campagne = await attributingCampagne(db, input.code, now);
	if (!campagne) return { campagne: null, departement: null };
	const departement =
		input.departement &&
		(
			await db
				.select()
				.from(campagneDepartements)
				.where(
					and(
						eq(campagneDepartements.campagneId, campagne.id),
						eq(campagneDepartements.departementCode, input.departement)
					)
				)
		)[0]
			? input.departement
			: null;
	if (parseCode(cookies.get(CAMPAGNE_COOKIE)) !== campagne.code) {
		await db
			.insert(campagneVisits)
			.values({
				campagneId: campagne.id,
				day: today(now),
				departement: departement ?? '',
				count: 1
			})
			.onConflictDoUpdate({
				target: [campagneVisits.campagneId, campagneVisits.day, campagneVisits.departement],
				set: { count: sql`${campagneVisits.count} + 1` }
			});
		cookies.set(CAMPAGNE_COOKIE, campagne.code, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: input.secure,
			maxAge: CAMPAGNE_COOKIE_DAYS * 24 * 60 * 60
		});
	}
	return { campagne: { code: campagne.code }, departement };
}

/**
 * The campaign a person's demande, questionnaire or registration comes from: the one their
 * questionnaire was started with, else the one of the link they came by (cookie) while it still
 * attributes; null when none.
 */
export async function campagneOf(
	db: Executor,
	visitor: { cookies: Pick<Cookies, 'get'>; draft?: QuestionnaireDraft | undefined },
	now: Date
): Promise<number | null> {
	if (visitor.draft?.campagneId) return visitor.draft.campagneId;
	return (await attributingCampagne(db, visitor.cookies.get(CAMPAGNE_COOKIE), now))?.id ?? null;
}

/**
 * Counts one more completed questionnaire or registration to an évènement for its campaign, in
 * the transaction that records it.
 */
export async function countForCampagne(
	db: Executor,
	counter: typeof campagneQuestionnaires | typeof campagneInscriptions,
	campagneId: number,
	month: string,
	departement: string
): Promise<void> {
	await db
		.insert(counter)
		.values({ campagneId, month, departement, count: 1 })
		.onConflictDoUpdate({
			target: [counter.campagneId, counter.month, counter.departement],
			set: { count: sql`${counter.count} + 1` }
		});
}
