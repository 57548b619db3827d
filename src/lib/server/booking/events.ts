import { count, eq } from 'drizzle-orm';
import type { Executor } from '$lib/server/db/index';
import { and, gt, lt } from 'drizzle-orm';
import {
	agendas,
	demandes,
	departementSettings,
	pointsAccueil,
	rendezVous,
	type Demande,
	type RendezVous
} from '$lib/server/db/schema';
import { addDays } from '$lib/booking/holidays';
import { instantToZoned, todayIn } from '$lib/booking/time';
import { departementByCode, organismeOf } from '$lib/departements/data';
import { isLocale, type Locale } from '$lib/i18n/config';
import { env, publicBaseUrl } from '$lib/server/env';
import { LINK_TOKEN } from '$lib/server/mail/seal';
import { logger } from '$lib/server/log';
import { enqueueMail } from '$lib/server/mail/outbox';
import {
	callbackAckMail,
	cancellationMail,
	confirmationMail,
	departementNotificationMail,
	moveMail,
	reminderMail,
	rendezVousCalendar,
	type MailContent,
	type NotificationEvent,
	type RendezVousMailInput
} from '$lib/server/mail/templates';
import { orientationAckMail } from '$lib/server/mail/orientation';
import { enqueueSms } from '$lib/server/sms/outbox';
import {
	cancellationSms,
	confirmationSms,
	moveSms,
	reminderSms,
	type RendezVousSmsInput
} from '$lib/server/sms/templates';
import { smsRecipient } from '$lib/sms/recipient';
import type { ReminderChannel } from '$lib/vocabulary';
import type { BookingEvents } from './types';

export interface EventsConfig {
	/** Public URL of the portal, for links in e-mails. */
	baseUrl: string;
	/** Demo mode: mails say so. */
	isDemo: boolean;
	now: () => Date;
}

export function eventsConfigFromEnv(): EventsConfig {
	const config = env();
	return {
		baseUrl: publicBaseUrl(config),
		isDemo: config.DEMO_DATA,
		now: () => new Date()
	};
}

/** The manage link as written in a queued mail: its token is sealed apart (ADR 025). */
export const manageUrl = (config: Pick<EventsConfig, 'baseUrl'>) =>
	`${config.baseUrl}/rendez-vous/gerer/${LINK_TOKEN}`;

/**
 * The manage link as an SMS carries it: the same token behind a short path, `/g/<token>`,
 * which redirects to the manage page (ADR 041).
 */
export const shortManageUrl = (config: Pick<EventsConfig, 'baseUrl'>) =>
	`${config.baseUrl}/g/${LINK_TOKEN}`;

/** Where a person whose rendez-vous is cancelled books a new one (their own or the service's cancellation). */
export const rebookUrl = (config: Pick<EventsConfig, 'baseUrl'>) => `${config.baseUrl}/rendez-vous`;

/** What a person's e-mail about a rendez-vous needs, read inside the booking transaction (also the back-office's cancellation mail). */
export function rendezVousInput(
	tx: Executor,
	config: EventsConfig,
	demande: Demande,
	rdv: RendezVous,
	token: string
): Promise<RendezVousMailInput>;
export function rendezVousInput(
	tx: Executor,
	config: EventsConfig,
	demande: Demande,
	rdv: RendezVous,
	token: null
): Promise<Omit<RendezVousMailInput, 'manageUrl'>>;
export async function rendezVousInput(
	tx: Executor,
	config: EventsConfig,
	demande: Demande,
	rdv: RendezVous,
	token: string | null
): Promise<RendezVousMailInput | Omit<RendezVousMailInput, 'manageUrl'>> {
	const departement = departementByCode(demande.departementCode);
	if (!departement) throw new RangeError(`Unknown département ${demande.departementCode}`);
	const [point] = await tx
		.select({ name: pointsAccueil.name, address: pointsAccueil.address })
		.from(agendas)
		.innerJoin(pointsAccueil, eq(agendas.pointAccueilId, pointsAccueil.id))
		.where(eq(agendas.id, rdv.agendaId));
	const [settings] = await tx
		.select({ mailbox: departementSettings.mailbox })
		.from(departementSettings)
		.where(eq(departementSettings.code, demande.departementCode));
	return {
		locale: localeOf(demande),
		reference: demande.reference,
		prenom: demande.prenom,
		nom: demande.nom,
		mode: rdv.mode,
		start: rdv.startsAt,
		end: rdv.endsAt,
		timeZone: departement.timeZone,
		departementName: departement.name,
		organismeName: organismeOf(departement).publicName,
		pointAccueil: point ?? undefined,
		isDemo: config.isDemo,
		now: config.now(),
		email: demande.email,
		departementMailbox: settings?.mailbox ?? null,
		...(token === null ? {} : { manageUrl: manageUrl(config) })
	};
}

function localeOf(demande: Demande): Locale {
	return isLocale(demande.locale) ? demande.locale : 'fr';
}

/**
 * A mail to the person, when they gave an e-mail address. An address the outbox refuses
 * (the form schema should have caught it) never undoes the booking: the mail is skipped.
 */
