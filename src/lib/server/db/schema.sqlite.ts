import { sql, type SQL } from 'drizzle-orm';
import {
	check,
	index,
	integer,
	primaryKey,
	type SQLiteColumn,
	sqliteTable,
	text,
	uniqueIndex
} from 'drizzle-orm/sqlite-core';
import type { Answers, Profile } from '$lib/questionnaire/definition';
import type { ScoringResult } from '$lib/scoring/types';
import type { WeeklyOpening } from '$lib/booking/slots';
// The vocabulary is imported by a relative path: drizzle-kit reads this file without Kit's aliases.
import {
	attendances,
	cancellers,
	demandeEventTypes,
	demandeKinds,
	demandeOutcomes,
	demandeStatuses,
	deliveryStatuses,
	messageChannels,
	modes,
	priorityReasons,
	reminderChannels,
	rendezVousStatuses,
	staffRoles,
	staffTokenPurposes,
	suiviArrets,
	suiviChannels,
	suiviEmplois,
	suiviFormations,
	suiviInvalidites,
	suiviRecherches,
	evenementKinds,
	evenementModes,
	evenementStatuses,
	inscriptionStatuses,
	participantKinds,
	inscriptionAttendances
} from '../../vocabulary';
import { nameKeySql } from '../../staff/search-query';

/** The vocabulary's lists and types, for the modules that already read them from the schema. */
export {
	demandeEventTypes,
	demandeKinds,
	demandeOutcomes,
	demandeStatuses,
	modes,
	rendezVousStatuses,
	staffRoles,
	type DemandeEventType,
	type DemandeOutcome,
	type DemandeStatus,
	type Mode,
	type StaffRole
} from '../../vocabulary';

/**
 * A questionnaire in progress or completed, on one device. Anonymous: the browser holds an
 * opaque random token in a cookie; only its SHA-256 hash is stored here (the id).
 * Deleted after DRAFT_TTL_DAYS unless the person sends it to the service social.
 */
export const questionnaireDrafts = sqliteTable('questionnaire_drafts', {
	id: text('id').primaryKey(),
	questionnaireVersion: text('questionnaire_version').notNull(),
	profile: text('profile', { mode: 'json' }).$type<Partial<Profile>>().notNull(),
	answers: text('answers', { mode: 'json' }).$type<Partial<Answers>>().notNull(),
	result: text('result', { mode: 'json' }).$type<ScoringResult>(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
	completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
	expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
	/** The outreach campaign whose link the questionnaire was started from (ADR 044), if any. */
	campagneId: integer('campagne_id').references(() => campagnes.id, { onDelete: 'set null' })
});

/**
 * Completed questionnaires kept only as counts for statistics (no answers, no person):
 * one row per month × version × level × statut group × arrêt × source × département.
 */
export const questionnaireStats = sqliteTable(
	'questionnaire_stats',
	{
		month: text('month').notNull(),
		questionnaireVersion: text('questionnaire_version').notNull(),
		level: text('level').notNull(),
		statutGroup: text('statut_group').notNull(),
		arret: text('arret').notNull(),
		source: text('source').notNull(),
		departement: text('departement').notNull(),
		count: integer('count').notNull().default(0)
	},
	(table) => [
		primaryKey({
			columns: [
				table.month,
				table.questionnaireVersion,
				table.level,
				table.statutGroup,
				table.arret,
				table.source,
				table.departement
			]
		})
	]
);

export type QuestionnaireDraft = typeof questionnaireDrafts.$inferSelect;

// ------------------------------------------------------------------ booking (ADR 009, docs/slots.md)

/** What staff may edit about a département's service social (the rest is typed data). */
export const departementSettings = sqliteTable('departement_settings', {
	code: text('code').primaryKey(),
	/** Service social mailbox receiving the notifications (no health data in them). */
	mailbox: text('mailbox').notNull(),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
});

/**
 * Points d'accueil (in-person meeting places).
 * Watched by the triggers `slot_generation_points_accueil_insert|update|delete` (migration 0004, ADR 023).
 */
export const pointsAccueil = sqliteTable(
	'points_accueil',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		departementCode: text('departement_code').notNull(),
		name: text('name').notNull(),
		address: text('address').notNull(),
		accessibility: text('accessibility').notNull().default(''),
		/** Demo data: never presented as a real address outside demo mode. */
		isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
		active: integer('active', { mode: 'boolean' }).notNull().default(true)
	},
	(table) => [index('points_accueil_departement').on(table.departementCode)]
);

/**
 * One agenda per département × mode (× point d'accueil for in-person meetings).
 * Watched by the triggers `slot_generation_agendas_insert|update|delete` (migration 0004, ADR 023).
 */
