import type { ParamMatcher } from '@sveltejs/kit';

/**
 * The shape of a dispositif id (kebab-case); the page answers 404 for an id not in the
 * catalogue. Import-free on purpose: param matchers ship in the JS of every page, and
 * importing the catalogue here would add it to the questionnaire's bundle.
 */
export const match: ParamMatcher = (param) => /^[a-z][a-z-]{1,60}$/.test(param);
