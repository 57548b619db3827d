/**
 * The /dispositifs guide filter as GET query parameters: `?statut=salarie|ti`,
 * `&origine=maladie|at_mp`, `&rqth=oui|non`, `&duree=moins_1_mois|1_3_mois|3_6_mois|plus_6_mois`. Bad values are dropped (and reported so the page
 * can say so politely); they never cause an error. Framework-free.
 */
import { z } from 'zod';
import { dureesArret } from './catalogue';
import type { GuideFilter } from './eligibility';

export const guideQuerySchema = z.object({
	statut: z.enum(['salarie', 'ti']).optional(),
	origine: z.enum(['maladie', 'at_mp']).optional(),
	rqth: z.enum(['oui', 'non']).optional(),
	duree: z.enum(dureesArret).optional()
});

export type GuideParam = keyof z.infer<typeof guideQuerySchema>;
export const guideParams = Object.keys(guideQuerySchema.shape) as GuideParam[];

export interface ParsedGuideQuery {
	filter: GuideFilter;
	/** Parameters whose value was not understood (and therefore ignored). */
	invalid: GuideParam[];
}

export function parseGuideQuery(searchParams: URLSearchParams): ParsedGuideQuery {
	// An empty value is the "all" choice of the form, not an error. Only the first value counts.
	const raw: Partial<Record<GuideParam, string>> = {};
	for (const key of guideParams) {
		const value = searchParams.get(key);
		if (value) raw[key] = value;
	}

	let result = guideQuerySchema.safeParse(raw);
	const invalid: GuideParam[] = [];
	if (!result.success) {
		for (const issue of result.error.issues) {
			const key = issue.path[0];
			if (
				typeof key === 'string' &&
				(guideParams as string[]).includes(key) &&
				!invalid.includes(key as GuideParam)
			) {
				invalid.push(key as GuideParam);
			}
		}
		for (const key of invalid) delete raw[key];
		result = guideQuerySchema.safeParse(raw);
	}
	const data = result.success ? result.data : {};

	const filter: GuideFilter = {};
	if (data.statut) filter.statut = data.statut;
	if (data.origine) filter.origine = data.origine;
	if (data.rqth) filter.rqth = data.rqth === 'oui';
	if (data.duree) filter.dureeArret = data.duree;
	return { filter, invalid: guideParams.filter((key) => invalid.includes(key)) };
}

/** The query string for a filter ('' when no filter), e.g. for a link from the result page. */
export function guideSearch(filter: GuideFilter): string {
	const params = new URLSearchParams();
	if (filter.statut) params.set('statut', filter.statut);
	if (filter.origine) params.set('origine', filter.origine);
	if (filter.rqth !== undefined) params.set('rqth', filter.rqth ? 'oui' : 'non');
	if (filter.dureeArret) params.set('duree', filter.dureeArret);
	const search = params.toString();
	return search ? `?${search}` : '';
}