export const agendas = sqliteTable(
	'agendas',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		departementCode: text('departement_code').notNull(),
		mode: text('mode', { enum: modes }).notNull(),
		pointAccueilId: integer('point_accueil_id').references(() => pointsAccueil.id),
		slotMinutes: integer('slot_minutes').notNull().default(45),
		minNoticeDays: integer('min_notice_days').notNull().default(1),
		weekly: text('weekly', { mode: 'json' }).$type<WeeklyOpening[]>().notNull(),
		active: integer('active', { mode: 'boolean' }).notNull().default(true)
	},
	(table) => [index('agendas_departement_mode').on(table.departementCode, table.mode)]
);

/**
 * One-off extra openings of an agenda (local date and wall-clock times).
 * Watched by the triggers `slot_generation_agenda_openings_insert|update|delete` (migration 0004, ADR 023).
 */
export const agendaOpenings = sqliteTable('agenda_openings', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	agendaId: integer('agenda_id')
		.notNull()
		.references(() => agendas.id, { onDelete: 'cascade' }),
	date: text('date').notNull(),
	start: text('start').notNull(),
	end: text('end').notNull()
});

/**
 * Absences (instants): no slot overlapping one is offered.
 * Watched by the triggers `slot_generation_agenda_absences_insert|update|delete` (migration 0004, ADR 023).
 */
export const agendaAbsences = sqliteTable('agenda_absences', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	agendaId: integer('agenda_id')
		.notNull()
		.references(() => agendas.id, { onDelete: 'cascade' }),
	startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
	endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
	label: text('label').notNull().default('')
});

/**
 * Closure days of a département's service social (ponts, training days).
 * Watched by the triggers `slot_generation_closures_insert|update|delete` (migration 0004, ADR 023).
 */
export const closures = sqliteTable(
	'closures',
	{
		departementCode: text('departement_code').notNull(),
		date: text('date').notNull()
	},
	(table) => [primaryKey({ columns: [table.departementCode, table.date] })]
);

/**
 * Default closures a responsable has lifted for a département (ADR 038): `holiday` is
 * 'victor-schoelcher' (21 July) or 'vendredi-saint' (Good Friday), customary closures of 971
 * and 972 that are closed unless a row here opens them. Watched by the triggers
 * `slot_generation_closure_lifts_insert|update|delete` (migration 0009, ADR 023).
 */
export const closureLifts = sqliteTable(
	'closure_lifts',
	{
		departementCode: text('departement_code').notNull(),
		holiday: text('holiday').notNull()
	},
	(table) => [primaryKey({ columns: [table.departementCode, table.holiday] })]
);

/** Professional types that may orient a person (ADR 016); stored on the demande, never a name in stats. */
export interface Orienteur {
	type: string;
	nom: string;
	structure: string;
	email: string;
	telephone: string | null;
}

/**
 * The result level of a demande when the person shared their questionnaire, else null (inbox,
 * statistics). One expression for every reader: the index `demandes_inbox` holds its value, and
 * SQLite reads it from there only when the query writes the very same expression.
 */
export const sharedLevel = (table: { shareResult: SQLiteColumn; result: SQLiteColumn }) =>
	sql<
		string | null
	>`case when ${table.shareResult} = 1 then json_extract(${table.result}, '$.level') end`;

/**
 * A request routed to a département's service social: a booking or a callback request.
 * Questionnaire data is attached only when the person consented (`shareResult`).
 */
