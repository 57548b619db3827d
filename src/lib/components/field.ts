/**
 * The ids a form field is described by (ADR 033): hints shown elsewhere on the page (`extra`),
 * then its own hint (`<id>-hint`), then its error (`<id>-error`). `undefined` when none, so
 * the attribute is not rendered at all.
 */
export function describedBy(
	id: string,
	{ hint, error, extra }: { hint?: unknown; error?: unknown; extra?: string }
): string | undefined {
	const ids = [extra, hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
	return ids.length > 0 ? ids.join(' ') : undefined;
}

/** What every field component takes (ADR 033). */
export interface FieldProps {
	/** The control's id; its hint and error are `<id>-hint` and `<id>-error`. */
	id: string;
	/** The name posted; the id when not given. */
	name?: string;
	label: string;
	hint?: string;
	/** A translation key, shown under the label and announced with the control. */
	error?: string;
	required?: boolean;
	/** Ids of hints shown elsewhere on the page that also describe this control. */
	describedBy?: string;
}

/** The options of a département select or checkbox list: "75 — Paris", valued by code. */
export function departementOptions(
	departements: readonly { code: string; name: string }[]
): { value: string; label: string }[] {
	return departements.map((d) => ({ value: d.code, label: `${d.code} — ${d.name}` }));
}
