/**
 * Every date and time the pages show, in one module: always with Intl, in the département's
 * time zone (never the browser's or the server's) or, for calendar days and months that have
 * no instant, read at UTC. Server e-mails use the same formats through mail/templates.ts.
 * English is British English everywhere (« Tuesday, 1 December 2026 », « 14:30 »), pages and
 * e-mails alike: `en` is formatted as `en-GB`, never as the US default.
 *
 * Building an Intl.DateTimeFormat costs ~0.5 ms, formatting with one ~5 µs: the slot list
 * formats ~80 slots per page, so formatters are kept per (kind, locale, zone), and so are the
 * strings they give (below). Formatters are immutable; their keys are bounded by locales ×
 * 101 départements' zones × 3.
 */
const options = {
	/** « lundi 6 avril » (slot lists) */
	day: { weekday: 'long', day: 'numeric', month: 'long' },
	/** « lun. 6 avr. » (the day choice of the slot step) */
	shortDay: { weekday: 'short', day: 'numeric', month: 'short' },
	/** « lundi 6 avril 2026 » */
	date: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
	/** « 09:30 » */
	time: { hour: '2-digit', minute: '2-digit' },
	/** « lundi 6 avril 2026 à 09:30 » (agendas, clashes) */
	dateTime: {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit'
	},
	/** « 06/04/2026 » (inbox) */
	numericDate: { day: '2-digit', month: '2-digit', year: 'numeric' },
	/** « 06/04/2026 09:30:12 UTC+2 » (journal: its rows mix départements, so each time says its zone) */
	stampZoned: {
		day: '2-digit',
		month: '2-digit',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
		timeZoneName: 'short'
	},
	/** « 09:30 UTC+2 » (a demande's history: the time with its zone) */
	timeZoned: { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
	/** « 6 avril 2026 » */
	longDate: { day: 'numeric', month: 'long', year: 'numeric' },
	/** « avril 2026 » */
	month: { month: 'long', year: 'numeric' },
	/** « avr. » */
	shortMonth: { month: 'short' }
} satisfies Record<string, Intl.DateTimeFormatOptions>;

export type DateFormat = keyof typeof options;

/**
 * The Intl tag of a portal locale: English is British English everywhere (pages and e-mails:
 * "1 December 2026", 24-hour clock), French is metropolitan French.
 */
const intlTags: Record<string, string> = { fr: 'fr-FR', en: 'en-GB' };
export const intlTag = (locale: string): string => intlTags[locale] ?? locale;

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Formatted strings, kept: the same ~80 slots of a département are shown to everyone for a
 * day, and a `format` call (~5 µs, more on a cold CPU) was the largest single cost of the slot
 * page's rendering. Bounded: emptied when it reaches FORMATTED_MAX entries.
 */
const formatted = new Map<string, string>();
const FORMATTED_MAX = 20_000;

/** `iso` (an instant) formatted as `kind`, in `timeZone`; formatters and strings are kept. */
export function formatInstant(
	kind: DateFormat,
	iso: string,
	locale: string,
	timeZone: string
): string {
	const key = `${kind}|${locale}|${timeZone}`;
	const textKey = `${key}|${iso}`;
	const known = formatted.get(textKey);
	if (known !== undefined) return known;
	let formatter = formatters.get(key);
	if (!formatter)
		formatters.set(
			key,
			(formatter = new Intl.DateTimeFormat(intlTag(locale), { ...options[kind], timeZone }))
		);
	const text = formatter.format(new Date(iso));
	if (formatted.size >= FORMATTED_MAX) formatted.clear();
	formatted.set(textKey, text);
	return text;
}

export const formatDay = (iso: string, locale: string, timeZone: string): string =>
	formatInstant('day', iso, locale, timeZone);
export const formatShortDay = (iso: string, locale: string, timeZone: string): string =>
	formatInstant('shortDay', iso, locale, timeZone);
export const formatDate = (iso: string, locale: string, timeZone: string): string =>
	formatInstant('date', iso, locale, timeZone);
export const formatTime = (iso: string, locale: string, timeZone: string): string =>
	formatInstant('time', iso, locale, timeZone);
export const formatDateTime = (iso: string, locale: string, timeZone: string): string =>
	formatInstant('dateTime', iso, locale, timeZone);

/**
 * A calendar day ('YYYY-MM-DD', a LocalDate or a month's first day) as `kind`: read at noon
 * UTC and formatted at UTC, the same day everywhere.
 */
export const formatCalendarDay = (
	date: string,
	locale: string,
	kind: DateFormat = 'date'
): string => formatInstant(kind, `${date}T12:00:00.000Z`, locale, 'UTC');

/** The zone's long name ("heure de La Réunion"), or null for metropolitan France. */
export function zoneName(timeZone: string, locale: string, at: Date = new Date()): string | null {
	if (timeZone === 'Europe/Paris') return null;
	const part = new Intl.DateTimeFormat(intlTag(locale), { timeZone, timeZoneName: 'long' })
		.formatToParts(at)
		.find((p) => p.type === 'timeZoneName');
	return part?.value ?? timeZone;
}

/**
 * A time as e-mails write it: French typography in French (« 10 h 30 », « 9 h » on the hour),
 * « 10:30 » in English; always the 24-hour clock of the zone.
 */
export function formatClockTime(iso: string, locale: string, timeZone: string): string {
	const [hour, minute] = formatInstant('time', iso, locale, timeZone).split(':');
	if (locale !== 'fr') return `${hour}:${minute}`;
	return minute === '00' ? `${Number(hour)} h` : `${Number(hour)} h ${minute}`;
}

/** The zone's generic long name, always given (« heure de La Réunion », « Central European Time »). */
export function zoneGenericName(iso: string, locale: string, timeZone: string): string {
	const key = `zone|${locale}|${timeZone}`;
	let formatter = formatters.get(key);
	if (!formatter)
		formatters.set(
			key,
			(formatter = new Intl.DateTimeFormat(intlTag(locale), {
				timeZone,
				timeZoneName: 'longGeneric'
			}))
		);
	return (
		formatter.formatToParts(new Date(iso)).find((p) => p.type === 'timeZoneName')?.value ?? timeZone
	);
}