export const demandes = sqliteTable(
	'demandes',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		reference: text('reference').notNull().unique(),
		kind: text('kind', { enum: demandeKinds }).notNull(),
		status: text('status', { enum: demandeStatuses }).notNull().default('nouvelle'),
		departementCode: text('departement_code').notNull(),
		source: text('source').notNull(),
		nom: text('nom').notNull(),
		prenom: text('prenom').notNull(),
		email: text('email'),
		telephone: text('telephone'),
		nir: text('nir'),
		/**
		 * The e-mail and the phone normalised (lower case without "+tag"; E.164) by
		 * `$lib/booking/identity`: what the limit on upcoming rendez-vous per person counts by,
		 * with the NIR (ADR 026). Never shown; cleared with the contact on anonymisation.
		 */
		emailKey: text('email_key'),
		phoneKey: text('phone_key'),
		/** The person asked for no SMS (booking form): e-mail only, or nothing (ADR 041). */
		smsRefused: integer('sms_refused', { mode: 'boolean' }).notNull().default(false),
		/**
		 * " nom prénom" folded (accents off, lower case) for the inbox's name search (ADR 040):
		 * a virtual column computed from nom and prénom, so it is never written, empties with them
		 * on anonymisation and goes with the row on erasure; its index holds the values.
		 */
		nameKey: text('name_key').generatedAlwaysAs(sql.raw(nameKeySql('"nom"', '"prenom"')), {
			mode: 'virtual'
		}),
		message: text('message'),
		/** Callback requests made because no slot was free within 14 days. */
		sansCreneau: integer('sans_creneau', { mode: 'boolean' }).notNull().default(false),
		/** Set on a prioritaire demande: why (rapid callback, or distress in a shared result; ADR 035, ADR 039). */
		priority: text('priority', { enum: priorityReasons }),
		shareResult: integer('share_result', { mode: 'boolean' }).notNull().default(false),
		questionnaireVersion: text('questionnaire_version'),
		profile: text('profile', { mode: 'json' }).$type<Profile>(),
		answers: text('answers', { mode: 'json' }).$type<Answers>(),
		result: text('result', { mode: 'json' }).$type<ScoringResult>(),
		/**
		 * SHA-256 of the personal manage-link token. On the person's own forms (booking,
		 * callback) the token is drawn when the form is shown and posted back with it; on an
		 * orientation by a professional it is drawn by the server and never shown to the
		 * sender (ADR 024).
		 */
		manageTokenHash: text('manage_token_hash').notNull().unique(),
		/**
		 * SHA-256 of the form's idempotency key: a double click or a replayed POST finds this
		 * row instead of creating a second demande (ADR 009). Equal to the manage-token hash on
		 * the person's own forms; distinct on an orientation (ADR 024).
		 */
		requestKeyHash: text('request_key_hash').unique(),
		locale: text('locale').notNull().default('fr'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull(),
		/** The staff member working the demande (taken in charge or assigned). */
		assignedTo: integer('assigned_to').references(() => staffUsers.id, { onDelete: 'set null' }),
		closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
		outcome: text('outcome', { enum: demandeOutcomes }),
		/** A professional who oriented the person (orientation form), with the person's agreement. */
		orienteur: text('orienteur', { mode: 'json' }).$type<Orienteur>(),
		/** Set when the retention job removed the personal data of a long-closed demande. */
		anonymisedAt: integer('anonymised_at', { mode: 'timestamp_ms' }),
		/** The outreach campaign whose link the person came by (ADR 044); never who received it. */
		campagneId: integer('campagne_id').references(() => campagnes.id, { onDelete: 'set null' }),
		/**
		 * The person agreed to be asked, months later, where they stand (the follow-up, ADR 045):
		 * when, under which wording (`SUIVI_CONSENT_VERSION`), and when they withdrew it.
		 */
		suiviConsentAt: integer('suivi_consent_at', { mode: 'timestamp_ms' }),
		suiviConsentVersion: text('suivi_consent_version'),
		suiviConsentWithdrawnAt: integer('suivi_consent_withdrawn_at', { mode: 'timestamp_ms' }),
		/** The évènement whose follow-up link the demande came from (ADR 043). */
		evenementId: integer('evenement_id').references((): SQLiteColumn => evenements.id, {
			onDelete: 'set null'
		})
	},
	(table) => [
		index('demandes_status_due').on(table.status, table.dueAt),
		index('demandes_email_key').on(table.emailKey),
		index('demandes_phone_key').on(table.phoneKey),
		index('demandes_nir').on(table.nir),
		// The inbox at scale (ADR 040): the name search within the staff member's départements;
		// "Mes demandes"; the list's order and filters read from one covering index instead of
		// the (wide) table rows. The same index covers the statistics page (ADR 040, addendum):
		// outcome and the shared level expression were added; its prefix serves the scope and
		// period lookups the former `demandes_departement_created` did.
		index('demandes_departement_name').on(table.departementCode, table.nameKey),
		index('demandes_assigned_created').on(table.assignedTo, table.createdAt),
		// The demandes that came from an évènement's follow-up link (statistics, ADR 043).
		index('demandes_evenement').on(table.evenementId, table.createdAt),
		index('demandes_inbox').on(
			table.departementCode,
			table.createdAt,
			table.status,
			table.priority,
			table.assignedTo,
			table.dueAt,
			table.kind,
			table.source,
			table.sansCreneau,
			table.outcome,
			sharedLevel(table)
		),
		// The campaign statistics (ADR 044): a campaign's demandes, by département.
		index('demandes_campagne').on(table.campagneId, table.departementCode)
	]
);

/** The history of a demande: every action by the service social, with author and time. */
export const demandeEvents = sqliteTable(
	'demande_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		demandeId: integer('demande_id')
			.notNull()
			.references(() => demandes.id, { onDelete: 'cascade' }),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		userId: integer('user_id').references(() => staffUsers.id, { onDelete: 'set null' }),
		type: text('type', { enum: demandeEventTypes }).notNull(),
		/** Status, assignee id or outcome before / after, as text. */
		from: text('from'),
		to: text('to'),
		note: text('note')
	},
	(table) => [
		// A demande's history in order (time, then id: the order the index gave before type and
		// result were added to cover the statistics' contact attempts, ADR 040 addendum).
		index('demande_events_demande').on(table.demandeId, table.at, table.id, table.type, table.to)
	]
);

