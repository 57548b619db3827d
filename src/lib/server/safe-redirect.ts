/**
 * Redirect targets taken from a form (`redirectTo` of the language form): only a path of this
 * portal, as a browser would read it (ADR 028).
 *
 * Browsers drop TAB, CR and LF anywhere in a URL and read `\` as `/`, so `/\t/evil.example` or
 * `/\\evil.example` is `//evil.example`: another site. A CR or LF in a `Location` header is
 * refused by Node (a 500). So: no control character and no backslash at all; then the value is
 * resolved against the portal's origin like a browser would, must stay on it, and the redirect
 * goes to the normalised, percent-encoded path (never one that starts with `//`).
 */
/** A C0 control character, DEL or a backslash. */
const isUnsafe = (value: string) =>
	[...value].some((c) => c <= '\u001f' || c === '\u007f' || c === '\\');
const MAX_LENGTH = 2000;
const BASE = 'http://portail.invalid';

/** The same-origin path to redirect to, or null when `value` is not one. */
export function sameOriginPath(value: string): string | null {
	if (value.length > MAX_LENGTH || !value.startsWith('/') || isUnsafe(value)) return null;
	let resolved: URL;
	try {
		resolved = new URL(value, BASE);
	} catch {
		return null;
	}
	if (resolved.origin !== BASE) return null;
	const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
	// `/.//evil.example` resolves to the path `//evil.example`: a browser reads that as a host.
	if (!path.startsWith('/') || path.startsWith('//')) return null;
	return path;
}
