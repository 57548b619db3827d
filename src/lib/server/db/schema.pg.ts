/**
 * The PostgreSQL twin of schema.sqlite.ts (ADR 048): the same tables, column names, JavaScript types,
 * keys, indexes and foreign keys, written with drizzle's pg-core. schema.sqlite.ts stays the reference
 * (its comments explain each table and column); `schema-dialects.spec.ts` fails on any
 * difference between the two, so a change to one is made to the other in the same commit.
 *
 * The mapping (ADR 048): an instant (`integer` in `timestamp_ms` mode) is a `timestamptz` kept to
 * the millisecond, a boolean a `boolean`, JSON a `jsonb` of the same type, a word of the
 * vocabulary a `text` limited to the same list, an id an `integer` identity (a JavaScript number,
 * like SQLite's rowid). The slot-generation triggers are in the custom migration
 * `drizzle/pg/0001_slot_generation.sql`.
 */
import { sql, type SQL } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	jsonb,
	type PgColumn,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import type { Answers, Profile } from '$lib/questionnaire/definition';
import type { ScoringResult } from '$lib/scoring/types';
import type { WeeklyOpening } from '$lib/booking/slots';
import type { Orienteur } from './schema.sqlite';
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

/** An instant: SQLite's milliseconds since the epoch, here a `timestamptz` to the millisecond. */
const instant = (name: string) =>
	timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });

/**
 * SQLite's `integer primary key autoincrement`: an `integer` identity, a JavaScript number
 * through node-postgres (a `bigint` would come back as a string). "By default", so that an
 * explicit id is accepted as SQLite accepts it (a restore, a fixture).
 */
const id = () => integer('id').primaryKey().generatedByDefaultAsIdentity();

export const questionnaireDrafts = pgTable('questionnaire_drafts', {
	id: text('id').primaryKey(),
	questionnaireVersion: text('questionnaire_version').notNull(),
	profile: jsonb('profile').$type<Partial<Profile>>().notNull(),
	answers: jsonb('answers').$type<Partial<Answers>>().notNull(),
	result: jsonb('result').$type<ScoringResult>(),
	createdAt: instant('created_at').notNull(),
	updatedAt: instant('updated_at').notNull(),
	completedAt: instant('completed_at'),
	expiresAt: instant('expires_at').notNull(),
	campagneId: integer('campagne_id').references(() => campagnes.id, { onDelete: 'set null' })
});