async function toPerson(
	tx: Executor,
	config: EventsConfig,
	demande: Demande,
	mail: MailContent,
	token: string
): Promise<void> {
	if (!demande.email) return;
	try {
		await enqueueMail(
			tx,
			{ recipient: demande.email, ...mail, token, demandeId: demande.id },
			config.now()
		);
	} catch (error) {
		if (!(error instanceof RangeError)) throw error;
		logger.warn('confirmation mail skipped: address refused by the outbox', {
			demande: demande.id
		});
	}
}

/** What an SMS about a rendez-vous says of it (no name, no contact). */
export function smsInput(input: Omit<RendezVousMailInput, 'manageUrl'>): RendezVousSmsInput {
	return {
		locale: input.locale,
		reference: input.reference,
		mode: input.mode,
		start: input.start,
		timeZone: input.timeZone,
		organismeName: input.organismeName,
		pointAccueil: input.pointAccueil,
		isDemo: input.isDemo
	};
}

/** The number the person may be texted at: a French mobile number, and SMS not refused. */
export function smsNumberOf(demande: Pick<Demande, 'telephone' | 'smsRefused'>): string | null {
	return demande.smsRefused ? null : smsRecipient(demande.telephone);
}

/**
 * An SMS to the person, when they gave a French mobile number and did not refuse SMS
 * (ADR 041). One per `dedupeKey`, ever. Returns true when it was queued.
 */
export async function smsToPerson(
	tx: Executor,
	demande: Demande,
	sms: { text: string; token?: string; dedupeKey: string },
	now: Date
): Promise<boolean> {
	const recipient = smsNumberOf(demande);
	if (recipient === null) return false;
	return enqueueSms(tx, { recipient, ...sms, demandeId: demande.id }, now);
}

/** The département's notification: a reference and a back-office link, never health data. */
async function toDepartement(
	tx: Executor,
	config: EventsConfig,
	demande: Demande,
	event: NotificationEvent,
	rdv?: RendezVous
): Promise<void> {
	const departement = departementByCode(demande.departementCode);
	const [settings] = await tx
		.select()
		.from(departementSettings)
		.where(eq(departementSettings.code, demande.departementCode));
	if (!departement || !settings) {
		logger.warn('département mailbox not configured: notification skipped', {
			departement: demande.departementCode
		});
		return;
	}
	const mail = departementNotificationMail({
		reference: demande.reference,
		kind: demande.kind,
		event,
		mode: rdv?.mode,
		start: rdv?.startsAt,
		timeZone: departement.timeZone,
		departementName: departement.name,
		backOfficeUrl: `${config.baseUrl}/espace-pro/demandes/${demande.reference}`,
		prioritaire: demande.priority !== null
	});
	// Not linked to the demande: an erasure must still reach the team.
	await enqueueMail(tx, { recipient: settings.mailbox, ...mail }, config.now());
}

/** How many rendez-vous rows a demande has had (for the .ics SEQUENCE). */
async function versions(tx: Executor, demandeId: number): Promise<number> {
	return (
		(await tx.select({ n: count() }).from(rendezVous).where(eq(rendezVous.demandeId, demandeId)))[0]
			?.n ?? 1
	);
}

/**
 * The .ics of the person's current rendez-vous, the same as the one their last e-mail attached
 * (same UID and SEQUENCE), with their manage link in clear: it is served behind that link.
 */
export async function currentCalendar(
	db: Executor,
	demande: Demande,
	rdv: RendezVous,
	token: string,
	config: EventsConfig = eventsConfigFromEnv()
): Promise<string> {
	const input = await rendezVousInput(db, config, demande, rdv, token);
	return rendezVousCalendar(
		{ ...input, manageUrl: `${config.baseUrl}/rendez-vous/gerer/${token}` },
		(await versions(db, demande.id)) - 1
	);
}

/**
 * The e-mails of booking events, queued in the outbox inside the booking's transaction: a
 * booking is never lost or blocked by an SMTP outage (docs/mail.md).
 */
