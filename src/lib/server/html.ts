/**
 * The one escaper for text put into HTML or XML built by hand (the request guard's small pages,
 * the footer fragment, the QR code SVG): `& < > "` become numeric character references, safe in
 * element content and in double-quoted attribute values of both HTML and XML. Attributes are
 * always double-quoted here, so an apostrophe (frequent in French) stays as it is.
 */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
