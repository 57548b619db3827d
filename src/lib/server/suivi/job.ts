/**
 * The follow-up job (ADR 045): months after a demande ended (SUIVI_MONTHS, 6 by default), a
 * person who agreed and did not withdraw gets an e-mail and an SMS with a one-time link to a
 * few questions; one reminder SUIVI_REMINDER_DAYS later if unanswered; the link works
 * SUIVI_EXPIRY_DAYS. Idempotent (one `suivis` row per demande, outbox dedupe keys), on an
 * injected `now`; run hourly with the housekeeping.
 */
import { and, eq, gt, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Db, Executor } from '$lib/server/db/index';
import { demandes, rendezVous, suivis, type Demande } from '$lib/server/db/schema';
import { departementByCode, organismeOf } from '$lib/departements/data';
import { isLocale } from '$lib/i18n/config';
import { env, publicBaseUrl } from '$lib/server/env';
import { enqueueMail } from '$lib/server/mail/outbox';
import { linkKey } from '$lib/server/mail/link-key';
import { LINK_TOKEN, sealToken, unsealToken } from '$lib/server/mail/seal';
import { smsNumberOf, smsToPerson } from '$lib/server/booking/events';
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

export interface SuiviRun {
	sent: number;
	reminded: number;
}

/**
 * One run at `now`: the follow-ups that are due (ended `months` ago, at most SUIVI_EXPIRY_DAYS
 * before: a demande that ended long before the feature, or whose window passed while the
 * portal was down, is not contacted late), the reminders, and the sealed tokens of expired
 * links dropped.
 */
export async function runSuivis(db: Db, config: SuiviConfig, now: Date): Promise<SuiviRun> {
	// One transaction, as the synchronous job was atomic: a consent withdrawn or a demande
	// erased while the job runs is never written to (ADR 047). Each follow-up is a savepoint.
	return db.transaction((tx) => runSuivisIn(tx, config, now));
}

async function runSuivisIn(db: Executor, config: SuiviConfig, now: Date): Promise<SuiviRun> {
	const dueBefore = monthsBefore(now, config.months).getTime();
	const dueAfter = dueBefore - SUIVI_EXPIRY_DAYS * DAY_MS;
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
	let sent = 0;
	for (const demande of due) {
		const token = generateToken();
		const expiresAt = new Date(now.getTime() + SUIVI_EXPIRY_DAYS * DAY_MS);
		// Nobody to write to (no address, no mobile or SMS refused): staff may record it by phone.
		if (!demande.email && smsNumberOf(demande) === null) continue;
		const queued = await db.transaction(async (tx) => {
			const inserted = (
				await tx
					.insert(suivis)
					.values({
						demandeId: demande.id,
						tokenHash: hashToken(token),
						sealedToken: sealToken(token, linkKey()),
						createdAt: now,
						sentAt: now,
						expiresAt
					})
					.onConflictDoNothing({ target: suivis.demandeId })
			).changes;
			return inserted === 1 && (await send(tx, config, demande, token, expiresAt, false, now));
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
	const rows = await db
		.select({ suivi: suivis, demande: demandes })
		.from(suivis)
		.innerJoin(demandes, eq(suivis.demandeId, demandes.id))
		.where(
			and(
				consenting,
				isNull(suivis.answeredAt),
				isNull(suivis.remindedAt),
				isNotNull(suivis.sealedToken),
				lte(suivis.sentAt, new Date(now.getTime() - SUIVI_REMINDER_DAYS * DAY_MS)),
				gt(suivis.expiresAt, now)
			)
		);
	let reminded = 0;
	for (const { suivi, demande } of rows) {
		const token = unsealToken(suivi.sealedToken ?? '', linkKey());
		await db.transaction(async (tx) => {
			if (token !== null && suivi.expiresAt) {
				if (await send(tx, config, demande, token, suivi.expiresAt, true, now)) reminded++;
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
	demande: Demande,
	token: string,
	expiresAt: Date,
	reminder: boolean,
	now: Date
): Promise<boolean> {
	const departement = departementByCode(demande.departementCode);
	if (!departement) return false;
	const input = {
		locale: isLocale(demande.locale) ? demande.locale : ('fr' as const),
		reference: demande.reference,
		prenom: demande.prenom,
		departementName: departement.name,
		organismeName: organismeOf(departement).publicName,
		timeZone: departement.timeZone,
		url: suiviUrl(config),
		expiresAt,
		reminder,
		isDemo: config.isDemo
	};
	const suffix = reminder ? ':rappel' : '';
	let mailed = false;
	if (demande.email) {
		try {
			mailed = await enqueueMail(
				tx,
				{
					recipient: demande.email,
					...suiviMail(input),
					token,
					demandeId: demande.id,
					dedupeKey: `${demande.reference}:suivi${suffix}`
				},
				now
			);
		} catch (error) {
			if (!(error instanceof RangeError)) throw error;
		}
	}
	const texted = await smsToPerson(
		tx,
		demande,
		{ text: suiviSms(input), token, dedupeKey: `${demande.reference}:sms:suivi${suffix}` },
		now
	);
	return mailed || texted;
}