/**
 * A booked slot. A partial UNIQUE index on (agenda, start) among confirmed rendez-vous makes
 * a double booking impossible whatever the concurrency (ADR 009).
 * Watched by the triggers `slot_generation_rendez_vous_insert|update|delete` (migration 0004, ADR 023).
 */
export const rendezVous = sqliteTable(
	'rendez_vous',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		demandeId: integer('demande_id')
			.notNull()
			.references(() => demandes.id, { onDelete: 'cascade' }),
		agendaId: integer('agenda_id')
			.notNull()
			.references(() => agendas.id),
		mode: text('mode', { enum: modes }).notNull(),
		startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
		endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
		status: text('status', { enum: rendezVousStatuses }).notNull().default('confirme'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		cancelledAt: integer('cancelled_at', { mode: 'timestamp_ms' }),
		/** Who cancelled: the person (manage link) or the service social (back-office). */
		cancelledBy: text('cancelled_by', { enum: cancellers }),
		/** Recorded by staff after the time: honoured or not (no-show). */
		attendance: text('attendance', { enum: attendances }),
		/** Channels the day-before reminder was queued through (statistics: no-show rate by channel). */
		reminderChannel: text('reminder_channel', { enum: reminderChannels })
	},
	(table) => [
		uniqueIndex('rendez_vous_one_per_slot')
			.on(table.agendaId, table.startsAt)
			.where(sql`status = 'confirme'`),
		// A demande's rendez-vous (its prefix); the inbox's mode filter: the latest rendez-vous's
		// mode read from the index (ADR 040); the statistics' columns covered too (ADR 040,
		// addendum, which dropped the former `rendez_vous_demande (demande_id)`).
		index('rendez_vous_demande_latest').on(
			table.demandeId,
			table.id,
			table.mode,
			table.startsAt,
			table.status,
			table.attendance,
			table.reminderChannel
		)
	]
);

/**
 * E-mails to send, written in the same transaction as what they announce: an SMTP outage
 * never loses or blocks a booking. `dedupeKey` makes a mail (e.g. a reminder) unique.
 */
export const outbox = sqliteTable(
	'outbox',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** Mails about a demande go when the person erases their data. */
		demandeId: integer('demande_id').references(() => demandes.id, { onDelete: 'cascade' }),
		dedupeKey: text('dedupe_key').unique(),
		/** E-mail (SMTP worker) or SMS (SMPP worker, ADR 041); each worker takes only its own rows. */
		channel: text('channel', { enum: messageChannels }).notNull().default('email'),
		/** An e-mail address, or a mobile number in E.164 for an SMS. */
		recipient: text('recipient').notNull(),
		subject: text('subject').notNull(),
		/** The text; a personal link's token is written as LINK_TOKEN and kept sealed below (ADR 025). */
		text: text('text').notNull(),
		ics: text('ics'),
		/**
		 * The token of the mail's personal link (manage link, staff activation or reset),
		 * sealed with the link key kept outside the database (AES-256-GCM), put into the text
		 * at send time and cleared once sent: the database alone holds no working link (ADR 025).
		 */
		sealedToken: text('sealed_token'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
		sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
		lastError: text('last_error'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		/** SMS: the gateway's message id (submit_sm_resp), to match its delivery receipt. */
		gatewayMessageId: text('gateway_message_id'),
		/** SMS: what the delivery receipt said, and when it came (null: no receipt yet). */
		deliveryStatus: text('delivery_status', { enum: deliveryStatuses }),
		deliveredAt: integer('delivered_at', { mode: 'timestamp_ms' }),
		/**
		 * The worker that claimed the message and until when (ADR 049): several instances share
		 * one outbox, each message is taken by one; a lease that lapses (a crashed instance)
		 * lets another take it again. Null: not claimed.
		 */
		claimedBy: text('claimed_by'),
		claimedUntil: integer('claimed_until', { mode: 'timestamp_ms' })
	},
	(table) => [
		index('outbox_pending').on(table.sentAt, table.nextAttemptAt),
		index('outbox_gateway_message').on(table.gatewayMessageId)
	]
);

// ------------------------------------------------------------------ staff back-office (ADR 010, ADR 011, docs/backoffice.md)

/** A staff account. No password until the one-time setup link is used. */
export const staffUsers = sqliteTable('staff_users', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	/** Lower-cased. */
	email: text('email').notNull().unique(),
	name: text('name').notNull(),
	role: text('role', { enum: staffRoles }).notNull(),
	/** argon2id (m=19456, t=2, p=1). */
	passwordHash: text('password_hash'),
	/** TOTP secret (base32) once the second factor is set up; required for administrators. */
	totpSecret: text('totp_secret'),
	/** Last accepted TOTP time step: a code is never accepted twice (replay protection). */
	totpLastStep: integer('totp_last_step'),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
	disabledAt: integer('disabled_at', { mode: 'timestamp_ms' })
});

