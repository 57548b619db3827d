import { closeDb, getDb } from '$lib/server/db/client';
import { databaseReady, type Db } from '$lib/server/db/index';
import { env, publicBaseUrl } from '$lib/server/env';
import { legalInfo } from '$lib/server/legal';
import { linkKey } from '$lib/server/mail/link-key';
import { logger } from '$lib/server/log';
import { seedDemoData } from '$lib/server/db/seed';
import { draftStore } from '$lib/server/questionnaire/context';
import { eventsConfigFromEnv, queueReminders } from '$lib/server/booking/events';
import { createOutboxWorker } from '$lib/server/mail/worker';
import { createSmsWorker } from '$lib/server/sms/worker';
import { purgeSentMails } from '$lib/server/mail/outbox';
import { retentionPolicyFrom, runRetention } from '$lib/server/retention';
import { runSuivis, suiviConfigFromEnv } from '$lib/server/suivi/job';
import { purgeInscriptions, scheduleEvenementReminders } from '$lib/server/evenements/jobs';
import { messagesConfigFromEnv } from '$lib/server/evenements/messages';
import { runOncePerTick } from '$lib/server/instances/job-lease';
import { purgeRateLimitWindows } from '$lib/server/instances/shared-rate-limit';

const HOUR_MS = 60 * 60 * 1000;
/** Sent mails hold personal data: their rows go after 30 days. */
const SENT_MAIL_RETENTION_MS = 30 * 24 * HOUR_MS;

/**
 * Hourly, idempotent housekeeping: expired questionnaire drafts, tomorrow's reminders,
 * old sent mails, ended rate-limit windows. Runs once at start too, unless another instance ran it less than an hour
 * ago (one instance per tick, ADR 049).
 */
async function scheduleHousekeeping(): Promise<void> {
	const run = async () => {
		try {
			const db = getDb();
			await runOncePerTick(db, 'housekeeping', HOUR_MS, () => housekeeping(db));
		} catch (error) {
			logger.error('housekeeping failed', {
				error: error instanceof Error ? error.name : 'unknown'
			});
		}
	};
	await run();
	setInterval(() => void run(), HOUR_MS).unref();
}

/** One run of the housekeeping (one instance per tick: scheduleHousekeeping). */
async function housekeeping(db: Db): Promise<void> {
	const purged = await draftStore().purgeExpired();
	const reminders = await queueReminders(db, eventsConfigFromEnv());
	const mails = await purgeSentMails(db, new Date(Date.now() - SENT_MAIL_RETENTION_MS));
	// The 6-month follow-ups and their reminders (ADR 045).
	const suivi = await runSuivis(db, suiviConfigFromEnv(), new Date());
	// The shared rate-limit windows that have ended (ADR 049).
	const windows = await purgeRateLimitWindows(db, new Date());
	if (purged + reminders + mails + suivi.sent + suivi.reminded + windows > 0)
		logger.info('housekeeping', {
			draftsDeleted: purged,
			rateLimitWindowsDeleted: windows,
			remindersQueued: reminders,
			sentMailsDeleted: mails,
			suivisSent: suivi.sent,
			suivisReminded: suivi.reminded
		});
}

/**
 * Daily retention job (docs/retention.md): drafts, anonymisation of long-closed demandes,
 * audit log, sent mails. Idempotent; runs once at start, then every 24 hours, on one instance.
 */
async function scheduleRetention(clock: () => Date = () => new Date()): Promise<void> {
	const run = async () => {
		try {
			// One instance per day (ADR 049).
			await runOncePerTick(getDb(), 'retention', 24 * HOUR_MS, async () => {
				const report = await runRetention(getDb(), clock(), retentionPolicyFrom(env()));
				const inscriptionsDeleted = await purgeInscriptions(
					getDb(),
					clock(),
					env().INSCRIPTION_RETENTION_MONTHS,
					env().SUIVI_MONTHS
				);
				logger.info('retention', { ...report, inscriptionsDeleted });
			});
		} catch (error) {
			logger.error('retention failed', { error: error instanceof Error ? error.name : 'unknown' });
		}
	};
	await run();
	setInterval(() => void run(), 24 * HOUR_MS).unref();
}

/** Validates the configuration, opens and migrates the database, seeds demo data if asked, starts the jobs. */
export async function startup(): Promise<void> {
	const config = env();
	// Links in e-mails and QR codes need the public URL: a production start without it stops
	// here with a message naming PUBLIC_URL (ADR 025).
	publicBaseUrl(config);
	// The legal pages show who publishes, hosts and answers for the portal: a production start
	// without it stops here, naming the missing LEGAL_* variables (ADR 036).
	legalInfo(config);
	// The link key (next to the database unless LINK_KEY_FILE): read or created now, so that a
	// bad key file stops the start rather than the first booking.
	linkKey();
	const db = getDb();
	// PostgreSQL applies its migrations before the first query: a failure stops the start here.
	await databaseReady(db);
	if (config.DEMO_DATA) {
		const seeded = await seedDemoData(db, { onlyIfEmpty: true });
		if (seeded) logger.info('demo data seeded');
	}
	await scheduleHousekeeping();
	await scheduleRetention();
	await scheduleEvenementReminders(db, messagesConfigFromEnv());
	const worker = createOutboxWorker(db, config);
	worker.start(config.OUTBOX_INTERVAL_SECONDS * 1000);
	// SMS go through their own worker: an SMPP outage never holds e-mails back (ADR 041).
	const smsWorker = createSmsWorker(db, config);
	smsWorker.start(config.OUTBOX_INTERVAL_SECONDS * 1000);
	// adapter-node stops accepting and finishes in-flight requests on SIGTERM/SIGINT, then
	// emits this: let the outbox finish its run (its state is in the database), then close it.
	// Closing the database checkpoints the WAL into the main file and removes it (ADR 019).
	process.once('sveltekit:shutdown', async (reason: unknown) => {
		try {
			await Promise.all([worker.stop(), smsWorker.stop()]);
			await closeDb();
			logger.info('portal stopped', { reason: typeof reason === 'string' ? reason : 'unknown' });
		} catch (error) {
			process.exitCode = 1;
			logger.error('shutdown failed', { error: error instanceof Error ? error.name : 'unknown' });
		}
	});
	logger.info('portal ready', {
		demoData: config.DEMO_DATA,
		nodeEnv: config.NODE_ENV,
		smtp: Boolean(config.SMTP_HOST),
		smpp: Boolean(config.SMPP_HOST)
	});
}
