import { describe, expect, it } from 'vitest';
import { QUESTION_COUNT } from '$lib/questionnaire/definition';
import { testDb } from '../../../../tests/helpers/db';
import { sampleProfile } from '../../../../tests/fixtures/answers';
import { DraftStore } from './drafts';
import { answerQuestion, questionAt, questionView } from './question-step';

async function setup() {
	const store = new DraftStore(testDb(), 7, () => new Date('2026-11-23T10:00:00Z'));
	const { token, draft } = await store.create(sampleProfile);
	return { store, token, draft };
}

const at = (number: number, fromSummary = false) => ({
	number,
	question: questionAt(number)!,
	fromSummary
});

describe('a question of the questionnaire', () => {
	it('saves a valid answer and goes to the next question', async () => {
		const { store, token, draft } = await setup();
		const option = questionView(draft, 1, questionAt(1)!).question.options[0]!;
		expect(await answerQuestion(store, draft, at(1), option)).toEqual({
			ok: true,
			value: '/questionnaire/question/2'
		});
		expect((await store.find(token))?.answers[questionAt(1)!.id]).toBe(option);
	});

	it('refuses an answer that is not an option of the question, nothing saved', async () => {
		const { store, token, draft } = await setup();
		for (const answer of [undefined, '', 'pas_une_option']) {
			expect(await answerQuestion(store, draft, at(1), answer)).toMatchObject({
				ok: false,
				status: 400,
				field: 'answer',
				reason: 'questionnaire:errors.answer'
			});
		}
		expect((await store.find(token))?.answers).toEqual({});
	});

	it('from the summary, or after the last question, goes to the first step still missing', async () => {
		const { store, draft } = await setup();
		const option = questionView(draft, 1, questionAt(1)!).question.options[0]!;
		// Questions 2… are still missing: back to question 2, not to the summary.
		expect(await answerQuestion(store, draft, at(1, true), option)).toEqual({
			ok: true,
			value: '/questionnaire/question/2'
		});
		expect(questionAt(QUESTION_COUNT + 1)).toBeUndefined();
	});
});
