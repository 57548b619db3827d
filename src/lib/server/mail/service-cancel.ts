/**
 * The e-mail to the person when the service social cancels their rendez-vous from the
 * back-office: the staff member's message, the cancelled date, and how to book again. A pure
 * function of its input (no clock, no DB), like templates.ts. Texts: `backoffice:mail.*`
 * (the person's language), shared phrases from `mail:common.*`.
 *
 * No health data: no answer, level, score or outcome is passed in. The staff message is
 * typed by a professional who is told on the form not to write health information.
 */
import { createI18n } from '$lib/server/i18n';
import { buildIcs } from './ics';
import { formatInstant, icsParties, type MailContent, type RendezVousMailInput } from './templates';

/** The rendez-vous e-mail input (templates.ts), without the manage link (only its hash is stored). */
export interface ServiceCancellationMailInput extends Omit<
	RendezVousMailInput,
	'manageUrl' | 'pointAccueil'
> {
	/** What the staff member wrote to the person (plain text). */
	message: string;
	/** Where to book a new rendez-vous. */
	rebookUrl: string;
	/** SEQUENCE of the cancelling .ics (number of rendez-vous rows of the demande, ≥ 1). */
	sequence: number;
	/**
	 * The demande is closed in the same step (« annuler le rendez-vous et clôturer », ADR 039):
	 * the e-mail says so, instead of « votre demande reste ouverte ».
	 */
	closed?: boolean;
}

export function serviceCancellationMail(input: ServiceCancellationMailInput): MailContent {
	if (!Number.isInteger(input.sequence) || input.sequence < 1)
		throw new RangeError('A cancellation needs SEQUENCE ≥ 1');
	const { t } = createI18n(input.locale);
	const { date, time, zone } = formatInstant(input.start, input.timeZone, input.locale);
	const when = t('mail:common.whenFormat', { date, time, zone });
	const subject = t(
		input.closed
			? 'backoffice:mail.serviceCancel.closedSubject'
			: 'backoffice:mail.serviceCancel.subject',
		{ date, reference: input.reference }
	);
	const blocks = [
		input.isDemo ? t('mail:common.demo') : '',
		t('mail:common.greeting', { prenom: input.prenom, nom: input.nom }),
		t('backoffice:mail.serviceCancel.intro'),
		[
			t('backoffice:mail.serviceCancel.was', { when }),
			t('mail:common.reference', { reference: input.reference })
		].join('\n'),
		[t('backoffice:mail.serviceCancel.messageTitle'), input.message.trim()].join('\n'),
		...(input.closed
			? [
					t('backoffice:mail.serviceCancel.closed'),
					[t('backoffice:mail.serviceCancel.newDemande'), input.rebookUrl].join('\n')
				]
			: [
					[t('backoffice:mail.serviceCancel.rebook'), input.rebookUrl].join('\n'),
					t('backoffice:mail.serviceCancel.contact')
				]),
		t('backoffice:mail.serviceCancel.calendar'),
		[t('mail:common.signature'), `${input.organismeName} – ${input.departementName}`].join('\n'),
		t('mail:common.automatic')
	].filter((block) => block.length > 0);
	return {
		subject: input.isDemo ? t('mail:common.demoSubject', { subject }) : subject,
		text: blocks.join('\n\n') + '\n',
		ics: buildIcs({
			uid: `${input.reference}@portail-pdp`,
			start: input.start,
			end: input.end,
			summary: t('mail:ics.summary', { mode: t(`mail:mode.${input.mode}`) }),
			description: t('mail:common.reference', { reference: input.reference }),
			...icsParties(t, input),
			method: 'CANCEL',
			sequence: input.sequence,
			now: input.now
		})
	};
}
