/**
 * The follow-up job (ADR 045): months after a demande ended, or after an évènement the person
 * registered to was held (SUIVI_MONTHS, 6 by default), a person who agreed and did not withdraw
 * gets an e-mail and an SMS with a one-time link to a few questions; one reminder
 * SUIVI_REMINDER_DAYS later if unanswered; the link works SUIVI_EXPIRY_DAYS. Idempotent (one
 * `suivis` row per demande or registration, outbox dedupe keys), on an injected `now`; run
 * hourly with the housekeeping.
 */
import { and, eq, gt, isNotNull, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { changedRows, lockKeys, type Db, type Executor } from '$lib/server/db/index';
import { instant } from '$lib/server/db/instant';
import {
	evenementEnd,
	demandes,
	evenementDepartements,
	evenements,
	inscriptions,
	rendezVous,
	suivis,
	type Demande,
	type Evenement,
	type Inscription
} from '$lib/server/db/schema';
import { formatDate } from '$lib/format/datetime';
import { smsRecipient } from '$lib/sms/recipient';
import { enqueueSms } from '$lib/server/sms/outbox';
import { localized } from '$lib/server/evenements/messages';
import { inscriptionSuiviKey, SUIVI_JOB_LOCK } from './consent';
import { departementByCode, organismeOf } from '$lib/departements/data';
import { isLocale, type Locale } from '$lib/i18n/config';
import { env, publicBaseUrl } from '$lib/server/env';
import { enqueueMail } from '$lib/server/mail/outbox';
import { linkKey } from '$lib/server/mail/link-key';
import { LINK_TOKEN, sealToken, unsealToken } from '$lib/server/mail/seal';
import { smsNumberOf } from '$lib/server/booking/events';
import { monthsBefore } from '$lib/server/retention';
import { generateToken, hashToken } from '$lib/server/tokens';
import { SUIVI_EXPIRY_DAYS, SUIVI_REMINDER_DAYS } from '$lib/vocabulary';
import { suiviMail, suiviSms } from './messages';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SuiviConfig {
	/** Months after the end of a demande (SUIVI_MONTHS, 3–12). */
	months: number;
	baseUrl: string;
	isDemo: boolean;
}

export function suiviConfigFromEnv(): SuiviConfig {
	const config = env();
	return { months: config.SUIVI_MONTHS, baseUrl: publicBaseUrl(config), isDemo: config.DEMO_DATA };
}

/** The follow-up page's link as a queued message writes it (the token sealed apart, ADR 025). */
export const suiviUrl = (config: Pick<SuiviConfig, 'baseUrl'>) =>
	`${config.baseUrl}/suivi/${LINK_TOKEN}`;

/**
 * When a demande ended, for its follow-up: its closing time when closed, else (never closed,
 * still open) the start of its latest confirmed rendez-vous. A cancelled demande, or an open
 * callback request, has none: no follow-up.
 */
const endedAt = sql<number | null>`case
	when ${demandes.status} = 'cloturee' then ${demandes.closedAt}
	when ${demandes.status} in ('nouvelle', 'en_cours') then (select max(${rendezVous.startsAt}) from ${rendezVous} where ${rendezVous.demandeId} = ${demandes.id} and ${rendezVous.status} = 'confirme')
end`;

/** A demande that may be contacted: consent given, not withdrawn, not anonymised. */
const consenting = and(
	isNotNull(demandes.suiviConsentAt),
	isNull(demandes.suiviConsentWithdrawnAt),
	isNull(demandes.anonymisedAt)
);

/** When an évènement ended (its start and duration): the dialect's fragment (ADR 050). */
export { evenementEnd };

/** The département an évènement's follow-ups count in and write from: its first (lowest) code. */
export const evenementDepartement = sql<string>`(select min(${evenementDepartements.departementCode}) from ${evenementDepartements} where ${evenementDepartements.evenementId} = ${evenements.id})`;

/**
 * A registration that may be followed up (ADR 045 addendum): its person agreed and did not
 * withdraw, it held a seat (confirmed: not cancelled, not left on the waiting list), it was not
 * marked absent, and its évènement was not cancelled. Attendance is optional (present, absent,
 * or never taken): only an absence excludes, since the person did not attend the action whose
 * outcome is measured.
 */
export const followedInscription = and(
	isNotNull(inscriptions.suiviConsentAt),
	isNull(inscriptions.suiviConsentWithdrawnAt),
	eq(inscriptions.status, 'confirmee'),
	or(isNull(inscriptions.attendance), ne(inscriptions.attendance, 'absent')),
	or(eq(evenements.status, 'publie'), eq(evenements.status, 'tenu'))
);

/** How the messages and the page recall an évènement: its title in the language, its local date. */
export function evenementRecall(evenement: Evenement, locale: Locale) {
	return {
		title: localized(evenement, locale).title,
		date: formatDate(evenement.startsAt.toISOString(), locale, evenement.timeZone)
	};
}

export interface SuiviRun {
	sent: number;
	reminded: number;
}

/** Whom a follow-up is written to: the person of a demande, or of a registration. */
interface Target {
	departementCode: string;
	locale: string;
	/** The greeting's name: the first name of a demande, the name or pseudonym of a registration. */
	name: string;
	email: string | null;
	/** The SMS number (French mobile, SMS not refused), or null. */
	mobile: string | null;
	demandeId: number | null;
	reference: string | null;
	evenement: Evenement | null;
	/** The dedupe keys of the e-mail and the SMS (`suffix`: `:rappel` for the reminder). */
	keys: (suffix: string) => { mail: string; sms: string };
}

const demandeTarget = (demande: Demande): Target => ({
	departementCode: demande.departementCode,
	locale: demande.locale,
	name: demande.prenom,
	email: demande.email,
	mobile: smsNumberOf(demande),
	demandeId: demande.id,
	reference: demande.reference,
	evenement: null,
	keys: (suffix) => ({
		mail: `${demande.reference}:suivi${suffix}`,
		sms: `${demande.reference}:sms:suivi${suffix}`
	})
});

const inscriptionTarget = (
	inscription: Inscription,
	evenement: Evenement,
	departementCode: string
): Target => ({
	departementCode,
	locale: inscription.locale,
	name: inscription.name,
	email: inscription.email,
	mobile: inscription.smsRefused ? null : smsRecipient(inscription.telephone),
	demandeId: null,
	reference: null,
	evenement,
	keys: (suffix) => {
		const base = `${inscriptionSuiviKey(inscription.id)}${suffix}`;
		return { mail: base, sms: `${base}:sms` };
	}
});

/**
 * One run at `now`: the follow-ups that are due (ended `months` ago, at most SUIVI_EXPIRY_DAYS
 * before: a demande or an évènement that ended long before the feature, or whose window passed
 * while the portal was down, is not contacted late), the reminders, and the sealed tokens of
 * expired links dropped.
 */
export async function runSuivis(db: Db, config: SuiviConfig, now: Date): Promise<SuiviRun> {
	// One transaction, as the synchronous job was atomic: a consent withdrawn or a demande
	// erased while the job runs is never written to (ADR 047). Each follow-up is a savepoint.
	return db.transaction(async (tx) => {
		await lockKeys(tx, SUIVI_JOB_LOCK);
		return runSuivisIn(tx, config, now);
	});
}

async function runSuivisIn(db: Executor, config: SuiviConfig, now: Date): Promise<SuiviRun> {
	const dueBefore = instant(monthsBefore(now, config.months));
	const dueAfter = instant(monthsBefore(now, config.months).getTime() - SUIVI_EXPIRY_DAYS * DAY_MS);
	const due = await db
		.select()
		.from(demandes)
		.where(
			and(
				consenting,
				sql`${endedAt} <= ${dueBefore}`,
				sql`${endedAt} > ${dueAfter}`,
				sql`not exists (select 1 from ${suivis} where ${suivis.demandeId} = ${demandes.id})`
			)
		);
	const dueInscriptions = await db
		.select({ inscription: inscriptions, evenement: evenements, departement: evenementDepartement })
		.from(inscriptions)
		.innerJoin(evenements, eq(inscriptions.evenementId, evenements.id))
		.where(
			and(
				followedInscription,
				sql`${evenementEnd} <= ${dueBefore}`,
				sql`${evenementEnd} > ${dueAfter}`,
				sql`not exists (select 1 from ${suivis} where ${suivis.inscriptionId} = ${inscriptions.id})`
			)
		);
	const targets = [
		...due.map((demande) => ({ owner: { demandeId: demande.id }, target: demandeTarget(demande) })),
		...dueInscriptions.map((row) => ({
			owner: { inscriptionId: row.inscription.id },
			target: inscriptionTarget(row.inscription, row.evenement, row.departement)
		}))
	];
	let sent = 0;
	for (const { owner, target } of targets) {
		const token = generateToken();
		const expiresAt = new Date(now.getTime() + SUIVI_EXPIRY_DAYS * DAY_MS);
		// Nobody to write to (no address, no mobile or SMS refused): staff may record it by phone.
		if (!target.email && target.mobile === null) continue;
		const queued = await db.transaction(async (tx) => {
			const inserted = changedRows(
				await tx
					.insert(suivis)
					.values({
						...owner,
						tokenHash: hashToken(token),
						sealedToken: sealToken(token, linkKey()),
						createdAt: now,
						sentAt: now,
						expiresAt
					})
					.onConflictDoNothing()
			);
			return inserted === 1 && (await send(tx, config, target, token, expiresAt, false, now));
		});
		if (queued) sent++;
	}
	const reminded = await remind(db, config, now);
	// An expired link's token is of no more use: nothing at rest can rebuild it.
	await db
		.update(suivis)
		.set({ sealedToken: null })
		.where(and(isNotNull(suivis.sealedToken), lte(suivis.expiresAt, now)));
	return { sent, reminded };
}

/** The one reminder of the follow-ups sent SUIVI_REMINDER_DAYS ago and still unanswered. */
async function remind(db: Executor, config: SuiviConfig, now: Date): Promise<number> {
	const pending = and(
		isNull(suivis.answeredAt),
		isNull(suivis.remindedAt),
		isNotNull(suivis.sealedToken),
		lte(suivis.sentAt, new Date(now.getTime() - SUIVI_REMINDER_DAYS * DAY_MS)),
		gt(suivis.expiresAt, now)
	);
	const rows = [
		...(
			await db
				.select({ suivi: suivis, demande: demandes })
				.from(suivis)
				.innerJoin(demandes, eq(suivis.demandeId, demandes.id))
				.where(and(consenting, pending))
		).map(({ suivi, demande }) => ({ suivi, target: demandeTarget(demande) })),
		...(
			await db
				.select({
					suivi: suivis,
					inscription: inscriptions,
					evenement: evenements,
					departement: evenementDepartement
				})
				.from(suivis)
				.innerJoin(inscriptions, eq(suivis.inscriptionId, inscriptions.id))
				.innerJoin(evenements, eq(inscriptions.evenementId, evenements.id))
				.where(and(followedInscription, pending))
		).map((row) => ({
			suivi: row.suivi,
			target: inscriptionTarget(row.inscription, row.evenement, row.departement)
		}))
	];
	let reminded = 0;
	for (const { suivi, target } of rows) {
		const token = unsealToken(suivi.sealedToken ?? '', linkKey());
		await db.transaction(async (tx) => {
			if (token !== null && suivi.expiresAt) {
				if (await send(tx, config, target, token, suivi.expiresAt, true, now)) reminded++;
			}
			// Sent or not, the token is no longer kept: the reminder is the last message.
			await tx
				.update(suivis)
				.set({ remindedAt: now, sealedToken: null })
				.where(eq(suivis.id, suivi.id));
		});
	}
	return reminded;
}

/** Queues the e-mail and the SMS of a follow-up; false when the person has neither. */
async function send(
	tx: Executor,
	config: SuiviConfig,
	target: Target,
	token: string,
	expiresAt: Date,
	reminder: boolean,
	now: Date
): Promise<boolean> {
	const departement = departementByCode(target.departementCode);
	if (!departement) return false;
	const locale = isLocale(target.locale) ? target.locale : ('fr' as const);
	const input = {
		locale,
		reference: target.reference,
		evenement: target.evenement && evenementRecall(target.evenement, locale),
		prenom: target.name,
		departementName: departement.name,
		organismeName: organismeOf(departement).publicName,
		timeZone: departement.timeZone,
		url: suiviUrl(config),
		expiresAt,
		reminder,
		isDemo: config.isDemo
	};
	const keys = target.keys(reminder ? ':rappel' : '');
	let mailed = false;
	if (target.email) {
		try {
			mailed = await enqueueMail(
				tx,
				{
					recipient: target.email,
					...suiviMail(input),
					token,
					demandeId: target.demandeId ?? undefined,
					dedupeKey: keys.mail
				},
				now
			);
		} catch (error) {
			if (!(error instanceof RangeError)) throw error;
		}
	}
	const texted =
		target.mobile !== null &&
		(await enqueueSms(
			tx,
			{
				recipient: target.mobile,
				text: suiviSms(input),
				token,
				demandeId: target.demandeId ?? undefined,
				dedupeKey: keys.sms
			},
			now
		));
	return mailed || texted;
}
