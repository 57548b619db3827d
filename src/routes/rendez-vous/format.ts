/**
 * Dates and times of the booking pages, always with Intl in the département's time zone
 * (never the browser's or the server's).
 */

export function formatDay(iso: string, locale: string, timeZone: string): string {
	return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(new Date(iso));
}

export function formatDate(iso: string, locale: string, timeZone: string): string {
	return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(
		new Date(iso)
	);
}

export function formatTime(iso: string, locale: string, timeZone: string): string {
	return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
}

/** The zone's long name ("heure de La Réunion"), or null for metropolitan France. */
export function zoneName(timeZone: string, locale: string, at: Date = new Date()): string | null {
	if (timeZone === 'Europe/Paris') return null;
	const part = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'long' })
		.formatToParts(at)
		.find((p) => p.type === 'timeZoneName');
	return part?.value ?? timeZone;
}