export const questionnaireStats = pgTable(
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

export const departementSettings = pgTable('departement_settings', {
	code: text('code').primaryKey(),
	mailbox: text('mailbox').notNull(),
	updatedAt: instant('updated_at').notNull()
});

export const pointsAccueil = pgTable(
	'points_accueil',
	{
		id: id(),
		departementCode: text('departement_code').notNull(),
		name: text('name').notNull(),
		address: text('address').notNull(),
		accessibility: text('accessibility').notNull().default(''),
		isDemo: boolean('is_demo').notNull().default(false),
		active: boolean('active').notNull().default(true)
	},
	(table) => [index('points_accueil_departement').on(table.departementCode)]
);

export const agendas = pgTable(
	'agendas',
	{
		id: id(),
		departementCode: text('departement_code').notNull(),
		mode: text('mode', { enum: modes }).notNull(),
		pointAccueilId: integer('point_accueil_id').references(() => pointsAccueil.id),
		slotMinutes: integer('slot_minutes').notNull().default(45),
		minNoticeDays: integer('min_notice_days').notNull().default(1),
		weekly: jsonb('weekly').$type<WeeklyOpening[]>().notNull(),
		active: boolean('active').notNull().default(true)
	},
	(table) => [index('agendas_departement_mode').on(table.departementCode, table.mode)]
);

export const agendaOpenings = pgTable('agenda_openings', {
	id: id(),
	agendaId: integer('agenda_id')
		.notNull()
		.references(() => agendas.id, { onDelete: 'cascade' }),
	date: text('date').notNull(),
	start: text('start').notNull(),
	end: text('end').notNull()
});

export const agendaAbsences = pgTable('agenda_absences', {
	id: id(),
	agendaId: integer('agenda_id')
		.notNull()
		.references(() => agendas.id, { onDelete: 'cascade' }),
	startsAt: instant('starts_at').notNull(),
	endsAt: instant('ends_at').notNull(),
	label: text('label').notNull().default('')
});

export const closures = pgTable(
	'closures',
	{
		departementCode: text('departement_code').notNull(),
		date: text('date').notNull()
	},
	(table) => [primaryKey({ columns: [table.departementCode, table.date] })]
);

export const closureLifts = pgTable(
	'closure_lifts',
	{
		departementCode: text('departement_code').notNull(),
		holiday: text('holiday').notNull()
	},
	(table) => [primaryKey({ columns: [table.departementCode, table.holiday] })]
);

/** schema.sqlite.ts's `sharedLevel`: the shared result's level, else null (the index `demandes_inbox` holds it). */
export const sharedLevel = (table: { shareResult: PgColumn; result: PgColumn }) =>
	sql<string | null>`(case when ${table.shareResult} then ${table.result} ->> 'level' end)`;

export const demandes = pgTable(
	'demandes',
	{
		id: id(),
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
		emailKey: text('email_key'),
		phoneKey: text('phone_key'),
		smsRefused: boolean('sms_refused').notNull().default(false),
		// Stored (PostgreSQL 15 has no virtual generated column); `collate "C"` makes `lower()` lower
		// ASCII letters only, as SQLite's does and as `foldName` does.
		nameKey: text('name_key').generatedAlwaysAs(
			sql.raw(nameKeySql('("nom" collate "C")', '"prenom"'))
		),
		message: text('message'),
		sansCreneau: boolean('sans_creneau').notNull().default(false),
		priority: text('priority', { enum: priorityReasons }),
		shareResult: boolean('share_result').notNull().default(false),
		questionnaireVersion: text('questionnaire_version'),
		profile: jsonb('profile').$type<Profile>(),
		answers: jsonb('answers').$type<Answers>(),
		result: jsonb('result').$type<ScoringResult>(),
		manageTokenHash: text('manage_token_hash').notNull().unique(),
		requestKeyHash: text('request_key_hash').unique(),
		locale: text('locale').notNull().default('fr'),
		createdAt: instant('created_at').notNull(),
		dueAt: instant('due_at').notNull(),
		assignedTo: integer('assigned_to').references(() => staffUsers.id, { onDelete: 'set null' }),
		closedAt: instant('closed_at'),
		outcome: text('outcome', { enum: demandeOutcomes }),
		orienteur: jsonb('orienteur').$type<Orienteur>(),
		anonymisedAt: instant('anonymised_at'),
		campagneId: integer('campagne_id').references(() => campagnes.id, { onDelete: 'set null' }),
		suiviConsentAt: instant('suivi_consent_at'),
		suiviConsentVersion: text('suivi_consent_version'),
		suiviConsentWithdrawnAt: instant('suivi_consent_withdrawn_at'),
		evenementId: integer('evenement_id').references((): PgColumn => evenements.id, {
			onDelete: 'set null'
		})
	},
	(table) => [
		index('demandes_status_due').on(table.status, table.dueAt),
		index('demandes_email_key').on(table.emailKey),
		index('demandes_phone_key').on(table.phoneKey),
		index('demandes_nir').on(table.nir),
		index('demandes_departement_name').on(table.departementCode, table.nameKey),
		index('demandes_assigned_created').on(table.assignedTo, table.createdAt),
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
		index('demandes_campagne').on(table.campagneId, table.departementCode)
	]
);

export const demandeEvents = pgTable(
	'demande_events',
	{
		id: id(),
		demandeId: integer('demande_id')
			.notNull()
			.references(() => demandes.id, { onDelete: 'cascade' }),
		at: instant('at').notNull(),
		userId: integer('user_id').references(() => staffUsers.id, { onDelete: 'set null' }),
		type: text('type', { enum: demandeEventTypes }).notNull(),
		from: text('from'),
		to: text('to'),
		note: text('note')
	},
	(table) => [
		index('demande_events_demande').on(table.demandeId, table.at, table.id, table.type, table.to)
	]
);

export const rendezVous = pgTable(
	'rendez_vous',
	{
		id: id(),
		demandeId: integer('demande_id')
			.notNull()
			.references(() => demandes.id, { onDelete: 'cascade' }),
		agendaId: integer('agenda_id')
			.notNull()
			.references(() => agendas.id),
		mode: text('mode', { enum: modes }).notNull(),
		startsAt: instant('starts_at').notNull(),
		endsAt: instant('ends_at').notNull(),
		status: text('status', { enum: rendezVousStatuses }).notNull().default('confirme'),
		createdAt: instant('created_at').notNull(),
		cancelledAt: instant('cancelled_at'),
		cancelledBy: text('cancelled_by', { enum: cancellers }),
		attendance: text('attendance', { enum: attendances }),
		reminderChannel: text('reminder_channel', { enum: reminderChannels })
	},
	(table) => [
		uniqueIndex('rendez_vous_one_per_slot')
			.on(table.agendaId, table.startsAt)
			.where(sql`status = 'confirme'`),
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

export const outbox = pgTable(
	'outbox',
	{
		id: id(),
		demandeId: integer('demande_id').references(() => demandes.id, { onDelete: 'cascade' }),
		dedupeKey: text('dedupe_key').unique(),
		channel: text('channel', { enum: messageChannels }).notNull().default('email'),
		recipient: text('recipient').notNull(),
		subject: text('subject').notNull(),
		text: text('text').notNull(),
		ics: text('ics'),
		sealedToken: text('sealed_token'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: instant('next_attempt_at').notNull(),
		sentAt: instant('sent_at'),
		lastError: text('last_error'),
		createdAt: instant('created_at').notNull(),
		gatewayMessageId: text('gateway_message_id'),
		deliveryStatus: text('delivery_status', { enum: deliveryStatuses }),
		deliveredAt: instant('delivered_at'),
		claimedBy: text('claimed_by'),
		claimedUntil: instant('claimed_until')
	},
	(table) => [
		index('outbox_pending').on(table.sentAt, table.nextAttemptAt),
		index('outbox_gateway_message').on(table.gatewayMessageId)
	]
);

export const staffUsers = pgTable('staff_users', {
	id: id(),
	email: text('email').notNull().unique(),
	name: text('name').notNull(),
	role: text('role', { enum: staffRoles }).notNull(),
	passwordHash: text('password_hash'),
	totpSecret: text('totp_secret'),
	totpLastStep: integer('totp_last_step'),
	createdAt: instant('created_at').notNull(),
	disabledAt: instant('disabled_at')
});

export const staffDepartements = pgTable(
	'staff_departements',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => staffUsers.id, { onDelete: 'cascade' }),
		departementCode: text('departement_code').notNull()
	},
	(table) => [primaryKey({ columns: [table.userId, table.departementCode] })]
);

export const staffSessions = pgTable(
	'staff_sessions',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => staffUsers.id, { onDelete: 'cascade' }),
		expiresAt: instant('expires_at').notNull(),
		twoFactorVerified: boolean('two_factor_verified').notNull().default(false),
		createdAt: instant('created_at').notNull()
	},
	(table) => [index('staff_sessions_user').on(table.userId)]
);