/** The départements whose demandes a staff member works (administrators see all). */
export const staffDepartements = sqliteTable(
	'staff_departements',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => staffUsers.id, { onDelete: 'cascade' }),
		departementCode: text('departement_code').notNull()
	},
	(table) => [primaryKey({ columns: [table.userId, table.departementCode] })]
);

/** Sessions the Lucia-guide way: the id is the SHA-256 of the cookie token (ADR 005). */
export const staffSessions = sqliteTable(
	'staff_sessions',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => staffUsers.id, { onDelete: 'cascade' }),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		/** Second factor checked in this session (always true for accounts without TOTP). */
		twoFactorVerified: integer('two_factor_verified', { mode: 'boolean' }).notNull().default(false),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(table) => [index('staff_sessions_user').on(table.userId)]
);

/** One-time links to set a password (account creation, reset). Only the hash is stored. */
export const staffSetupTokens = sqliteTable('staff_setup_tokens', {
	id: text('id').primaryKey(),
	userId: integer('user_id')
		.notNull()
		.references(() => staffUsers.id, { onDelete: 'cascade' }),
	expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
	usedAt: integer('used_at', { mode: 'timestamp_ms' }),
	/** 'activation' (new account) or 'reinitialisation' (password reset). */
	purpose: text('purpose', { enum: staffTokenPurposes }).notNull().default('activation')
});

/** Failed logins, per account and per address, for throttling (pruned after a day). */
export const loginAttempts = sqliteTable(
	'login_attempts',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** 'email:<address>' or 'ip:<address>'. */
		key: text('key').notNull(),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(table) => [index('login_attempts_key_at').on(table.key, table.at)]
);

/**
 * Who did what and when: logins, every read and change of a demande. Never health data.
 * Kept per the retention policy.
 */
export const auditLog = sqliteTable(
	'audit_log',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		userId: integer('user_id'),
		action: text('action').notNull(),
		/** Reference, not a foreign key: the trace survives an erasure. */
		demandeReference: text('demande_reference'),
		departementCode: text('departement_code'),
		details: text('details', { mode: 'json' }).$type<
			Record<string, string | number | boolean | null>
		>()
	},
	(table) => [
		index('audit_log_at').on(table.at),
		index('audit_log_departement').on(table.departementCode, table.at)
	]
);

/**
 * One row, one counter: the version of everything free slots are computed from (agendas, their
 * openings and absences, points d'accueil, closure days, rendez-vous). SQLite triggers
 * (migration 0004) add 1 on every insert, update or delete of those tables, whoever writes —
 * the portal, a script, another process — so a cached slot list is valid exactly while the
 * counter has not moved (ADR 023).
 */
export const slotGeneration = sqliteTable('slot_generation', {
	id: integer('id').primaryKey(),
	value: integer('value').notNull()
});

/**
 * One row: the last time `/healthz` proved that the database accepts a write (ADR 028). A read
 * answers on a full disk or a read-only file while every booking fails; this row's update does
 * not, and it touches nothing else.
 */
export const healthProbe = sqliteTable('health_probe', {
	id: integer('id').primaryKey(),
	checkedAt: text('checked_at').notNull()
});

// ------------------------------------------------------------------ outreach campaigns (ADR 044, docs/campagnes.md)

/**
 * An outreach campaign: letters (or the organisme's messages) inviting assurés on a long arrêt
 * to contact the service social, with a short code carried by their link (`/c/<code>`). No
 * personal data: the organisme's own mailing system adds the names; the portal never knows who
 * received a letter.
 */
export const campagnes = sqliteTable('campagnes', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	/** Upper case, from CAMPAGNE_CODE_ALPHABET; read case-insensitively. */
	code: text('code').notNull().unique(),
	name: text('name').notNull(),
	/** Who was written to, in words (e.g. "arrêts de 90 jours, mars 2027"). */
	target: text('target').notNull().default(''),
	/** The period the letters go out, local dates (YYYY-MM-DD). */
	startsOn: text('starts_on').notNull(),
	endsOn: text('ends_on').notNull(),
	createdBy: integer('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
});

/** The départements a campaign writes to, with the number of letters sent when staff enter it. */
export const campagneDepartements = sqliteTable(
	'campagne_departements',
	{
		campagneId: integer('campagne_id')
			.notNull()
			.references(() => campagnes.id, { onDelete: 'cascade' }),
		departementCode: text('departement_code').notNull(),
		lettersSent: integer('letters_sent')
	},
	(table) => [
		primaryKey({ columns: [table.campagneId, table.departementCode] }),
		index('campagne_departements_departement').on(table.departementCode)
	]
);

