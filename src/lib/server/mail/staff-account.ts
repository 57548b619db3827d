import type { Locale } from '$lib/i18n/config';
import { createI18n } from '$lib/server/i18n';
import type { MailContent } from './templates';

/**
 * The e-mail that carries a staff member's one-time link: to activate a new account (72 h)
 * or to choose a new password (1 h). A pure function of its input, like templates.ts; texts
 * in `locales/equipe/*.json` under `mail`. It holds the person's name, the link and nothing
 * else (no role, no département, no name of who created the account).
 */
export interface StaffAccountMailInput {
	locale: Locale;
	purpose: 'activation' | 'reinitialisation';
	name: string;
	/** `<base>/espace-pro/activation/<token>` */
	url: string;
	/** Demo mode: the subject and the first line say so. */
	isDemo?: boolean;
}

export function staffAccountMail(input: StaffAccountMailInput): MailContent {
	const { t } = createI18n(input.locale);
	const key = input.purpose === 'activation' ? 'activation' : 'reset';
	const subject = t(`equipe:mail.${key}.subject`);
	const blocks = [
		input.isDemo ? t('equipe:mail.demo') : '',
		t('equipe:mail.greeting', { name: input.name }),
		t(`equipe:mail.${key}.intro`),
		[t(`equipe:mail.${key}.link`), input.url].join('\n'),
		t(`equipe:mail.${key}.after`),
		t(`equipe:mail.${key}.notYou`),
		t('mail:common.automatic')
	].filter((block) => block.length > 0);
	return {
		subject: input.isDemo ? t('mail:common.demoSubject', { subject }) : subject,
		text: blocks.join('\n\n') + '\n'
	};
}
