import { formatDate, formatInstant, formatTime } from '$lib/format/datetime';
import type { Locale } from '$lib/i18n/config';
import type { Translate } from '$lib/i18n/translate';

/** "date à heure" in the département's time zone, as every section of the demande page shows it. */
export const dateTimeIn =
	(t: Translate, locale: Locale, zone: string) =>
	(iso: string): string =>
		t('backoffice:common.dateTime', {
			date: formatDate(iso, locale, zone),
			time: formatTime(iso, locale, zone)
		});

/** The same with the zone of the time (« 09:30 UTC+2 »): history lines (ADR 039). */
export const zonedDateTimeIn =
	(t: Translate, locale: Locale, zone: string) =>
	(iso: string): string =>
		t('backoffice:common.dateTime', {
			date: formatDate(iso, locale, zone),
			time: formatInstant('timeZoned', iso, locale, zone)
		});
