import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Cookies } from '@sveltejs/kit';
import type { Db } from '$lib/server/db';
import {
	campagneQuestionnaires,
	questionnaireDrafts,
	questionnaireStats,
	type QuestionnaireDraft
} from '$lib/server/db/schema';
import { generateToken, hashToken, looksLikeToken } from '$lib/server/tokens';
import {
	QUESTIONNAIRE_VERSION,
	statutGroup,
	type Answers,
	type Profile,
	type QuestionId
} from '$lib/questionnaire/definition';
import type { ScoringResult } from '$lib/scoring/types';
import { countForCampagne } from '$lib/server/campagnes/attribution';
import { changedRows } from '$lib/server/db/index';

export const DRAFT_COOKIE = 'pdp_questionnaire';
const DAY_MS = 24 * 60 * 60 * 1000;
const month = (now: Date) => now.toISOString().slice(0, 7);

/**
 * Server-side questionnaire drafts behind an opaque cookie: a refresh, the back button or
 * coming back on the same device within DRAFT_TTL_DAYS resumes the questionnaire.
 */
export class DraftStore {
	constructor(
		private readonly db: Db,
		private readonly ttlDays: number,
		private readonly now: () => Date = () => new Date()
	) {}

	/** The live (not expired) draft of this token, if any. */
	async find(token: string | undefined): Promise<QuestionnaireDraft | undefined> {
		if (!looksLikeToken(token)) return undefined;
		return (
			await this.db
				.select()
				.from(questionnaireDrafts)
				.where(
					and(
						eq(questionnaireDrafts.id, hashToken(token)),
						gt(questionnaireDrafts.expiresAt, this.now())
					)
				)
		)[0];
	}

	/**
	 * Starts a draft; `profile` may carry a pre-filled source, `campagneId` the outreach campaign
	 * whose link the person came by (ADR 044). Returns the cookie token.
	 */
	async create(
		profile: Partial<Profile> = {},
		campagneId: number | null = null
	): Promise<{ token: string; draft: QuestionnaireDraft }> {
		const token = generateToken();
		const now = this.now();
		const [draft] = await this.db
			.insert(questionnaireDrafts)
			.values({
				id: hashToken(token),
				questionnaireVersion: QUESTIONNAIRE_VERSION,
				profile,
				answers: {},
				createdAt: now,
				updatedAt: now,
				expiresAt: this.expiry(now),
				campagneId
			})
			.returning();
		return { token, draft: draft! };
	}

	/** Saves the profile. Changing the statut clears answers whose wording or options depend on it. */
	async saveProfile(
		draft: QuestionnaireDraft,
		profile: Profile,
		clearAnswers: QuestionId[]
	): Promise<Partial<Answers>> {
		const answers = { ...draft.answers };
		for (const id of clearAnswers) delete answers[id];
		await this.update(draft.id, { profile, answers });
		return answers;
	}

	async saveAnswer(
		draft: QuestionnaireDraft,
		id: QuestionId,
		value: string | number
	): Promise<void> {
		await this.update(draft.id, { answers: { ...draft.answers, [id]: value } });
	}

	/**
	 * Stores the result and counts the completion for statistics, in one transaction.
	 * Counting happens once per draft even if the summary is submitted twice.
	 */
	async complete(
		draft: QuestionnaireDraft,
		profile: Profile,
		result: ScoringResult
	): Promise<void> {
		const now = this.now();
		await this.db.transaction(async (tx) => {
			const updated = await tx
				.update(questionnaireDrafts)
				.set({ result, completedAt: now, updatedAt: now, expiresAt: this.expiry(now) })
				.where(
					and(eq(questionnaireDrafts.id, draft.id), sql`${questionnaireDrafts.completedAt} IS NULL`)
				);
			if (changedRows(updated) === 0) {
				// Already completed (double submit, or an answer changed afterwards): refresh the result only.
				await tx
					.update(questionnaireDrafts)
					.set({ result, updatedAt: now })
					.where(eq(questionnaireDrafts.id, draft.id));
				return;
			}
			await tx
				.insert(questionnaireStats)
				.values({
					month: month(now),
					questionnaireVersion: result.questionnaireVersion,
					level: result.level,
					statutGroup: statutGroup(profile.statut),
					arret: profile.arret,
					source: profile.source,
					departement: profile.departement,
					count: 1
				})
				.onConflictDoUpdate({
					target: [
						questionnaireStats.month,
						questionnaireStats.questionnaireVersion,
						questionnaireStats.level,
						questionnaireStats.statutGroup,
						questionnaireStats.arret,
						questionnaireStats.source,
						questionnaireStats.departement
					],
					set: { count: sql`${questionnaireStats.count} + 1` }
				});
			if (draft.campagneId)
				await countForCampagne(
					tx,
					campagneQuestionnaires,
					draft.campagneId,
					month(now),
					profile.departement
				);
		});
	}

	/**
	 * Deletes expired drafts (unfinished questionnaires and results nobody sent): after
	 * DRAFT_TTL_DAYS only the anonymous counts of questionnaire_stats remain. Idempotent.
	 */
	async purgeExpired(): Promise<number> {
		return changedRows(
			await this.db
				.delete(questionnaireDrafts)
				.where(lte(questionnaireDrafts.expiresAt, this.now()))
		);
	}

	/** Forget a draft (start again). */
	async delete(draft: QuestionnaireDraft): Promise<void> {
		await this.db.delete(questionnaireDrafts).where(eq(questionnaireDrafts.id, draft.id));
	}

	private async update(
		id: string,
		values: Partial<Pick<QuestionnaireDraft, 'profile' | 'answers'>>
	): Promise<void> {
		const now = this.now();
		await this.db
			.update(questionnaireDrafts)
			.set({ ...values, updatedAt: now, expiresAt: this.expiry(now) })
			.where(eq(questionnaireDrafts.id, id));
	}

	private expiry(from: Date): Date {
		return new Date(from.getTime() + this.ttlDays * DAY_MS);
	}
}

export function setDraftCookie(
	cookies: Cookies,
	token: string,
	ttlDays: number,
	secure: boolean
): void {
	cookies.set(DRAFT_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		maxAge: ttlDays * 24 * 60 * 60
	});
}