export const staffSetupTokens = pgTable('staff_setup_tokens', {
	id: text('id').primaryKey(),
	userId: integer('user_id')
		.notNull()
		.references(() => staffUsers.id, { onDelete: 'cascade' }),
	expiresAt: instant('expires_at').notNull(),
	usedAt: instant('used_at'),
	purpose: text('purpose', { enum: staffTokenPurposes }).notNull().default('activation')
});

export const loginAttempts = pgTable(
	'login_attempts',
	{
		id: id(),
		key: text('key').notNull(),
		at: instant('at').notNull()
	},
	(table) => [index('login_attempts_key_at').on(table.key, table.at)]
);

export const auditLog = pgTable(
	'audit_log',
	{
		id: id(),
		at: instant('at').notNull(),
		userId: integer('user_id'),
		action: text('action').notNull(),
		demandeReference: text('demande_reference'),
		departementCode: text('departement_code'),
		details: jsonb('details').$type<Record<string, string | number | boolean | null>>()
	},
	(table) => [
		index('audit_log_at').on(table.at),
		index('audit_log_departement').on(table.departementCode, table.at)
	]
);

// SQLite's `integer primary key` (without autoincrement) is a rowid, assigned when omitted: an
// identity here too, so that both dialects accept the same inserts.
export const slotGeneration = pgTable('slot_generation', {
	id: id(),
	value: integer('value').notNull()
});

