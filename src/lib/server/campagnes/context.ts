import type { RequestEvent } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/client';
import type { QuestionnaireDraft } from '$lib/server/db/schema';
import { campagneOf } from './attribution';

/** `campagneOf` for a request (ADR 044): the route's one call, with its draft when it has one. */
export async function campagneOfRequest(
	event: Pick<RequestEvent, 'cookies'>,
	draft?: QuestionnaireDraft
): Promise<number | null> {
	return campagneOf(getDb(), { cookies: event.cookies, draft }, new Date());
}
