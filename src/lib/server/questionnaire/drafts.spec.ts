import { describe, expect, it } from 'vitest';
import { questionnaireDrafts, questionnaireStats } from '$lib/server/db/schema';
import { hashToken } from '$lib/server/tokens';
import { QUESTIONNAIRE_VERSION } from '$lib/questionnaire/definition';
import { scoreAnswers } from '$lib/scoring/score';
import { testDb } from '../../../../tests/helpers/db';
import { sampleAnswers, sampleProfile } from '../../../../tests/fixtures/answers';
import { DraftStore } from './drafts';

const profile = sampleProfile;
const answers = sampleAnswers;

function setup(start = new Date('2026-11-23T10:00:00Z')) {
	const db = testDb();
	let now = start;
	const store = new DraftStore(db, 7, () => now);
	return { db, store, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const DAY = 24 * 60 * 60 * 1000;

describe('DraftStore (real SQLite)', () => {
	it('stores only the hash of the cookie token and finds the draft by token', async () => {
		const { db, store } = setup();
		const { token, draft } = await store.create({ source: 'medecin_traitant' });
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		expect(draft.id).toBe(hashToken(token));
		expect((await db.select().from(questionnaireDrafts)).map((d) => d.id)).toEqual([
			hashToken(token)
		]);
		expect((await store.find(token))?.profile).toEqual({ source: 'medecin_traitant' });
		expect(draft.questionnaireVersion).toBe(QUESTIONNAIRE_VERSION);
	});

	it('finds nothing for a forged, malformed or unknown token', async () => {
		const { store } = setup();
		await store.create();
		expect(await store.find(undefined)).toBeUndefined();
		expect(await store.find('not-a-token')).toBeUndefined();
		expect(await store.find("' OR 1=1 --")).toBeUndefined();
		expect(await store.find('a'.repeat(32))).toBeUndefined();
	});

	it('expires a draft after the TTL, sliding with each save, and purges it', async () => {
		const { db, store, advance } = setup();
		const { token, draft } = await store.create();
		advance(6 * DAY);
		await store.saveProfile(draft, profile, []);
		advance(6 * DAY);
		expect((await store.find(token))?.profile).toEqual(profile);
		expect(await store.purgeExpired()).toBe(0);
		advance(1 * DAY + 1);
		expect(await store.find(token)).toBeUndefined();
		expect(await store.purgeExpired()).toBe(1);
		expect(await db.select().from(questionnaireDrafts)).toEqual([]);
	});

	it('clears the answers a statut change invalidates', async () => {
		const { store } = setup();
		const { token, draft } = await store.create();
		await store.saveProfile(draft, profile, []);
		const withAnswer = (await store.find(token))!;
		await store.saveAnswer(withAnswer, 'relation_travail', 'conflit');
		await store.saveAnswer((await store.find(token))!, 'duree_arret', 'plus_6_mois');
		const remaining = await store.saveProfile(
			(await store.find(token))!,
			{ ...profile, statut: 'ti_artisan' },
			['relation_travail']
		);
		expect(remaining).toEqual({ duree_arret: 'plus_6_mois' });
		expect((await store.find(token))?.answers).toEqual({ duree_arret: 'plus_6_mois' });
	});

	it('counts a completed questionnaire once in the anonymous statistics, even if submitted twice', async () => {
		const { db, store } = setup();
		const { token, draft } = await store.create();
		const result = scoreAnswers(answers, 'salarie');
		await store.complete(draft, profile, result);
		await store.complete((await store.find(token))!, profile, result);
		const second = await store.create();
		await store.complete(second.draft, profile, result);
		const stats = await db.select().from(questionnaireStats);
		expect(stats).toEqual([
			{
				month: '2026-11',
				questionnaireVersion: QUESTIONNAIRE_VERSION,
				level: result.level,
				statutGroup: 'salarie',
				arret: 'maladie',
				source: 'medecin_traitant',
				departement: '974',
				count: 2
			}
		]);
		// The statistics hold no answer and nothing that links back to a draft.
		expect(Object.keys(stats[0]!)).not.toContain('answers');
		expect((await store.find(token))?.result?.level).toBe(result.level);
		expect((await store.find(token))?.completedAt).toBeInstanceOf(Date);
	});
});
