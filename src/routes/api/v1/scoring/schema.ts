/**
 * Body of POST /api/v1/scoring (docs/openapi.yaml, ScoringRequest). The answers schema
 * depends on the variant, so the variant is picked from the raw body first
 * (`variantOfRequest`), then the whole body is validated at once so that every issue is
 * reported in one response.
 */
import { z } from 'zod';
import { departementCodes } from '$lib/departements/data';
import {
	arrets,
	rqthAnswers,
	sources,
	statuts,
	variantFor,
	variants,
	type Statut,
	type Variant
} from '$lib/questionnaire/definition';
import { answersSchemas } from '$lib/scoring/validate';

const profileSchema = z.strictObject({
	statut: z.enum(statuts),
	arret: z.enum(arrets),
	rqth: z.enum(rqthAnswers),
	departement: z
		.string()
		.refine((code) => departementCodes.includes(code), {
			params: { apiCode: 'invalid_departement' }
		})
		.optional(),
	source: z.enum(sources).optional()
});

function requestSchemaFor(variant: Variant) {
	return z
		.strictObject({
			variant: z.enum(variants).optional(),
			statut: z.enum(statuts).optional(),
			answers: answersSchemas[variant],
			profile: profileSchema.optional()
		})
		.superRefine((body, ctx) => {
			const statut = body.statut ?? body.profile?.statut;
			if (body.statut && body.profile && body.statut !== body.profile.statut) {
				ctx.addIssue({
					code: 'custom',
					path: ['profile', 'statut'],
					params: { apiCode: 'statut_conflict' }
				});
			}
			if (body.variant && statut && variantFor(statut) !== body.variant) {
				ctx.addIssue({
					code: 'custom',
					path: ['variant'],
					params: { apiCode: 'variant_conflict' }
				});
			}
		});
}

export const scoringRequestSchemas = {
	salarie: requestSchemaFor('salarie'),
	ti: requestSchemaFor('ti'),
	autre: requestSchemaFor('autre')
} as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const isStatut = (value: unknown): value is Statut =>
	(statuts as readonly unknown[]).includes(value);

/**
 * The variant the answers are checked against: `variant` if valid, else the group of
 * `statut` or `profile.statut` (statut « autre » ⇒ `autre` since 2026.2), else salarié.
 */
export function variantOfRequest(body: unknown): Variant {
	if (!isRecord(body)) return 'salarie';
	if ((variants as readonly unknown[]).includes(body.variant)) return body.variant as Variant;
	if (isStatut(body.statut)) return variantFor(body.statut);
	if (isRecord(body.profile) && isStatut(body.profile.statut))
		return variantFor(body.profile.statut);
	return 'salarie';
}
