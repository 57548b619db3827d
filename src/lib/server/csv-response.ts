/**
 * A CSV download from the back office: an attachment, never cached (it holds the service's
 * figures), never sniffed as something else.
 */
export function csvResponse(csv: string, filename: string): Response {
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}
