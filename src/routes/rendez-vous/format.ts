/**
 * Dates and times of the booking pages, always with Intl in the département's time zone
 * (never the browser's or the server's).
 *
 * Building an Intl.DateTimeFormat costs ~0.5 ms, formatting with one ~5 µs: the slot list
 * formats ~80 slots per page, so formatters are kept per (kind, locale, zone), and so are the
 * strings they give (below). Formatters are immutable; their keys are bounded by locales ×
 * 101 départements' zones × 3.
 */
const options = {
	day: { weekday: 'long', day: 'numeric', month: 'long' },
	date: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
	time: { hour: '2-digit', minute: '2-digit' }
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Formatted strings, kept: the same ~80 slots of a département are shown to everyone for a
 * day, and a `format` call (~5 µs, more on a cold CPU) was the largest single cost of the slot
 * page's rendering. Bounded: emptied when it reaches FORMATTED_MAX entries.
 */
const formatted = new Map<string, string>();
const FORMATTED_MAX = 20_000;

function format(kind: keyof typeof options, iso: string, locale: string, timeZone: string): string {
	const key = `${kind}|${locale}|${timeZone}`;
	const textKey = `${key}|${iso}`;
	const known = formatted.get(textKey);
	if (known !== undefined) return known;
	let formatter = formatters.get(key);
	if (!formatter)
		formatters.set(
			key,
			(formatter = new Intl.DateTimeFormat(locale, { ...options[kind], timeZone }))
		);
	const text = formatter.format(new Date(iso));
	if (formatted.size >= FORMATTED_MAX) formatted.clear();
	formatted.set(textKey, text);
	return text;
}

export const formatDay = (iso: string, locale: string, timeZone: string): string =>
	format('day', iso, locale, timeZone);
export const formatDate = (iso: string, locale: string, timeZone: string): string =>
	format('date', iso, locale, timeZone);
export const formatTime = (iso: string, locale: string, timeZone: string): string =>
	format('time', iso, locale, timeZone);

/** The zone's long name ("heure de La Réunion"), or null for metropolitan France. */
export function zoneName(timeZone: string, locale: string, at: Date = new Date()): string | null {
	if (timeZone === 'Europe/Paris') return null;
	const part = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'long' })
		.formatToParts(at)
		.find((p) => p.type === 'timeZoneName');
	return part?.value ?? timeZone;
}
