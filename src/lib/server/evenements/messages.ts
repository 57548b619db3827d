/**
 * What an évènement's registrations receive (ADR 043, docs/messages.md): e-mails and, when the
 * person gave a French mobile number and did not refuse SMS, an SMS beside each (ADR 041).
 * Every message goes through the outbox inside the transaction that causes it, with a dedupe
 * key `inscription:<id>:<kind>`, so a replay or a second run of a job never sends it twice and
 * erasing a registration deletes its pending messages (`deletePendingMessages`).
 */
import { and, isNull, like } from 'drizzle-orm';
import type { TFunction } from 'i18next';
import type { Executor } from '$lib/server/db/index';
import { outbox, type Evenement, type Inscription } from '$lib/server/db/schema';
import { isLocale, type Locale } from '$lib/i18n/config';
import { formatInstant } from '$lib/server/mail/templates';
import { buildIcs } from '$lib/server/mail/ics';
import { enqueueMail } from '$lib/server/mail/outbox';
import { LINK_TOKEN } from '$lib/server/mail/seal';
import { enqueueSms } from '$lib/server/sms/outbox';
import { createI18n } from '$lib/server/i18n';
import { env, publicBaseUrl } from '$lib/server/env';
import { smsRecipient } from '$lib/sms/recipient';
import { logger } from '$lib/server/log';

export interface MessagesConfig {
	baseUrl: string;
	isDemo: boolean;
}

export function messagesConfigFromEnv(): MessagesConfig {
	const config = env();
	return { baseUrl: publicBaseUrl(config), isDemo: config.DEMO_DATA };
}

export const inscriptionMessageKinds = [
	'confirmation',
	'attente',
	'promotion',
	'annulationEvenement',
	'rappelVeille',
	'rappelHeure',
	'suite'
] as const;
export type InscriptionMessageKind = (typeof inscriptionMessageKinds)[number];

/**
 * Messages carrying the manage link: its token is known only when the form is posted (a
 * promotion's message points to the first message's link instead).
 */
const WITH_MANAGE_LINK: readonly InscriptionMessageKind[] = ['confirmation', 'attente'];
/** Messages with the .ics of the évènement. */
const WITH_ICS: readonly InscriptionMessageKind[] = ['confirmation', 'promotion'];
/** Messages with the visio link (confirmed seats only, never a public page). */
const WITH_VISIO: readonly InscriptionMessageKind[] = ['confirmation', 'promotion', 'rappelHeure'];

export const dedupePrefix = (inscriptionId: number) => `inscription:${inscriptionId}:`;

export const manageLink = (config: MessagesConfig) =>
	`${config.baseUrl}/evenements/inscription/${LINK_TOKEN}`;
export const followUpLink = (config: MessagesConfig) =>
	`${config.baseUrl}/evenements/suite/${LINK_TOKEN}`;

export function localeOf(inscription: Pick<Inscription, 'locale'>): Locale {
	return isLocale(inscription.locale) ? inscription.locale : 'fr';
}

/** The évènement's title and description in a language (English falls back on French). */
export function localized(evenement: Evenement, locale: Locale) {
	return {
		title: (locale === 'en' && evenement.titleEn) || evenement.titleFr,
		description: (locale === 'en' && evenement.descriptionEn) || evenement.descriptionFr
	};
}

export function endOf(evenement: Pick<Evenement, 'startsAt' | 'durationMinutes'>): Date {
	return new Date(evenement.startsAt.getTime() + evenement.durationMinutes * 60_000);
}

function placeText(t: TFunction, evenement: Evenement): string {
	if (evenement.mode === 'visio') return t('evenements:mail.placeVisio');
	return [evenement.place, evenement.address].filter(Boolean).join(', ');
}

function icsOf(t: TFunction, evenement: Evenement, locale: Locale, now: Date, url?: string) {
	const { title, description } = localized(evenement, locale);
	return buildIcs({
		uid: `evenement-${evenement.id}@portail-pdp`,
		start: evenement.startsAt,
		end: endOf(evenement),
		summary: title,
		description: [
			description,
			evenement.visioUrl && evenement.mode === 'visio' ? evenement.visioUrl : ''
		]
			.filter(Boolean)
			.join('\n'),
		location: placeText(t, evenement),
		url,
		now
	});
}

