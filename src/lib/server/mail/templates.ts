import type { TFunction } from 'i18next';
import type { Locale } from '$lib/i18n/config';
import type { Mode } from '$lib/server/db/schema';
import { createI18n } from '$lib/server/i18n';
import { intlTag } from '$lib/format/datetime';
import { buildIcs, type IcsMethod } from './ics';

/**
 * E-mail contents, pure functions of their input (no clock, no DB): the caller enqueues the
 * result in the outbox (outbox.ts). Texts live in `locales/mail/{fr,en}.json`; dates are
 * formatted with Intl in the département's time zone.
 */

export interface MailContent {
	subject: string;
	text: string;
	ics?: string;
}

export interface PointAccueilInfo {
	name: string;
	address: string;
}

export interface RendezVousMailInput {
	locale: Locale;
	/** The demande's reference, e.g. 'PDP-7KQ2M9XZ'. */
	reference: string;
	prenom: string;
	nom: string;
	mode: Mode;
	start: Date;
	end: Date;
	/** IANA zone of the département (departements/data.ts). */
	timeZone: string;
	departementName: string;
	organismeName: string;
	/** For `accueil` rendez-vous. */
	pointAccueil?: PointAccueilInfo;
	/** The person's manage link (move, cancel, delete data). */
	manageUrl: string;
	/** Demo mode: the mail says so in its subject and first line. */
	isDemo: boolean;
	/** DTSTAMP of the attached .ics. */
	now: Date;
}

export interface MoveMailInput extends RendezVousMailInput {
	/** SEQUENCE of the updated .ics: 1 for the first move, +1 for each later move. */
	sequence: number;
	previousStart?: Date;
}

export interface CancellationMailInput extends RendezVousMailInput {
	/** SEQUENCE of the cancelling .ics: the last one sent + 1 (1 when never moved). */
	sequence: number;
}

export interface CallbackAckMailInput {
	locale: Locale;
	reference: string;
	prenom: string;
	manageUrl: string;
	departementName: string;
	/** The callback was asked because no slot was free within 14 days. */
	sansCreneau: boolean;
	isDemo?: boolean;
}

export type NotificationEvent = 'nouvelle' | 'deplacee' | 'annulee' | 'effacee';

export interface DepartementNotificationInput {
	reference: string;
	kind: 'rendez_vous' | 'rappel';
	event: NotificationEvent;
	mode?: Mode;
	start?: Date;
	timeZone: string;
	departementName: string;
	/** Link to the demande in the back office (staff login required). */
	backOfficeUrl: string;
}

// ------------------------------------------------------------------ dates

export interface FormattedInstant {
	/** 'mardi 1 décembre 2026' / 'Tuesday, 1 December 2026' */
	date: string;
	/** '10 h 30' / '10:30' */
	time: string;
	/** 'heure de La Réunion' / 'Réunion Time' */
	zone: string;
}

/** An instant as the person reads it on the wall clock of the département. */
export function formatInstant(instant: Date, timeZone: string, locale: Locale): FormattedInstant {
	const tag = intlTag(locale);
	const date = new Intl.DateTimeFormat(tag, {
		timeZone,
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric'
	}).format(instant);
	const parts = new Intl.DateTimeFormat(tag, {
		timeZone,
		hourCycle: 'h23',
		hour: '2-digit',
		minute: '2-digit',
		timeZoneName: 'longGeneric'
	}).formatToParts(instant);
	const part = (type: Intl.DateTimeFormatPartTypes) =>
		parts.find((p) => p.type === type)?.value ?? '';
	const hour = Number(part('hour'));
	const minute = part('minute');
	// French typography: « 10 h 30 », « 9 h » on the hour.
	const time =
		locale === 'fr'
			? minute === '00'
				? `${hour} h`
				: `${hour} h ${minute}`
			: `${part('hour')}:${minute}`;
	return { date, time, zone: part('timeZoneName') };
}

function whenText(t: TFunction, instant: Date, timeZone: string, locale: Locale): string {
	const { date, time, zone } = formatInstant(instant, timeZone, locale);
	return t('mail:common.whenFormat', { date, time, zone });
}

// ------------------------------------------------------------------ building blocks

/** A paragraph of a mail's text: one string, or lines; false or undefined leave it out. */
type Block = string | string[] | false | undefined;

/** Paragraphs separated by a blank line; a paragraph is its lines joined by newlines. */
function paragraphs(...blocks: Block[]): string {
	return (
		blocks
			.filter((b): b is string | string[] => b !== undefined && b !== false && b.length > 0)
			.map((b) => (Array.isArray(b) ? b.join('\n') : b))
			.join('\n\n') + '\n'
	);
}

