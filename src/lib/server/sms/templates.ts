import type { Locale } from '$lib/i18n/config';
import { createI18n } from '$lib/server/i18n';
import { formatClockTime, formatShortDay } from '$lib/format/datetime';
import type { Mode } from '$lib/vocabulary';

/**
 * SMS texts, pure functions of their input (no clock, no DB), in the person's language
 * (`locales/mail/*.json`, `sms.*`). Short on purpose (docs/messages.md gives which fit one
 * 160-character SMS): who sends (the organisme's service social), the date, the mode, the
 * reference and, where it exists, the link. No name and no health data: a phone's lock screen
 * shows them to anyone.
 */

export interface RendezVousSmsInput {
	locale: Locale;
	reference: string;
	mode: Mode;
	start: Date;
	timeZone: string;
	organismeName: string;
	pointAccueil?: { name: string };
	isDemo: boolean;
}

function compose(
	key: 'confirmation' | 'move' | 'cancellation' | 'serviceCancellation' | 'reminder',
	input: RendezVousSmsInput,
	url?: string
): string {
	const { t } = createI18n(input.locale);
	const iso = input.start.toISOString();
	const text = t(`mail:sms.${key}`, {
		sender: t('mail:sms.sender', { organisme: input.organismeName }),
		mode: t(`mail:sms.mode.${input.mode}`, { point: input.pointAccueil?.name ?? '' }).trim(),
		date: formatShortDay(iso, input.locale, input.timeZone),
		time: formatClockTime(iso, input.locale, input.timeZone),
		reference: input.reference,
		url
	});
	return input.isDemo ? `${t('mail:sms.demo')}${text}` : text;
}

/** At booking, with the short manage link (`/g/<token>`). */
export const confirmationSms = (input: RendezVousSmsInput, manageUrl: string) =>
	compose('confirmation', input, manageUrl);
/** After a move by the person, with the manage link. */
export const moveSms = (input: RendezVousSmsInput, manageUrl: string) =>
	compose('move', input, manageUrl);
/** After a cancellation by the person, with where to book again. */
export const cancellationSms = (input: RendezVousSmsInput, rebookUrl: string) =>
	compose('cancellation', input, rebookUrl);
/** After a cancellation by the service social (its message stays in the e-mail, if any). */
export const serviceCancellationSms = (input: RendezVousSmsInput, rebookUrl: string) =>
	compose('serviceCancellation', input, rebookUrl);
/** The day before; no link (only the manage token's hash is stored). */
export const reminderSms = (input: RendezVousSmsInput) => compose('reminder', input);
