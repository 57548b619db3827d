import { z } from 'zod';
import type { RequestHandler } from './$types';
import {
	apiContext,
	apiError,
	apiJson,
	methodNotAllowed,
	validationError
} from '$lib/server/api/http';
import { departementByCode } from '$lib/departements/data';
import { modes } from '$lib/server/db/schema';
import { toOffsetIso } from '$lib/booking/time';
import { bookingService } from '$lib/server/booking/context';

/**
 * Only `mode` is read. `lang` is read by apiContext, and an unsupported value is ignored as on
 * every endpoint; any other parameter (a cache buster, `utm_*`) is ignored too, never refused.
 */
const querySchema = z.object({ mode: z.enum(modes) });

/**
 * GET /api/v1/departements/{code}/creneaux?mode=telephone|visio|accueil — the free slots of
 * the next 14 days, ISO 8601 with the département's offset. Read-only, no personal data.
 */
export const GET: RequestHandler = async ({ request, url, params }) => {
	const ctx = apiContext(url, request);
	const departement = departementByCode(params.code);
	if (!departement) return apiError(404, 'not_found', ctx);
	const query = { mode: url.searchParams.get('mode') ?? undefined };
	const parsed = querySchema.safeParse(query);
	if (!parsed.success) return validationError(parsed.error, query, ctx);
	const creneaux = (await bookingService().freeSlots(departement.code, parsed.data.mode)).map(
		(slot) => ({
			start: toOffsetIso(slot.start, departement.timeZone),
			end: toOffsetIso(slot.end, departement.timeZone),
			mode: slot.mode,
			pointAccueil: slot.pointAccueil
				? {
						id: slot.pointAccueil.id,
						name: slot.pointAccueil.name,
						address: slot.pointAccueil.address,
						demo: slot.pointAccueil.isDemo
					}
				: null
		})
	);
	return apiJson(
		{
			departement: departement.code,
			mode: parsed.data.mode,
			timeZone: departement.timeZone,
			creneaux
		},
		200,
		ctx,
		{ 'cache-control': 'public, max-age=30' }
	);
};

export const fallback: RequestHandler = ({ request, url }) =>
	methodNotAllowed(apiContext(url, request), 'GET, HEAD');
