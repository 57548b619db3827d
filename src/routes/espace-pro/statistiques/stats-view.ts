import { formatCalendarDay } from '$lib/format/datetime';
import type { Locale } from '$lib/i18n/config';
import { formatDays, formatPercent, statsNumberFormat } from '$lib/stats/compute';

/** The number, month and share formats of the statistics page, in the reader's language. */
export function statsFormat(locale: Locale) {
	const percent = (value: number | null) => formatPercent(value, locale);
	return {
		longMonth: (month: string) => formatCalendarDay(`${month}-01`, locale, 'month'),
		shortMonth: (month: string) =>
			`${formatCalendarDay(`${month}-01`, locale, 'shortMonth')} ${month.slice(0, 4)}`,
		number: (value: number) => statsNumberFormat(locale, 'count').format(value),
		percent,
		days: (value: number | null) => formatDays(value, locale),
		/** Share of the total, for the tables ("—" when there is nothing). */
		shareOf: (value: number, total: number) => percent(total === 0 ? null : value / total)
	};
}
