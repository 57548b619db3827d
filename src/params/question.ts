import type { ParamMatcher } from '@sveltejs/kit';

/**
 * A question number, 1–9; the page itself answers 404 past the last question.
 * Import-free on purpose: param matchers ship in the JS of every page.
 */
export const match: ParamMatcher = (param) => /^[1-9]$/.test(param);
