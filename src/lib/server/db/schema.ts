import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Answers, Profile } from '$lib/questionnaire/definition';
import type { ScoringResult } from '$lib/scoring/types';

/**
 * A questionnaire in progress or completed, on one device. Anonymous: the browser holds an
 * opaque random token in a cookie; only its SHA-256 hash is stored here (the id).
 * Deleted after DRAFT_TTL_DAYS unless the person sends it to the service social.
 */
export const questionnaireDrafts = sqliteTable('questionnaire_drafts', {
	id: text('id').primaryKey(),
	questionnaireVersion: text('questionnaire_version').notNull(),
	profile: text('profile', { mode: 'json' }).$type<Partial<Profile>>().notNull(),
	answers: text('answers', { mode: 'json' }).$type<Partial<Answers>>().notNull(),
	result: text('result', { mode: 'json' }).$type<ScoringResult>(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
	completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
	expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull()
});

/**
 * Completed questionnaires kept only as counts for statistics (no answers, no person):
 * one row per month × version × level × statut group × arrêt × source × département.
 */
export const questionnaireStats = sqliteTable(
	'questionnaire_stats',
	{
		month: text('month').notNull(),
		questionnaireVersion: text('questionnaire_version').notNull(),
		level: text('level').notNull(),
		statutGroup: text('statut_group').notNull(),
		arret: text('arret').notNull(),
		source: text('source').notNull(),
		departement: text('departement').notNull(),
		count: integer('count').notNull().default(0)
	},
	(table) => [
		primaryKey({
			columns: [
				table.month,
				table.questionnaireVersion,
				table.level,
				table.statutGroup,
				table.arret,
				table.source,
				table.departement
			]
		})
	]
);

export type QuestionnaireDraft = typeof questionnaireDrafts.$inferSelect;
