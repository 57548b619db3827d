import { redirect, type RequestEvent } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/client';
import { env } from '$lib/server/env';
import { DRAFT_COOKIE, DraftStore, setDraftCookie } from './drafts';
import type { QuestionnaireDraft } from '$lib/server/db/schema';

export function draftStore(): DraftStore {
	return new DraftStore(getDb(), env().DRAFT_TTL_DAYS);
}

/** The visitor's live draft, or undefined. */
export async function currentDraft(
	event: Pick<RequestEvent, 'cookies'>
): Promise<QuestionnaireDraft | undefined> {
	return draftStore().find(event.cookies.get(DRAFT_COOKIE));
}

/**
 * The visitor's draft, or a 303 to the questionnaire's start page (cookie missing,
 * expired or forged). Every questionnaire load and action calls it.
 */
export async function requireDraft(event: Pick<RequestEvent, 'cookies'>): Promise<{
	store: DraftStore;
	draft: QuestionnaireDraft;
}> {
	const store = draftStore();
	const draft = await store.find(event.cookies.get(DRAFT_COOKIE));
	if (!draft) redirect(303, '/questionnaire?reprise=expiree');
	return { store, draft };
}

export async function startDraft(
	event: Pick<RequestEvent, 'cookies' | 'url'>,
	profile: QuestionnaireDraft['profile'],
	campagneId: number | null = null
): Promise<void> {
	const { token } = await draftStore().create(profile, campagneId);
	setDraftCookie(event.cookies, token, env().DRAFT_TTL_DAYS, event.url.protocol === 'https:');
}
