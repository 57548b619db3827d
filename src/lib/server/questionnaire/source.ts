import type { Cookies } from '@sveltejs/kit';
import { sourceSchema } from '$lib/questionnaire/schemas';
import type { Source } from '$lib/questionnaire/definition';
import { departementParamSchema, parseSourceParam } from '$lib/partenaires/links';

/** Cookie remembering the `?source=` of the entry link (no personal data). */
export const SOURCE_COOKIE = 'pdp_source';
/** Cookie remembering the `?departement=` of an entry link that also has a valid `?source=`. */
export const DEPARTEMENT_COOKIE = 'pdp_departement';

const WEEK_SECONDS = 7 * 24 * 60 * 60;

export function rememberedSource(cookies: Cookies): Source | undefined {
	const parsed = sourceSchema.safeParse(cookies.get(SOURCE_COOKIE));
	return parsed.success ? parsed.data : undefined;
}

export function rememberedDepartement(cookies: Cookies): string | undefined {
	const parsed = departementParamSchema.safeParse(cookies.get(DEPARTEMENT_COOKIE));
	return parsed.success ? parsed.data : undefined;
}

/**
 * Remembers an entry link's `?source=` (underscore or hyphen form: `medecin-traitant`) and,
 * with it, its `?departement=` (a link given by a professional, ADR 016). Unknown values
 * are ignored; a `?departement=` without a valid source (the booking pages' own query) is not
 * remembered.
 */
export function rememberEntryLink(url: URL, cookies: Cookies): void {
	const source = parseSourceParam(url.searchParams.get('source'));
	if (!source) return;
	const options = {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: WEEK_SECONDS
	} as const;
	cookies.set(SOURCE_COOKIE, source, options);
	const departement = departementParamSchema.safeParse(
		url.searchParams.get('departement') ?? undefined
	);
	if (departement.success) cookies.set(DEPARTEMENT_COOKIE, departement.data, options);
}
