import type { Locale } from '$lib/i18n/config';
import { createI18n } from '$lib/server/i18n';
import type { MailContent } from './templates';

/**
 * The acknowledgement sent to a professional who oriented a person (docs/partenaires.md, ADR 016). It holds the
 * reference, the département and what happens next — never the person's name or contact, nor
 * the reason given, nor anything about health: mail is not end-to-end protected and the
 * professional already knows who they oriented. Only the listed fields are read.
 */
export interface OrientationAckInput {
	locale: Locale;
	reference: string;
	departementName: string;
	organismeName: string;
	isDemo?: boolean;
}

export function orientationAckMail(input: OrientationAckInput): MailContent {
	const { t } = createI18n(input.locale);
	const subject = t('partenaires:mail.subject', { reference: input.reference });
	const where = input.organismeName
		? `${input.organismeName} – ${input.departementName}`
		: input.departementName;
	const blocks = [
		input.isDemo ? t('partenaires:mail.demo') : '',
		t('partenaires:mail.greeting'),
		t('partenaires:mail.intro', { where }),
		t('partenaires:mail.next'),
		t('partenaires:mail.reference', { reference: input.reference }),
		t('partenaires:mail.privacy'),
		t('partenaires:mail.notYou'),
		[t('partenaires:mail.signature'), where].join('\n'),
		t('partenaires:mail.automatic')
	].filter((block) => block.length > 0);
	return {
		subject: input.isDemo ? t('partenaires:mail.demoSubject', { subject }) : subject,
		text: `${blocks.join('\n\n')}\n`
	};
}