/**
 * Arrivals by a campaign link, as counts only: campaign × day × département of the link ('' when
 * the link had none). No address, no cookie, no person (ADR 044).
 */
export const campagneVisits = sqliteTable(
	'campagne_visits',
	{
		campagneId: integer('campagne_id')
			.notNull()
			.references(() => campagnes.id, { onDelete: 'cascade' }),
		day: text('day').notNull(),
		departement: text('departement').notNull(),
		count: integer('count').notNull().default(0)
	},
	(table) => [primaryKey({ columns: [table.campagneId, table.day, table.departement] })]
);

/**
 * A monthly count of what people did after a campaign link: campaign × month (UTC, YYYY-MM) ×
 * département. Counts only, no person (ADR 044).
 */
const campagneMonthlyCounter = (name: string) =>
	sqliteTable(
		name,
		{
			campagneId: integer('campagne_id')
				.notNull()
				.references(() => campagnes.id, { onDelete: 'cascade' }),
			month: text('month').notNull(),
			departement: text('departement').notNull(),
			count: integer('count').notNull().default(0)
		},
		(table) => [primaryKey({ columns: [table.campagneId, table.month, table.departement] })]
	);

/**
 * Questionnaires completed after a campaign link, by the département the person answered (kept
 * apart from questionnaire_stats, whose key has no campaign).
 */
export const campagneQuestionnaires = campagneMonthlyCounter('campagne_questionnaires');

/**
 * Registrations to an évènement made after a campaign link, by the évènement's (first)
 * département. They outlive the registrations, purged months after the évènement (ADR 043).
 */
export const campagneInscriptions = campagneMonthlyCounter('campagne_inscriptions');

export type Campagne = typeof campagnes.$inferSelect;

// ------------------------------------------------------------------ the 6-month follow-up (ADR 045, docs/suivi.md)

/**
 * A follow-up ("où en êtes-vous ?"), sent months after a demande ended or an évènement was held
 * to a person who agreed, or recorded by staff after a phone call. It belongs to exactly one
 * demande or one registration to an évènement (the CHECK), one per owner; goes with it on
 * erasure, folded into the counts below on anonymisation or purge. The link's token: only its
 * hash, and sealed (link key outside the database, ADR 025) until the reminder is queued.
 */
export const suivis = sqliteTable(
	'suivis',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		demandeId: integer('demande_id')
			.unique()
			.references(() => demandes.id, { onDelete: 'cascade' }),
		/** A registration's follow-up (ADR 045 addendum): the registration is kept until it ends. */
		inscriptionId: integer('inscription_id')
			.unique()
			.references((): SQLiteColumn => inscriptions.id, { onDelete: 'cascade' }),
		tokenHash: text('token_hash').unique(),
		sealedToken: text('sealed_token'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
		remindedAt: integer('reminded_at', { mode: 'timestamp_ms' }),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
		answeredAt: integer('answered_at', { mode: 'timestamp_ms' }),
		channel: text('channel', { enum: suiviChannels }),
		recordedBy: integer('recorded_by').references(() => staffUsers.id, { onDelete: 'set null' }),
		/** `SUIVI_VERSION` of the questions answered. */
		version: text('version'),
		arret: text('arret', { enum: suiviArrets }),
		emploi: text('emploi', { enum: suiviEmplois }),
		formation: text('formation', { enum: suiviFormations }),
		recherche: text('recherche', { enum: suiviRecherches }),
		invalidite: text('invalidite', { enum: suiviInvalidites }),
		retraite: integer('retraite', { mode: 'boolean' }),
		autre: integer('autre', { mode: 'boolean' }),
		comment: text('comment'),
		wantsCallback: integer('wants_callback', { mode: 'boolean' }),
		/** The callback demande the answer opened, if the person asked to be called back. */
		callbackDemandeId: integer('callback_demande_id').references(() => demandes.id, {
			onDelete: 'set null'
		})
	},
	(table) => [
		index('suivis_pending').on(table.answeredAt, table.sentAt),
		// Unqualified column names: SQLite rebuilds the table under another name in migrations.
		check('suivis_one_owner', sql`(demande_id is null) <> (inscription_id is null)`)
	]
);

/**
 * Follow-ups of anonymised demandes, kept only as counts (ADR 045): per month of closure ×
 * outcome × département × source × questionnaire version × level × category, where category
 * is a situation category, `_contacte` (a follow-up was sent or recorded) or `_repondu`.
 */
export const suiviStats = sqliteTable(
	'suivi_stats',
	{
		month: text('month').notNull(),
		outcome: text('outcome').notNull(),
		departement: text('departement').notNull(),
		source: text('source').notNull(),
		questionnaireVersion: text('questionnaire_version').notNull(),
		level: text('level').notNull(),
		category: text('category').notNull(),
		count: integer('count').notNull().default(0),
		/** `SUIVI_VERSION` of the questions counted: counts of two versions are never added up. */
		suiviVersion: text('suivi_version').notNull()
	},
	(table) => [
		primaryKey({
			columns: [
				table.month,
				table.outcome,
				table.departement,
				table.source,
				table.questionnaireVersion,
				table.level,
				table.category,
				table.suiviVersion
			]
		})
	]
);

