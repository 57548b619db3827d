/**
 * The words of the service social's PDP practice, declared once: the database schema, the pure
 * modules (statistics, slots), the back office and the pages import them from here. Pure and
 * framework-free; the glossary (docs/domain/glossary.md) explains each term.
 */

/** The service's promise: a rendez-vous (or a call back) within 14 days of the demande. */
export const DUE_DAYS = 14;
/**
 * A prioritaire demande's shorter promise (ADR 039): by the end of the second working day
 * after the day it was made, in its département's calendar (`src/lib/booking/due.ts`).
 */
export const PRIORITY_DUE_WORKING_DAYS = 2;

/** How a rendez-vous takes place. */
export const modes = ['telephone', 'visio', 'accueil'] as const;
export type Mode = (typeof modes)[number];

/** A demande is a booked rendez-vous or a request to be called back (rappel). */
export const demandeKinds = ['rendez_vous', 'rappel'] as const;
export type DemandeKind = (typeof demandeKinds)[number];

/**
 * Why a demande is « prioritaire » (ADR 035): the person asked to be called back rapidly
 * from a result with a high risk (`rappel_rapide`), or from a result that suggested
 * distress and that they chose to send (`detresse`). Never a health detail beyond that.
 */
export const priorityReasons = ['rappel_rapide', 'detresse'] as const;
export type PriorityReason = (typeof priorityReasons)[number];

export const demandeStatuses = ['nouvelle', 'en_cours', 'cloturee', 'annulee'] as const;
export type DemandeStatus = (typeof demandeStatuses)[number];
/** Demandes still waiting for the service (the inbox's default view, overdue checks). */
export const openStatuses = ['nouvelle', 'en_cours'] as const satisfies readonly DemandeStatus[];
/** Statuses in which a demande can still be worked, and closed: everything but closed. */
export const workableStatuses = [
	'nouvelle',
	'en_cours',
	'annulee'
] as const satisfies readonly DemandeStatus[];

/** Outcomes recorded when a demande is closed (what the service social's annual reports count). */
export const demandeOutcomes = [
	'emploi_meme_poste',
	'emploi_poste_amenage',
	'emploi_autre_entreprise',
	'formation_reconversion',
	'solution_sociale_invalidite',
	'solution_sociale_retraite',
	'toujours_en_soins',
	'sans_suite',
	'autre'
] as const;
export type DemandeOutcome = (typeof demandeOutcomes)[number];

/** Outcomes grouped as the service social's reports group them. */
export const outcomeGroups = [
	{
		key: 'emploi',
		values: ['emploi_meme_poste', 'emploi_poste_amenage', 'emploi_autre_entreprise']
	},
	{ key: 'formation', values: ['formation_reconversion'] },
	{ key: 'solutionSociale', values: ['solution_sociale_invalidite', 'solution_sociale_retraite'] },
	{ key: 'autres', values: ['toujours_en_soins', 'sans_suite', 'autre'] }
] as const satisfies readonly { key: string; values: readonly DemandeOutcome[] }[];

/** The history of a demande: every action of the service social. */
export const demandeEventTypes = [
	'prise_en_charge',
	'assignation',
	/** Nobody has the demande in charge any more (ADR 039); `from` is the former assignee. */
	'desassignation',
	'tentative_contact',
	'rdv_honore',
	'rdv_absent',
	'rdv_annule',
	'note',
	'cloture',
	'reouverture',
	/** The person's personal (manage) link sent by the service, to an address confirmed with them (ADR 024). */
	'lien_envoye'
] as const;
export type DemandeEventType = (typeof demandeEventTypes)[number];

export const rendezVousStatuses = ['confirme', 'annule'] as const;
export type RendezVousStatus = (typeof rendezVousStatuses)[number];
/** Who cancelled a rendez-vous: the person (assuré) or the service. */
export const cancellers = ['assure', 'service'] as const;
export const attendances = ['honore', 'absent'] as const;
export type Attendance = (typeof attendances)[number];

/** How the portal's outbox reaches someone: e-mail (SMTP) or SMS (SMPP gateway, ADR 041). */
export const messageChannels = ['email', 'sms'] as const;
export type MessageChannel = (typeof messageChannels)[number];
/**
 * What an SMS delivery receipt (SMPP deliver_sm) says of a message: delivered to the phone,
 * not delivered (undeliverable, rejected, deleted), expired (the phone stayed off), unknown.
 */
export const deliveryStatuses = ['delivered', 'undelivered', 'expired', 'unknown'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];
/** Through which channels the reminder of a rendez-vous was queued (no-show rate by channel). */
export const reminderChannels = ['email', 'sms', 'email_sms'] as const;
export type ReminderChannel = (typeof reminderChannels)[number];

/** A contact attempt's channel and result. */
export const contactChannels = ['telephone', 'email', 'courrier', 'sms'] as const;
export type ContactChannel = (typeof contactChannels)[number];
export const contactResults = ['joint', 'non_joint', 'message_laisse'] as const;
export type ContactResult = (typeof contactResults)[number];

