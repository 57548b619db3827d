/**
 * The follow-up's e-mail and SMS (ADR 045), pure functions of their input, in the person's
 * language (`locales/mail/*.json`, `suivi.*`). The link is written with LINK_TOKEN: its token
 * is sealed in the outbox and put in at send time (ADR 025). The SMS carries no name and no
 * situation: a phone's lock screen shows it to anyone.
 */
import type { Locale } from '$lib/i18n/config';
import { createI18n } from '$lib/server/i18n';
import { formatDate } from '$lib/format/datetime';
import type { MailContent } from '$lib/server/mail/templates';

export interface SuiviMessageInput {
	locale: Locale;
	/** The demande's reference; null for a registration to an évènement. */
	reference: string | null;
	/** The évènement a registration was for (its title and local date), or null for a demande. */
	evenement?: { title: string; date: string } | null;
	prenom: string;
	departementName: string;
	organismeName: string;
	timeZone: string;
	/** The follow-up link, with LINK_TOKEN in place of its token. */
	url: string;
	expiresAt: Date;
	reminder: boolean;
	isDemo: boolean;
}

export function suiviMail(input: SuiviMessageInput): MailContent {
	const { t } = createI18n(input.locale);
	const subject = t(input.reminder ? 'mail:suivi.reminderSubject' : 'mail:suivi.subject');
	const blocks = [
		input.isDemo ? t('mail:suivi.demo') : null,
		t('mail:suivi.greeting', { prenom: input.prenom }),
		input.evenement
			? t('mail:suivi.introEvenement', input.evenement)
			: t('mail:suivi.intro', { reference: input.reference }),
		input.reminder ? t('mail:suivi.reminder') : null,
		`${t('mail:suivi.ask')}\n${input.url}`,
		t('mail:suivi.expires', {
			date: formatDate(input.expiresAt.toISOString(), input.locale, input.timeZone)
		}),
		t('mail:suivi.callback'),
		t('mail:suivi.ignore'),
		`${t('mail:common.signature')}\n${input.organismeName} – ${input.departementName}`,
		t('mail:common.automatic')
	];
	return {
		subject: input.isDemo ? t('mail:common.demoSubject', { subject }) : subject,
		text: blocks.filter((block) => block !== null).join('\n\n') + '\n'
	};
}

export function suiviSms(input: SuiviMessageInput): string {
	const { t } = createI18n(input.locale);
	const text = t(input.reminder ? 'mail:suivi.smsReminder' : 'mail:suivi.sms', {
		sender: t('mail:sms.sender', { organisme: input.organismeName }),
		url: input.url
	});
	return input.isDemo ? `${t('mail:sms.demo')}${text}` : text;
}
