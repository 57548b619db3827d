import type { Locale } from '$lib/i18n/config';
import { createI18n } from '$lib/server/i18n';
import type { MailContent } from './templates';

/**
 * The person's personal link, sent by the service social from the back office (ADR 024): to
 * an address the conseiller confirmed with the person on the phone, typically for a demande a
 * professional made for them (orientation), whose manage link nobody held. A pure function of
 * its input, like templates.ts. `manageUrl` holds LINK_TOKEN in place of the token (the token
 * is sealed apart in the outbox, ADR 025). No health data, no reason, no outcome: only the
 * listed fields are read.
 */
export interface PersonalLinkMailInput {
	locale: Locale;
	reference: string;
	prenom: string;
	nom: string;
	/** `<publicBaseUrl>/rendez-vous/gerer/<LINK_TOKEN>` (booking/events.ts `manageUrl`). */
	manageUrl: string;
	departementName: string;
	organismeName: string;
	isDemo: boolean;
}

export function personalLinkMail(input: PersonalLinkMailInput): MailContent {
	const { t } = createI18n(input.locale);
	const subject = t('mail:personalLink.subject', { reference: input.reference });
	const blocks = [
		input.isDemo ? t('mail:common.demo') : '',
		t('mail:common.greeting', { prenom: input.prenom, nom: input.nom }),
		t('mail:personalLink.intro'),
		t('mail:common.reference', { reference: input.reference }),
		[t('mail:personalLink.open'), input.manageUrl, t('mail:common.managePrivate')].join('\n'),
		[
			t('mail:personalLink.canTitle'),
			`- ${t('mail:personalLink.canSee')}`,
			`- ${t('mail:personalLink.canCancel')}`,
			`- ${t('mail:personalLink.canDownload')}`,
			`- ${t('mail:personalLink.canErase')}`
		].join('\n'),
		t('mail:personalLink.older'),
		t('mail:personalLink.notYou'),
		[t('mail:common.signature'), `${input.organismeName} – ${input.departementName}`].join('\n'),
		t('mail:common.automatic')
	].filter((block) => block.length > 0);
	return {
		subject: input.isDemo ? t('mail:common.demoSubject', { subject }) : subject,
		text: `${blocks.join('\n\n')}\n`
	};
}