/** Staff roles, from the least to the most rights. */
export const staffRoles = ['agent', 'responsable', 'administrateur'] as const;
export type StaffRole = (typeof staffRoles)[number];
/** What a one-time staff link is for. */
export const staffTokenPurposes = ['activation', 'reinitialisation'] as const;

// ------------------------------------------------------------------ outreach campaigns (ADR 044)

/** Who creates and edits campaigns and enters the letters sent; agents may read them. */
export const campagneEditorRoles = [
	'responsable',
	'administrateur'
] as const satisfies readonly StaffRole[];
/**
 * A campaign's code: letters and digits that cannot be mistaken for one another when typed from
 * a letter (no 0/O, 1/I/L), read case-insensitively.
 */
export const CAMPAGNE_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CAMPAGNE_CODE_LENGTH = 6;
/**
 * Days after a campaign's period during which its link still attributes: a letter is answered
 * weeks after it arrives. Later, the link still leads to the portal, unattributed.
 */
export const CAMPAGNE_GRACE_DAYS = 90;

// ------------------------------------------------------------------ the 6-month follow-up (suivi, ADR 045)

/** Months after the end of a demande before its follow-up is sent (SUIVI_MONTHS, 3–12). */
export const SUIVI_DEFAULT_MONTHS = 6;
export const SUIVI_MIN_MONTHS = 3;
export const SUIVI_MAX_MONTHS = 12;
/** Days after the follow-up's message before its one reminder, if still unanswered. */
export const SUIVI_REMINDER_DAYS = 10;
/** Days the follow-up's link works. */
export const SUIVI_EXPIRY_DAYS = 60;
/** How a follow-up was answered: online (the person's link) or by phone (recorded by staff). */
export const suiviChannels = ['online', 'telephone'] as const;
/** Still on arrêt de travail? With or without a professional project. */
export const suiviArrets = ['non', 'oui_avec_projet', 'oui_sans_projet'] as const;
export type SuiviArret = (typeof suiviArrets)[number];
/** Working now: no, or in the same post, an adapted post, with another employer, own business. */
export const suiviEmplois = [
	'non',
	'meme_poste',
	'poste_amenage',
	'autre_employeur',
	'creation'
] as const;
export type SuiviEmploi = (typeof suiviEmplois)[number];
/** In training towards a new job, or waiting for one. */
export const suiviFormations = ['non', 'en_formation', 'en_attente'] as const;
export type SuiviFormation = (typeof suiviFormations)[number];
/** Job seeker: no, or followed by Cap emploi, France Travail, or neither. */
export const suiviRecherches = ['non', 'cap_emploi', 'france_travail', 'sans_suivi'] as const;
export type SuiviRecherche = (typeof suiviRecherches)[number];
/** Pension d'invalidité: no, category 1, 2 or 3, or category not known. */
export const suiviInvalidites = [
	'non',
	'categorie_1',
	'categorie_2',
	'categorie_3',
	'categorie_inconnue'
] as const;
export type SuiviInvalidite = (typeof suiviInvalidites)[number];
// ------------------------------------------------------------------ évènements (collective sessions and forums, ADR 043)

/** What a collective évènement is: an information session, a thematic workshop, a forum PDP. */
export const evenementKinds = ['reunion_information', 'atelier', 'forum'] as const;
export type EvenementKind = (typeof evenementKinds)[number];
/** Where it takes place: online (the link goes to registered people only) or in person. */
export const evenementModes = ['visio', 'presentiel'] as const;
/** Draft (staff only), published (public or by invitation code), cancelled, held (attendance taken). */
export const evenementStatuses = ['brouillon', 'publie', 'annule', 'tenu'] as const;
/** A registration holds seats (confirmée), waits for one (attente) or was cancelled. */
export const inscriptionStatuses = ['confirmee', 'attente', 'annulee'] as const;
/** Who registers: a person (assuré) or an employer (forums that admit employers). */
export const participantKinds = ['assure', 'employeur'] as const;
export type ParticipantKind = (typeof participantKinds)[number];
/** Attendance taken by staff at the évènement. */
export const inscriptionAttendances = ['present', 'absent'] as const;
/** Most seats one registration may hold (a forum: a person with relatives or colleagues). */
export const MAX_PLACES_PER_INSCRIPTION = 5;
/** A demande made within this many days after an évènement counts as its conversion. */
export const EVENEMENT_CONVERSION_DAYS = 30;
/** Default retention of registrations after the évènement, in months (then counts only). */
export const INSCRIPTION_RETENTION_MONTHS = 3;
/** Where a registration came from (`?source=` on the links to /evenements; `direct` otherwise). */
export const inscriptionSources = [
	'direct',
	'accueil',
	'resultat',
	'dispositifs',
	'partenaires',
	'invitation'
] as const;
export type InscriptionSource = (typeof inscriptionSources)[number];
