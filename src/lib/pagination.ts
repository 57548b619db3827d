/**
 * The query string of a paged list (the back-office inbox and journal): its filters that have a
 * value, then the page number (page 1 is implicit). Always starts with `?`, so that a link to
 * page 1 without filters still drops the current query.
 */
export function pageQuery(
	filters: Iterable<readonly [string, string | undefined]>,
	page: number
): string {
	const params = new URLSearchParams();
	for (const [name, value] of filters) if (value !== undefined) params.set(name, value);
	if (page > 1) params.set('page', String(page));
	const query = params.toString();
	return query ? `?${query}` : '?';
}
