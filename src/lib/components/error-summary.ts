/**
 * The lines of an error summary: one per message, linked to the first field that carries it
 * (a rule on two fields, such as "an e-mail or a phone number", is listed once).
 */
export function summaryEntries(
	errors: Record<string, string>,
	fieldIds: Record<string, string>
): { href: string; key: string }[] {
	const seen = new Set<string>();
	const entries: { href: string; key: string }[] = [];
	for (const [field, key] of Object.entries(errors)) {
		if (seen.has(key)) continue;
		seen.add(key);
		entries.push({ href: `#${fieldIds[field] ?? field}`, key });
	}
	return entries;
}
