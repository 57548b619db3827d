import type { Cookies } from '@sveltejs/kit';
import { sourceSchema } from '$lib/questionnaire/schemas';
import type { Source } from '$lib/questionnaire/definition';

/** Cookie remembering the `?source=` of the entry link (no personal data). */
export const SOURCE_COOKIE = 'pdp_source';

export function rememberedSource(cookies: Cookies): Source | undefined {
	const parsed = sourceSchema.safeParse(cookies.get(SOURCE_COOKIE));
	return parsed.success ? parsed.data : undefined;
}