export const healthProbe = pgTable('health_probe', {
	id: id(),
	checkedAt: text('checked_at').notNull()
});

export const campagnes = pgTable('campagnes', {
	id: id(),
	code: text('code').notNull().unique(),
	name: text('name').notNull(),
	target: text('target').notNull().default(''),
	startsOn: text('starts_on').notNull(),
	endsOn: text('ends_on').notNull(),
	createdBy: integer('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
	createdAt: instant('created_at').notNull(),
	updatedAt: instant('updated_at').notNull()
});

export const campagneDepartements = pgTable(
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

export const campagneVisits = pgTable(
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

const campagneMonthlyCounter = (name: string) =>
	pgTable(
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

export const campagneQuestionnaires = campagneMonthlyCounter('campagne_questionnaires');

export const campagneInscriptions = campagneMonthlyCounter('campagne_inscriptions');

export const suivis = pgTable(
	'suivis',
	{
		id: id(),
		demandeId: integer('demande_id')
			.unique()
			.references(() => demandes.id, { onDelete: 'cascade' }),
		inscriptionId: integer('inscription_id')
			.unique()
			.references((): PgColumn => inscriptions.id, { onDelete: 'cascade' }),
		tokenHash: text('token_hash').unique(),
		sealedToken: text('sealed_token'),
		createdAt: instant('created_at').notNull(),
		sentAt: instant('sent_at'),
		remindedAt: instant('reminded_at'),
		expiresAt: instant('expires_at'),
		answeredAt: instant('answered_at'),
		channel: text('channel', { enum: suiviChannels }),
		recordedBy: integer('recorded_by').references(() => staffUsers.id, { onDelete: 'set null' }),
		version: text('version'),
		arret: text('arret', { enum: suiviArrets }),
		emploi: text('emploi', { enum: suiviEmplois }),
		formation: text('formation', { enum: suiviFormations }),
		recherche: text('recherche', { enum: suiviRecherches }),
		invalidite: text('invalidite', { enum: suiviInvalidites }),
		retraite: boolean('retraite'),
		autre: boolean('autre'),
		comment: text('comment'),
		wantsCallback: boolean('wants_callback'),
		callbackDemandeId: integer('callback_demande_id').references(() => demandes.id, {
			onDelete: 'set null'
		})
	},
	(table) => [
		index('suivis_pending').on(table.answeredAt, table.sentAt),
		check('suivis_one_owner', sql`(demande_id is null) <> (inscription_id is null)`)
	]
);

export const suiviStats = pgTable(
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

export const suiviCalibrationStats = pgTable(
	'suivi_calibration_stats',
	{
		departement: text('departement').notNull(),
		questionnaireVersion: text('questionnaire_version').notNull(),
		item: text('item').notNull(),
		value: text('value').notNull(),
		category: text('category').notNull(),
		count: integer('count').notNull().default(0),
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

export const evenements = pgTable(
	'evenements',
	{
		id: id(),
		kind: text('kind', { enum: evenementKinds }).notNull(),
		status: text('status', { enum: evenementStatuses }).notNull().default('brouillon'),
		titleFr: text('title_fr').notNull(),
		titleEn: text('title_en'),
		descriptionFr: text('description_fr').notNull().default(''),
		descriptionEn: text('description_en'),
		startsAt: instant('starts_at').notNull(),
		durationMinutes: integer('duration_minutes').notNull(),
		timeZone: text('time_zone').notNull(),
		mode: text('mode', { enum: evenementModes }).notNull(),
		visioUrl: text('visio_url'),
		place: text('place'),
		address: text('address'),
		access: text('access'),
		accessibility: text('accessibility'),
		capacity: integer('capacity').notNull(),
		registrationDeadline: instant('registration_deadline').notNull(),
		partners: jsonb('partners').$type<string[]>().notNull().default([]),
		employersAllowed: boolean('employers_allowed').notNull().default(false),
		invitationOnly: boolean('invitation_only').notNull().default(false),
		invitationCode: text('invitation_code').notNull().unique(),
		createdBy: integer('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
		createdAt: instant('created_at').notNull(),
		updatedAt: instant('updated_at').notNull(),
		publishedAt: instant('published_at'),
		cancelledAt: instant('cancelled_at'),
		followUpSentAt: instant('follow_up_sent_at'),
		purgedAt: instant('purged_at'),
		statRegistered: integer('stat_registered'),
		statWaitlisted: integer('stat_waitlisted'),
		statPresent: integer('stat_present'),
		statAbsent: integer('stat_absent'),
		statConverted: integer('stat_converted')
	},
	(table) => [index('evenements_status_starts').on(table.status, table.startsAt)]
);

export const evenementDepartements = pgTable(
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

export const inscriptions = pgTable(
	'inscriptions',
	{
		id: id(),
		evenementId: integer('evenement_id')
			.notNull()
			.references(() => evenements.id, { onDelete: 'cascade' }),
		status: text('status', { enum: inscriptionStatuses }).notNull(),
		places: integer('places').notNull().default(1),
		participantKind: text('participant_kind', { enum: participantKinds })
			.notNull()
			.default('assure'),
		name: text('name').notNull(),
		email: text('email'),
		telephone: text('telephone'),
		locale: text('locale').notNull().default('fr'),
		smsRefused: boolean('sms_refused').notNull().default(false),
		contactConsent: boolean('contact_consent').notNull().default(false),
		manageTokenHash: text('manage_token_hash').notNull().unique(),
		requestKeyHash: text('request_key_hash').notNull().unique(),
		source: text('source').notNull().default('direct'),
		campagneId: integer('campagne_id').references(() => campagnes.id, { onDelete: 'set null' }),
		attendance: text('attendance', { enum: inscriptionAttendances }),
		createdAt: instant('created_at').notNull(),
		confirmedAt: instant('confirmed_at'),
		cancelledAt: instant('cancelled_at'),
		suiviConsentAt: instant('suivi_consent_at'),
		suiviConsentVersion: text('suivi_consent_version'),
		suiviConsentWithdrawnAt: instant('suivi_consent_withdrawn_at')
	},
	(table) => [index('inscriptions_evenement_status').on(table.evenementId, table.status, table.id)]
);

// schema.sqlite.ts's SQL fragments, in PostgreSQL's words (ADR 050).

/** When an évènement ends (its start and duration): a timestamptz on PostgreSQL. */
export const evenementEnd =
	sql<Date>`(${evenements.startsAt} + ${evenements.durationMinutes} * interval '1 minute')`.mapWith(
		evenements.startsAt
	);

/** A questionnaire result reduced to its level (`{"level": …}`), null stays null: anonymisation. */
export const resultLevelOnly = sql`case when ${demandes.result} is null then null else jsonb_build_object('level', ${demandes.result} -> 'level') end`;

/** True when `needle` occurs in `haystack` (the inbox's name search, ADR 040). */
export const contains = (haystack: SQL, needle: string) => sql`strpos(${haystack}, ${needle}) > 0`;

/** The demandes of the inbox's name search (PostgreSQL has no index hints: its planner chooses). */
export const demandesByName = sql.raw('demandes n');
export const jobLeases = pgTable('job_leases', {
	name: text('name').primaryKey(),
	holder: text('holder').notNull(),
	heldUntil: instant('held_until').notNull()
});

export const rateLimitCounters = pgTable(
	'rate_limit_counters',
	{
		key: text('key').primaryKey(),
		hits: integer('hits').notNull(),
		expiresAt: instant('expires_at').notNull()
	},
	(table) => [index('rate_limit_counters_expires').on(table.expiresAt)]
);
