import { eq, sql } from 'drizzle-orm';
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

/** Where a person whose rendez-vous is cancelled books a new one (their own or the service's cancellation). */
export const rebookUrl = (config: Pick<EventsConfig, 'baseUrl'>) => `${config.baseUrl}/rendez-vous`;

/** What a person's e-mail about a rendez-vous needs, read inside the booking transaction (also the back-office's cancellation mail). */
export function rendezVousInput(
	tx: Executor,
	config: EventsConfig,
	demande: Demande,
	rdv: RendezVous,
	token: string
): RendezVousMailInput;
export function rendezVousInput(
	tx: Executor,
	config: EventsConfig,
	demande: Demande,
	rdv: RendezVous,
	token: null
): Omit<RendezVousMailInput, 'manageUrl'>;
export function rendezVousInput(
	tx: Executor,
	config: EventsConfig,
	demande: Demande,
	rdv: RendezVous,
	token: string | null
): RendezVousMailInput | Omit<RendezVousMailInput, 'manageUrl'> {
	const departement = departementByCode(demande.departementCode);
	if (!departement) throw new RangeError(`Unknown département ${demande.departementCode}`);
	const point = tx
		.select({ name: pointsAccueil.name, address: pointsAccueil.address })
		.from(agendas)
		.innerJoin(pointsAccueil, eq(agendas.pointAccueilId, pointsAccueil.id))
		.where(eq(agendas.id, rdv.agendaId))
		.get();
	const settings = tx
		.select({ mailbox: departementSettings.mailbox })
		.from(departementSettings)
		.where(eq(departementSettings.code, demande.departementCode))
		.get();
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
function toPerson(
	tx: Executor,
	config: EventsConfig,
	demande: Demande,
	mail: MailContent,
	token: string
): void {
	if (!demande.email) return;
	try {
		enqueueMail(
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

/** The département's notification: a reference and a back-office link, never health data. */
function toDepartement(
	tx: Executor,
	config: EventsConfig,
	demande: Demande,
	event: NotificationEvent,
	rdv?: RendezVous
): void {
	const departement = departementByCode(demande.departementCode);
	const settings = tx
		.select()
		.from(departementSettings)
		.where(eq(departementSettings.code, demande.departementCode))
		.get();
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
	enqueueMail(tx, { recipient: settings.mailbox, ...mail }, config.now());
}

/** How many rendez-vous rows a demande has had (for the .ics SEQUENCE). */
function versions(tx: Executor, demandeId: number): number {
	return (
		tx
			.select({ n: sql<number>`count(*)` })
			.from(rendezVous)
			.where(eq(rendezVous.demandeId, demandeId))
			.get()?.n ?? 1
	);
}

/**
 * The .ics of the person's current rendez-vous, the same as the one their last e-mail attached
 * (same UID and SEQUENCE), with their manage link in clear: it is served behind that link.
 */
export function currentCalendar(
	db: Executor,
	demande: Demande,
	rdv: RendezVous,
	token: string,
	config: EventsConfig = eventsConfigFromEnv()
): string {
	const input = rendezVousInput(db, config, demande, rdv, token);
	return rendezVousCalendar(
		{ ...input, manageUrl: `${config.baseUrl}/rendez-vous/gerer/${token}` },
		versions(db, demande.id) - 1
	);
}

/**
 * The e-mails of booking events, queued in the outbox inside the booking's transaction: a
 * booking is never lost or blocked by an SMTP outage (docs/mail.md).
 */
export function createBookingEvents(config: EventsConfig = eventsConfigFromEnv()): BookingEvents {
	return {
		booked(tx, demande, rdv, token) {
			toPerson(
				tx,
				config,
				demande,
				confirmationMail(rendezVousInput(tx, config, demande, rdv, token)),
				token
			);
			toDepartement(tx, config, demande, 'nouvelle', rdv);
		},
		moved(tx, demande, previous, rdv, token) {
			const input = rendezVousInput(tx, config, demande, rdv, token);
			toPerson(
				tx,
				config,
				demande,
				moveMail({
					...input,
					sequence: versions(tx, demande.id) - 1,
					previousStart: previous.startsAt
				}),
				token
			);
			toDepartement(tx, config, demande, 'deplacee', rdv);
		},
		cancelled(tx, demande, rdv, token) {
			const input = rendezVousInput(tx, config, demande, rdv, token);
			toPerson(
				tx,
				config,
				demande,
				cancellationMail({
					...input,
					sequence: versions(tx, demande.id),
					rebookUrl: rebookUrl(config)
				}),
				token
			);
			toDepartement(tx, config, demande, 'annulee', rdv);
		},
		callbackRequested(tx, demande, token) {
			const departement = departementByCode(demande.departementCode);
			if (demande.orienteur) {
				// Oriented by a professional: they get the acknowledgement (no health data, no
				// reason, not even the person's name); the person has no manage link to receive.
				enqueueMail(
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
				toPerson(
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
			toDepartement(tx, config, demande, 'nouvelle');
		},
		erased(tx, demande) {
			toDepartement(tx, config, demande, 'effacee');
		}
	};
}

/**
 * Queues the reminder of every confirmed rendez-vous that takes place tomorrow in its
 * département's time zone. Idempotent: one reminder per rendez-vous and start time, even
 * after a restart or several runs a day (outbox dedupe key); a moved rendez-vous gets its own.
 * The manage token is not stored (only its hash), so the reminder points to the link of the
 * confirmation e-mail instead of carrying it.
 */
export function queueReminders(db: Executor, config: EventsConfig): number {
	const now = config.now();
	// Tomorrow anywhere (UTC−4 to UTC+4) lies within the next 56 hours.
	const horizon = new Date(now.getTime() + 56 * 60 * 60 * 1000);
	const rows = db
		.select({ demande: demandes, rdv: rendezVous })
		.from(rendezVous)
		.innerJoin(demandes, eq(rendezVous.demandeId, demandes.id))
		.where(
			and(
				eq(rendezVous.status, 'confirme'),
				gt(rendezVous.startsAt, now),
				lt(rendezVous.startsAt, horizon)
			)
		)
		.all();
	let queued = 0;
	for (const { demande, rdv } of rows) {
		const departement = departementByCode(demande.departementCode);
		if (!departement || !demande.email) continue;
		const tomorrow = addDays(todayIn(departement.timeZone, now), 1);
		if (instantToZoned(rdv.startsAt, departement.timeZone).date !== tomorrow) continue;
		const input = rendezVousInput(db, config, demande, rdv, null);
		const inserted = enqueueMail(
			db,
			{
				recipient: demande.email,
				...reminderMail(input),
				demandeId: demande.id,
				dedupeKey: `${demande.reference}:reminder:${rdv.startsAt.toISOString()}`
			},
			now
		);
		if (inserted) queued++;
	}
	return queued;
}