function demoSubject(t: TFunction, subject: string, isDemo: boolean | undefined): string {
	return isDemo ? t('mail:common.demoSubject', { subject }) : subject;
}

/**
 * A mail to the person about their rendez-vous: the demo line, the greeting, `body`, the
 * signature of their organisme and the automatic-mail line; the subject marked in demo mode.
 */
function letter(
	t: TFunction,
	input: Omit<RendezVousMailInput, 'manageUrl'>,
	subject: string,
	...body: Block[]
): { subject: string; text: string } {
	return {
		subject: demoSubject(t, subject, input.isDemo),
		text: paragraphs(
			input.isDemo && t('mail:common.demo'),
			t('mail:common.greeting', { prenom: input.prenom, nom: input.nom }),
			...body,
			signature(t, input.organismeName, input.departementName),
			t('mail:common.automatic')
		)
	};
}

function minutesBetween(start: Date, end: Date): number {
	return Math.round((end.getTime() - start.getTime()) / 60_000);
}

/** Date, mode, length, place and reference of a rendez-vous. */
function details(t: TFunction, input: Omit<RendezVousMailInput, 'manageUrl'>): string[] {
	const lines = [
		t('mail:common.when', { when: whenText(t, input.start, input.timeZone, input.locale) }),
		t('mail:common.mode', { mode: t(`mail:mode.${input.mode}`) }),
		t('mail:common.duration', { count: minutesBetween(input.start, input.end) }),
		t('mail:common.reference', { reference: input.reference })
	];
	return lines;
}

/** What happens on the day, by mode. */
function how(t: TFunction, input: Omit<RendezVousMailInput, 'manageUrl'>): string[] {
	if (input.mode === 'accueil') {
		const lines = [t('mail:how.accueil')];
		if (input.pointAccueil) lines.push(input.pointAccueil.name, input.pointAccueil.address);
		lines.push(t('mail:how.accueilEarly'));
		return lines;
	}
	return [t(`mail:how.${input.mode}`)];
}

function prepare(t: TFunction): string[] {
	return [
		t('mail:prepare.title'),
		`- ${t('mail:prepare.arret')}`,
		`- ${t('mail:prepare.work')}`,
		`- ${t('mail:prepare.questions')}`
	];
}

function manage(t: TFunction, url: string, key = 'mail:common.manage'): string[] {
	return [t(key), url, t('mail:common.managePrivate')];
}

function signature(t: TFunction, organismeName?: string, departementName?: string): string[] {
	const lines = [t('mail:common.signature')];
	if (organismeName && departementName) lines.push(`${organismeName} – ${departementName}`);
	else if (departementName) lines.push(departementName);
	return lines;
}

function rendezVousIcs(
	t: TFunction,
	input: RendezVousMailInput,
	method: IcsMethod,
	sequence: number
): string {
	const location =
		input.mode === 'accueil'
			? input.pointAccueil
				? `${input.pointAccueil.name}, ${input.pointAccueil.address}`
				: undefined
			: t(input.mode === 'telephone' ? 'mail:ics.locationTelephone' : 'mail:ics.locationVisio');
	const description = [
		t('mail:common.reference', { reference: input.reference }),
		...how(t, input),
		'',
		...manage(t, input.manageUrl)
	].join('\n');
	return buildIcs({
		uid: `${input.reference}@portail-pdp`,
		start: input.start,
		end: input.end,
		summary: t('mail:ics.summary', { mode: t(`mail:mode.${input.mode}`) }),
		description,
		location,
		organizerName: `${t('mail:common.signature')} – ${input.organismeName}`,
		url: input.manageUrl,
		method,
		sequence,
		now: input.now
	});
}

// ------------------------------------------------------------------ mails to the person

/** Sent when a rendez-vous is booked, with the .ics (SEQUENCE 0). */
export function confirmationMail(input: RendezVousMailInput): MailContent {
	const { t } = createI18n(input.locale);
	const { date } = formatInstant(input.start, input.timeZone, input.locale);
	return {
		...letter(
			t,
			input,
			t('mail:confirmation.subject', { date, reference: input.reference }),
			t('mail:confirmation.intro'),
			details(t, input),
			how(t, input),
			prepare(t),
			manage(t, input.manageUrl),
			t('mail:confirmation.calendar')
		),
		ics: rendezVousIcs(t, input, 'REQUEST', 0)
	};
}

