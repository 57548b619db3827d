import type { RequestHandler } from './$types';
import { recommendDispositifs } from '$lib/dispositifs/eligibility';
import { scoreAnswers } from '$lib/scoring/score';
import {
	apiContext,
	apiError,
	apiJson,
	methodNotAllowed,
	readJsonBody,
	validationError
} from '$lib/server/api/http';
import { scoringRequestSchemas, variantOfRequest } from './schema';

/**
 * POST /api/v1/scoring — scores a full answer set for a partner (docs/api.md). Stateless:
 * nothing is stored, the response is never cached.
 */
export const POST: RequestHandler = async ({ request, url }) => {
	const ctx = apiContext(url, request);
	const body = await readJsonBody(request);
	if (!body.ok) return apiError(400, body.code, ctx);

	const variant = variantOfRequest(body.value);
	const parsed = scoringRequestSchemas[variant].safeParse(body.value);
	if (!parsed.success) return validationError(parsed.error, body.value, ctx);

	const { answers, profile } = parsed.data;
	const result = scoreAnswers(answers, variant);
	// Dispositifs depend on the statut, the arrêt and the RQTH: without a profile there is
	// nothing reliable to recommend.
	const recommendedDispositifs = profile
		? recommendDispositifs({
				profile: { statut: profile.statut, arret: profile.arret, rqth: profile.rqth },
				answers,
				level: result.level
			})
		: [];

	return apiJson(
		{
			questionnaireVersion: result.questionnaireVersion,
			variant,
			level: result.level,
			baseLevel: result.baseLevel,
			score: result.score,
			total: result.total,
			points: result.points,
			escalations: result.escalations,
			distress: result.distress,
			recommendedDispositifs
		},
		200,
		ctx
	);
};

export const fallback: RequestHandler = ({ request, url }) =>
	methodNotAllowed(apiContext(url, request), 'POST');