/** Subject and text of one message (pure but for the translator). */
export function composeMail(
	kind: InscriptionMessageKind,
	evenement: Evenement,
	inscription: Pick<Inscription, 'name' | 'locale' | 'places'>,
	config: MessagesConfig,
	now: Date
): { subject: string; text: string; ics?: string } {
	const locale = localeOf(inscription);
	const { t } = createI18n(locale);
	const { title } = localized(evenement, locale);
	const { date, time, zone } = formatInstant(evenement.startsAt, evenement.timeZone, locale);
	const when = t('mail:common.whenFormat', { date, time, zone });
	const lines = [
		config.isDemo ? t('mail:common.demo') : '',
		t('evenements:mail.greeting', { name: inscription.name }),
		t(`evenements:mail.${kind}.intro`, { title }),
		[
			t('evenements:mail.title', { title }),
			t('evenements:mail.when', { when }),
			t('evenements:mail.where', { where: placeText(t, evenement) }),
			t('evenements:mail.places', { count: inscription.places })
		].join('\n'),
		WITH_VISIO.includes(kind) && evenement.mode === 'visio' && evenement.visioUrl
			? t('evenements:mail.visio', { url: evenement.visioUrl })
			: '',
		evenement.mode === 'presentiel' && evenement.accessibility
			? t('evenements:mail.accessibility', { text: evenement.accessibility })
			: '',
		kind === 'suite' ? t('evenements:mail.suite.link', { url: followUpLink(config) }) : '',
		WITH_MANAGE_LINK.includes(kind) ? t('evenements:mail.manage', { url: manageLink(config) }) : '',
		t('evenements:mail.signature'),
		t('mail:common.automatic')
	];
	const subject = t(`evenements:mail.${kind}.subject`, { title, date });
	return {
		subject: config.isDemo ? `${t('mail:sms.demo')}${subject}` : subject,
		text: lines.filter((line) => line !== '').join('\n\n') + '\n',
		...(WITH_ICS.includes(kind) ? { ics: icsOf(t, evenement, locale, now) } : {})
	};
}

/** The SMS of one message: short, no name (a lock screen shows it), the link where there is one. */
export function composeSms(
	kind: InscriptionMessageKind,
	evenement: Evenement,
	inscription: Pick<Inscription, 'locale'>,
	config: MessagesConfig
): string {
	const locale = localeOf(inscription);
	const { t } = createI18n(locale);
	const { date, time } = formatInstant(evenement.startsAt, evenement.timeZone, locale);
	const url =
		kind === 'suite'
			? followUpLink(config)
			: kind === 'rappelHeure'
				? (evenement.visioUrl ?? '')
				: WITH_MANAGE_LINK.includes(kind)
					? manageLink(config)
					: '';
	const text = t(`evenements:sms.${kind}`, { date, time, url });
	return config.isDemo ? `${t('mail:sms.demo')}${text}` : text;
}

/**
 * Queues a message to a registration: e-mail if it has an address, SMS if it has a mobile
 * number and did not refuse SMS. `token` is the manage token (for the messages with the manage
 * link) or the follow-up token. Returns whether anything was queued.
 */
export async function notify(
	tx: Executor,
	config: MessagesConfig,
	kind: InscriptionMessageKind,
	evenement: Evenement,
	inscription: Inscription,
	now: Date,
	token?: string
): Promise<boolean> {
	const needsToken = WITH_MANAGE_LINK.includes(kind) || kind === 'suite';
	const linkToken = needsToken ? token : undefined;
	if (needsToken && linkToken === undefined) throw new Error(`Message ${kind} needs its token`);
	const dedupeKey = `${dedupePrefix(inscription.id)}${kind}`;
	let queued = false;
	if (inscription.email) {
		try {
			queued =
				(await enqueueMail(
					tx,
					{
						recipient: inscription.email,
						...composeMail(kind, evenement, inscription, config, now),
						token: linkToken,
						dedupeKey
					},
					now
				)) || queued;
		} catch (error) {
			if (!(error instanceof RangeError)) throw error;
			logger.warn('évènement mail skipped: address refused by the outbox', {
				inscription: inscription.id
			});
		}
	}
	const mobile = inscription.smsRefused ? null : smsRecipient(inscription.telephone);
	if (mobile) {
		queued =
			(await enqueueSms(
				tx,
				{
					recipient: mobile,
					text: composeSms(kind, evenement, inscription, config),
					token: linkToken,
					dedupeKey: `${dedupeKey}:sms`
				},
				now
			)) || queued;
	}
	return queued;
}

/** Deletes the messages of a registration not sent yet (erasure, ADR 017). */
export async function deletePendingMessages(tx: Executor, inscriptionId: number): Promise<void> {
	await tx
		.delete(outbox)
		.where(and(like(outbox.dedupeKey, `${dedupePrefix(inscriptionId)}%`), isNull(outbox.sentAt)));
}
