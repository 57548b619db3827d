import type { ParamMatcher } from '@sveltejs/kit';

/**
 * A database id in a URL (`/espace-pro/agendas/12`, `/espace-pro/equipe/3`): a positive
 * integer without leading zeros, at most 10 digits. Anything else is a 404 before any code
 * runs; routes read it with `Number(params.id)`.
 */
export const match: ParamMatcher = (param) => /^[1-9]\d{0,9}$/.test(param);
