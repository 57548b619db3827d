import { dispositifs } from '$lib/dispositifs/catalogue';
import type { PageServerLoad } from './$types';

// An information page: server-rendered, no JavaScript at all.
export const csr = false;

/** The dispositif names come from their own namespace, which this page does not ship. */
export const load: PageServerLoad = ({ locals }) => ({
	dispositifs: dispositifs.map((d) => ({
		href: `/dispositifs/${d.id}`,
		name: locals.t(`dispositifs:items.${d.id}.name`)
	}))
});