/**
 * The calibration's counts of anonymised demandes (ADR 045): per département × questionnaire
 * version × item (`level` or a field) × value (the level, or the field's points) × category
 * (a situation category or `_repondu`).
 */
export const suiviCalibrationStats = sqliteTable(
	'suivi_calibration_stats',
	{
		departement: text('departement').notNull(),
		questionnaireVersion: text('questionnaire_version').notNull(),
		item: text('item').notNull(),
		value: text('value').notNull(),
		category: text('category').notNull(),
		count: integer('count').notNull().default(0),
		/** `SUIVI_VERSION` of the questions counted. */
		suiviVersion: text('suivi_version').notNull()
	},
	(table) => [
		primaryKey({
			columns: [
				table.departement,
				table.questionnaireVersion,
				table.item,
				table.value,
				table.category,
				table.suiviVersion
			]
		})
	]
);

export type Suivi = typeof suivis.$inferSelect;

export type StaffUser = typeof staffUsers.$inferSelect;
export type StaffSession = typeof staffSessions.$inferSelect;

export type Agenda = typeof agendas.$inferSelect;
export type Demande = typeof demandes.$inferSelect;
export type DemandeEvent = typeof demandeEvents.$inferSelect;
export type RendezVous = typeof rendezVous.$inferSelect;
export type OutboxMail = typeof outbox.$inferSelect;

// ------------------------------------------------------------------ évènements (collective sessions and forums, ADR 043, docs/evenements.md)

/**
 * A collective évènement: an information session, a workshop or a forum PDP. The `stat*`
 * columns are null while its registrations exist; the retention job writes the funnel's counts
 * there before it deletes them (ADR 043), so the statistics outlive the personal data.
 */
export const evenements = sqliteTable(
	'evenements',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		kind: text('kind', { enum: evenementKinds }).notNull(),
		status: text('status', { enum: evenementStatuses }).notNull().default('brouillon'),
		titleFr: text('title_fr').notNull(),
		titleEn: text('title_en'),
		descriptionFr: text('description_fr').notNull().default(''),
		descriptionEn: text('description_en'),
		startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
		durationMinutes: integer('duration_minutes').notNull(),
		/** The time zone of its départements (all of one évènement share one). */
		timeZone: text('time_zone').notNull(),
		mode: text('mode', { enum: evenementModes }).notNull(),
		/** Visio: the link, given to registered people only, never on a public page. */
		visioUrl: text('visio_url'),
		place: text('place'),
		address: text('address'),
		access: text('access'),
		accessibility: text('accessibility'),
		/** Seats; registrations never hold more (ADR 043). */
		capacity: integer('capacity').notNull(),
		registrationDeadline: integer('registration_deadline', { mode: 'timestamp_ms' }).notNull(),
		/** Forums: the organisations holding a stand. */
		partners: text('partners', { mode: 'json' }).$type<string[]>().notNull().default([]),
		employersAllowed: integer('employers_allowed', { mode: 'boolean' }).notNull().default(false),
		/** Invitation-only: hidden from the public list, reached through its code (letters, QR code). */
		invitationOnly: integer('invitation_only', { mode: 'boolean' }).notNull().default(false),
		/** Short code printed on letters (no personal data; opens the évènement's page). */
		invitationCode: text('invitation_code').notNull().unique(),
		createdBy: integer('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
		publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
		cancelledAt: integer('cancelled_at', { mode: 'timestamp_ms' }),
		/** When the message after the évènement was queued to the present people who agreed. */
		followUpSentAt: integer('follow_up_sent_at', { mode: 'timestamp_ms' }),
		/** When the retention job deleted the registrations (the counts below stay). */
		purgedAt: integer('purged_at', { mode: 'timestamp_ms' }),
		statRegistered: integer('stat_registered'),
		statWaitlisted: integer('stat_waitlisted'),
		statPresent: integer('stat_present'),
		statAbsent: integer('stat_absent'),
		statConverted: integer('stat_converted')
	},
	(table) => [index('evenements_status_starts').on(table.status, table.startsAt)]
);

/** The départements an évènement is for (one or several): its public list and staff scope. */
export const evenementDepartements = sqliteTable(
	'evenement_departements',
	{
		evenementId: integer('evenement_id')
			.notNull()
			.references(() => evenements.id, { onDelete: 'cascade' }),
		departementCode: text('departement_code').notNull()
	},
	(table) => [
		primaryKey({ columns: [table.evenementId, table.departementCode] }),
		index('evenement_departements_departement').on(table.departementCode, table.evenementId)
	]
);

