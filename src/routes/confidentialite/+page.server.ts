import { legalInfo } from '$lib/server/legal';
import type { PageServerLoad } from './$types';

/** The organisme's information shown on the page, from the configuration (ADR 036). */
export const load: PageServerLoad = () => ({ legal: legalInfo() });