export function createBookingEvents(config: EventsConfig = eventsConfigFromEnv()): BookingEvents {
	return {
		async booked(tx, demande, rdv, token) {
			const input = await rendezVousInput(tx, config, demande, rdv, token);
			await toPerson(tx, config, demande, confirmationMail(input), token);
			await smsToPerson(
				tx,
				demande,
				{
					text: confirmationSms(smsInput(input), shortManageUrl(config)),
					token,
					dedupeKey: `${demande.reference}:sms:confirmation`
				},
				config.now()
			);
			await toDepartement(tx, config, demande, 'nouvelle', rdv);
		},
		async moved(tx, demande, previous, rdv, token) {
			const input = await rendezVousInput(tx, config, demande, rdv, token);
			const sequence = (await versions(tx, demande.id)) - 1;
			await toPerson(
				tx,
				config,
				demande,
				moveMail({ ...input, sequence, previousStart: previous.startsAt }),
				token
			);
			await smsToPerson(
				tx,
				demande,
				{
					text: moveSms(smsInput(input), shortManageUrl(config)),
					token,
					dedupeKey: `${demande.reference}:sms:move:${sequence}`
				},
				config.now()
			);
			await toDepartement(tx, config, demande, 'deplacee', rdv);
		},
		async cancelled(tx, demande, rdv, token) {
			const input = await rendezVousInput(tx, config, demande, rdv, token);
			await toPerson(
				tx,
				config,
				demande,
				cancellationMail({
					...input,
					sequence: await versions(tx, demande.id),
					rebookUrl: rebookUrl(config)
				}),
				token
			);
			await smsToPerson(
				tx,
				demande,
				{
					text: cancellationSms(smsInput(input), rebookUrl(config)),
					dedupeKey: `${demande.reference}:sms:cancel`
				},
				config.now()
			);
			await toDepartement(tx, config, demande, 'annulee', rdv);
		},
		async callbackRequested(tx, demande, token) {
			const departement = departementByCode(demande.departementCode);
			if (demande.orienteur) {
				// Oriented by a professional: they get the acknowledgement (no health data, no
				// reason, not even the person's name); the person has no manage link to receive.
				await enqueueMail(
					tx,
					{
						recipient: demande.orienteur.email,
						...orientationAckMail({
							locale: localeOf(demande),
							reference: demande.reference,
							departementName: departement?.name ?? demande.departementCode,
							organismeName: departement ? organismeOf(departement).publicName : '',
							isDemo: config.isDemo
						}),
						demandeId: demande.id
					},
					config.now()
				);
			} else {
				await toPerson(
					tx,
					config,
					demande,
					callbackAckMail({
						locale: localeOf(demande),
						reference: demande.reference,
						prenom: demande.prenom,
						manageUrl: manageUrl(config),
						departementName: departement?.name ?? demande.departementCode,
						sansCreneau: demande.sansCreneau,
						isDemo: config.isDemo
					}),
					token
				);
			}
			await toDepartement(tx, config, demande, 'nouvelle');
		},
		async erased(tx, demande) {
			await toDepartement(tx, config, demande, 'effacee');
		}
	};
}

/**
 * Queues the reminder of every confirmed rendez-vous that takes place tomorrow in its
 * département's time zone: by e-mail when the person gave an address, by SMS when they gave a
 * French mobile number and did not refuse SMS (ADR 041); the channels are recorded on the
 * rendez-vous (no-show rate by channel). Idempotent: one reminder per channel, rendez-vous and
 * start time, even after a restart or several runs a day (outbox dedupe keys); a moved
 * rendez-vous gets its own. The manage token is not stored (only its hash), so the reminder
 * points to the link of the confirmation instead of carrying it. Returns how many rendez-vous
 * got a reminder queued.
 */
export async function queueReminders(db: Executor, config: EventsConfig): Promise<number> {
	// One transaction, as the synchronous job was atomic: a rendez-vous cancelled or a demande
	// erased while the job runs never gets a reminder (ADR 047).
	return db.transaction((tx) => queueRemindersIn(tx, config));
}

async function queueRemindersIn(db: Executor, config: EventsConfig): Promise<number> {
	const now = config.now();
	// Tomorrow anywhere (UTC−4 to UTC+4) lies within the next 56 hours.
	const horizon = new Date(now.getTime() + 56 * 60 * 60 * 1000);
	const rows = await db
		.select({ demande: demandes, rdv: rendezVous })
		.from(rendezVous)
		.innerJoin(demandes, eq(rendezVous.demandeId, demandes.id))
		.where(
			and(
				eq(rendezVous.status, 'confirme'),
				gt(rendezVous.startsAt, now),
				lt(rendezVous.startsAt, horizon)
			)
		);
	let queued = 0;
	for (const { demande, rdv } of rows) {
		const departement = departementByCode(demande.departementCode);
		const channels = reminderChannelOf(demande);
		if (!departement || channels === null) continue;
		const tomorrow = addDays(todayIn(departement.timeZone, now), 1);
		if (instantToZoned(rdv.startsAt, departement.timeZone).date !== tomorrow) continue;
		const input = await rendezVousInput(db, config, demande, rdv, null);
		const key = `${demande.reference}:reminder:${rdv.startsAt.toISOString()}`;
		const mailed =
			demande.email !== null &&
			(await enqueueMail(
				db,
				{ recipient: demande.email, ...reminderMail(input), demandeId: demande.id, dedupeKey: key },
				now
			));
		const texted = await smsToPerson(
			db,
			demande,
			{
				text: reminderSms(smsInput(input)),
				dedupeKey: `${demande.reference}:sms:reminder:${rdv.startsAt.toISOString()}`
			},
			now
		);
		if (!mailed && !texted) continue;
		await db.update(rendezVous).set({ reminderChannel: channels }).where(eq(rendezVous.id, rdv.id));
		queued++;
	}
	return queued;
}

/** Through which channels the person gets reminders, or null when none. */
function reminderChannelOf(demande: Demande): ReminderChannel | null {
	const sms = smsNumberOf(demande) !== null;
	if (demande.email) return sms ? 'email_sms' : 'email';
	return sms ? 'sms' : null;
}
