import { describe, expect, it } from 'vitest';
import {
	formatClockTime,
	formatDate,
	formatDay,
	formatTime,
	intlTag,
	zoneGenericName,
	zoneName
} from '$lib/format/datetime';

describe('booking date formats', () => {
	const iso = '2026-03-29T06:30:00.000Z'; // the night clocks change in Paris

	it('formats in the département’s zone, whatever the server’s', () => {
		expect(formatTime(iso, 'fr', 'Europe/Paris')).toBe('08:30');
		expect(formatTime(iso, 'fr', 'Indian/Reunion')).toBe('10:30');
		expect(formatTime(iso, 'fr', 'America/Martinique')).toBe('02:30');
		expect(formatDay(iso, 'fr', 'Europe/Paris')).toBe('dimanche 29 mars');
		// English is British English on every page, as in the e-mails (mail/templates.ts).
		expect(formatDate(iso, 'en', 'Europe/Paris')).toBe('Sunday, 29 March 2026');
		expect(formatTime(iso, 'en', 'Europe/Paris')).toBe('08:30');
	});

	it('gives the same text from a reused formatter as from a fresh one', () => {
		for (const zone of ['Europe/Paris', 'Indian/Reunion', 'Pacific/Noumea']) {
			for (const locale of ['fr', 'en']) {
				const fresh = new Intl.DateTimeFormat(intlTag(locale), {
					hour: '2-digit',
					minute: '2-digit',
					timeZone: zone
				}).format(new Date(iso));
				expect(formatTime(iso, locale, zone)).toBe(fresh);
				expect(formatTime(iso, locale, zone)).toBe(fresh);
			}
		}
		// A different zone never gets another zone's cached formatter.
		expect(formatTime(iso, 'fr', 'Europe/Paris')).not.toBe(formatTime(iso, 'fr', 'Indian/Reunion'));
	});

	it('writes English as British English on every page: day before month, 24-hour clock', () => {
		expect(formatDate('2026-12-01T13:30:00.000Z', 'en', 'Europe/Paris')).toBe(
			'Tuesday, 1 December 2026'
		);
		expect(formatTime('2026-12-01T13:30:00.000Z', 'en', 'Europe/Paris')).toBe('14:30');
	});

	it('writes e-mail times the French way in French, 24-hour in English', () => {
		const iso = '2026-12-01T06:30:00.000Z';
		expect(formatClockTime(iso, 'fr', 'Indian/Reunion')).toBe('10 h 30');
		expect(formatClockTime('2026-07-01T07:00:00.000Z', 'fr', 'Europe/Paris')).toBe('9 h');
		expect(formatClockTime('2026-07-01T22:05:00.000Z', 'en', 'Europe/Paris')).toBe('00:05');
		expect(zoneGenericName(iso, 'fr', 'Indian/Reunion')).toBe('heure de La Réunion');
	});

	it('names overseas zones only', () => {
		expect(zoneName('Europe/Paris', 'fr')).toBeNull();
		expect(zoneName('Indian/Reunion', 'fr')).toMatch(/Réunion/);
	});
});