/**
 * A registration to an évènement: minimal data (a name or pseudonym, an e-mail or a phone),
 * never health data. Deleted by the retention job some months after the évènement (ADR 043).
 */
export const inscriptions = sqliteTable(
	'inscriptions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		evenementId: integer('evenement_id')
			.notNull()
			.references(() => evenements.id, { onDelete: 'cascade' }),
		status: text('status', { enum: inscriptionStatuses }).notNull(),
		/** Seats held (forums: the person and who comes with them). */
		places: integer('places').notNull().default(1),
		participantKind: text('participant_kind', { enum: participantKinds })
			.notNull()
			.default('assure'),
		name: text('name').notNull(),
		email: text('email'),
		/** E.164. */
		telephone: text('telephone'),
		locale: text('locale').notNull().default('fr'),
		smsRefused: integer('sms_refused', { mode: 'boolean' }).notNull().default(false),
		/** The person agreed to receive, after the évènement, a link to book a rendez-vous. */
		contactConsent: integer('contact_consent', { mode: 'boolean' }).notNull().default(false),
		/** SHA-256 of the manage-link token (cancel, erase). */
		manageTokenHash: text('manage_token_hash').notNull().unique(),
		/** SHA-256 of the form's idempotency key: a replayed POST finds this row. */
		requestKeyHash: text('request_key_hash').notNull().unique(),
		/** Where the person came from (?source=: accueil, resultat, dispositifs, partenaires, invitation…). */
		source: text('source').notNull().default('direct'),
		/** The outreach campaign whose link the person came by (ADR 044), if any; never who received it. */
		campagneId: integer('campagne_id').references(() => campagnes.id, { onDelete: 'set null' }),
		attendance: text('attendance', { enum: inscriptionAttendances }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		/** When a seat was given (at registration, or on promotion from the waiting list). */
		confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' }),
		cancelledAt: integer('cancelled_at', { mode: 'timestamp_ms' }),
		/** The consent to the 6-month follow-up (ADR 045 addendum): when, under which wording. */
		suiviConsentAt: integer('suivi_consent_at', { mode: 'timestamp_ms' }),
		suiviConsentVersion: text('suivi_consent_version'),
		suiviConsentWithdrawnAt: integer('suivi_consent_withdrawn_at', { mode: 'timestamp_ms' })
	},
	(table) => [index('inscriptions_evenement_status').on(table.evenementId, table.status, table.id)]
);

export type Evenement = typeof evenements.$inferSelect;
export type Inscription = typeof inscriptions.$inferSelect;

// SQL fragments whose text differs between the dialects (ADR 050): schema.pg.ts exports the
// same names. The schema switch (schema.ts) hands the process's to the application.

/** When an évènement ends (its start and duration): milliseconds on SQLite, read back as a Date. */
export const evenementEnd =
	sql<Date>`(${evenements.startsAt} + ${evenements.durationMinutes} * 60000)`.mapWith(
		evenements.startsAt
	);

/** A questionnaire result reduced to its level (`{"level": …}`), null stays null: anonymisation. */
export const resultLevelOnly = sql`case when ${demandes.result} is null then null else json_object('level', json_extract(${demandes.result}, '$.level')) end`;

/** True when `needle` occurs in `haystack` (the inbox's name search, ADR 040). */
export const contains = (haystack: SQL, needle: string) => sql`instr(${haystack}, ${needle}) > 0`;

/** The demandes of the inbox's name search, read from the (département, name key) index (ADR 040). */
export const demandesByName = sql.raw('demandes n indexed by demandes_departement_name');
// ------------------------------------------------------------------ several instances (ADR 049)

/**
 * One row per scheduled job (housekeeping, retention, évènement reminders): the instance that
 * runs it this tick holds it until `held_until`; the others skip the tick (ADR 049).
 */
export const jobLeases = sqliteTable('job_leases', {
	name: text('name').primaryKey(),
	/** The instance (instance.ts) that ran the job last. */
	holder: text('holder').notNull(),
	heldUntil: integer('held_until', { mode: 'timestamp_ms' }).notNull()
});

/**
 * Rate-limit counters shared by every instance (ADR 049, docs/security.md): one row per tier,
 * client and window, the client as an HMAC under the throttle key (never an address in clear).
 * Purged by the housekeeping once expired.
 */
export const rateLimitCounters = sqliteTable(
	'rate_limit_counters',
	{
		/** `<tier>:<window start ms>:<HMAC of the client>`. */
		key: text('key').primaryKey(),
		hits: integer('hits').notNull(),
		/** The end of the window: the row is useless after it. */
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull()
	},
	(table) => [index('rate_limit_counters_expires').on(table.expiresAt)]
);
