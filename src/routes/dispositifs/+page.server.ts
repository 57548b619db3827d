import { dispositifsForFilter } from '$lib/dispositifs/eligibility';
import { parseGuideQuery } from '$lib/dispositifs/query';
import type { PageServerLoad } from './$types';

// Server-rendered only: the GET filter form works without any JavaScript.
export const csr = false;

export const load: PageServerLoad = ({ url }) => {
	const { filter, invalid } = parseGuideQuery(url.searchParams);
	return { filter, invalid, ids: dispositifsForFilter(filter).map((d) => d.id) };
};