/** Sent when the rendez-vous moves: same UID, higher SEQUENCE, so calendars update it. */
export function moveMail(input: MoveMailInput): MailContent {
	if (!Number.isInteger(input.sequence) || input.sequence < 1) {
		throw new RangeError('A moved rendez-vous needs SEQUENCE ≥ 1');
	}
	const { t } = createI18n(input.locale);
	const { date } = formatInstant(input.start, input.timeZone, input.locale);
	return {
		...letter(
			t,
			input,
			t('mail:move.subject', { date, reference: input.reference }),
			t('mail:move.intro'),
			details(t, input),
			input.previousStart &&
				t('mail:move.previous', {
					when: whenText(t, input.previousStart, input.timeZone, input.locale)
				}),
			how(t, input),
			prepare(t),
			manage(t, input.manageUrl),
			t('mail:move.calendar')
		),
		ics: rendezVousIcs(t, input, 'REQUEST', input.sequence)
	};
}

/** Sent when the rendez-vous is cancelled: METHOD:CANCEL removes it from calendars. */
export function cancellationMail(input: CancellationMailInput): MailContent {
	if (!Number.isInteger(input.sequence) || input.sequence < 1) {
		throw new RangeError('A cancellation needs SEQUENCE ≥ 1');
	}
	const { t } = createI18n(input.locale);
	const { date } = formatInstant(input.start, input.timeZone, input.locale);
	return {
		...letter(
			t,
			input,
			t('mail:cancellation.subject', { date, reference: input.reference }),
			t('mail:cancellation.intro'),
			[
				t('mail:cancellation.was', {
					when: whenText(t, input.start, input.timeZone, input.locale)
				}),
				t('mail:common.reference', { reference: input.reference })
			],
			t('mail:cancellation.again'),
			t('mail:cancellation.calendar')
		),
		ics: rendezVousIcs(t, input, 'CANCEL', input.sequence)
	};
}

/**
 * Sent the day before (no .ics: the calendar already has it). Only the hash of the manage
 * token is stored, so the reminder points to the link of the confirmation e-mail.
 */
export function reminderMail(input: Omit<RendezVousMailInput, 'manageUrl'>): MailContent {
	const { t } = createI18n(input.locale);
	const { date, time } = formatInstant(input.start, input.timeZone, input.locale);
	return letter(
		t,
		input,
		t('mail:reminder.subject', { date, time, reference: input.reference }),
		t('mail:reminder.intro'),
		details(t, input),
		how(t, input),
		prepare(t),
		t('mail:reminder.cannot'),
		t('mail:reminder.manage')
	);
}

/** Sent when a callback is requested (including when no slot was free within 14 days). */
export function callbackAckMail(input: CallbackAckMailInput): MailContent {
	const { t } = createI18n(input.locale);
	return {
		subject: demoSubject(
			t,
			t('mail:callback.subject', { reference: input.reference }),
			input.isDemo
		),
		text: paragraphs(
			input.isDemo && t('mail:common.demo'),
			t('mail:common.greetingFirstName', { prenom: input.prenom }),
			t('mail:callback.intro'),
			t(input.sansCreneau ? 'mail:callback.sansCreneau' : 'mail:callback.call'),
			[
				t('mail:common.reference', { reference: input.reference }),
				t('mail:common.departement', { departement: input.departementName })
			],
			prepare(t),
			manage(t, input.manageUrl, 'mail:callback.manage'),
			signature(t, undefined, input.departementName),
			t('mail:common.automatic')
		)
	};
}

// ------------------------------------------------------------------ mail to the service social

/**
 * Tells a département's service social mailbox that something happened, always in French.
 * It holds the reference, the kind, the slot (mode and date) and the back-office link — never a
 * name, a contact, an answer or a level: mailboxes are shared and mail is not end-to-end
 * protected, so everything else is read in the back office after login. Only the listed fields
 * are read from the input, whatever else the caller's object carries.
 */
export function departementNotificationMail(input: DepartementNotificationInput): MailContent {
	const { t } = createI18n('fr');
	const { reference, event, departementName, backOfficeUrl } = input;
	const kind = t(`mail:departement.kind.${input.kind}`);
	const slot =
		input.mode && input.start && event !== 'effacee'
			? t('mail:departement.slot', {
					mode: t(`mail:mode.${input.mode}`),
					when: whenText(t, input.start, input.timeZone, 'fr')
				})
			: undefined;
	return {
		subject: t(`mail:departement.subject.${event}`, { reference }),
		text: paragraphs(
			t(`mail:departement.${event}`, { reference, kind }),
			slot,
			event !== 'effacee' && [t('mail:departement.open'), backOfficeUrl],
			t('mail:departement.privacy'),
			t('mail:departement.signature', { departement: departementName })
		)
	};
}
