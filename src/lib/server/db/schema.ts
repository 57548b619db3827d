/**
 * The schema the application imports: the tables of the process's dialect (ADR 050). One
 * process runs on one database (`dialect.ts`, from DATABASE_URL): SQLite's tables live in
 * schema.sqlite.ts, PostgreSQL's in schema.pg.ts (ADR 048), and this module re-exports each
 * export of the chosen file under its name. Both are typed as SQLite's: the query builders the
 * code uses exist on both drivers, and the comparison test (schema-dialects.spec.ts) keeps the
 * two files describing the same tables. A new table or SQL fragment is added to both files and
 * to the list below (schema-switch.spec.ts fails otherwise).
 */
import { dialect } from './dialect';
import * as pg from './schema.pg';
import * as sqlite from './schema.sqlite';

const chosen = (dialect === 'postgres' ? pg : sqlite) as unknown as typeof sqlite;

export type * from './schema.sqlite';
/** The vocabulary's lists, which schema.sqlite.ts re-exports for older importers: dialect-free. */
export {
	demandeEventTypes,
	demandeKinds,
	demandeOutcomes,
	demandeStatuses,
	modes,
	rendezVousStatuses,
	staffRoles
} from '../../vocabulary';

export const questionnaireDrafts = chosen.questionnaireDrafts;
export const questionnaireStats = chosen.questionnaireStats;
export const departementSettings = chosen.departementSettings;
export const pointsAccueil = chosen.pointsAccueil;
export const agendas = chosen.agendas;
export const agendaOpenings = chosen.agendaOpenings;
export const agendaAbsences = chosen.agendaAbsences;
export const closures = chosen.closures;
export const closureLifts = chosen.closureLifts;
export const sharedLevel = chosen.sharedLevel;
export const demandes = chosen.demandes;
export const demandeEvents = chosen.demandeEvents;
export const rendezVous = chosen.rendezVous;
export const outbox = chosen.outbox;
export const staffUsers = chosen.staffUsers;
export const staffDepartements = chosen.staffDepartements;
export const staffSessions = chosen.staffSessions;
export const staffSetupTokens = chosen.staffSetupTokens;
export const loginAttempts = chosen.loginAttempts;
export const auditLog = chosen.auditLog;
export const slotGeneration = chosen.slotGeneration;
export const healthProbe = chosen.healthProbe;
export const campagnes = chosen.campagnes;
export const campagneDepartements = chosen.campagneDepartements;
export const campagneVisits = chosen.campagneVisits;
export const campagneQuestionnaires = chosen.campagneQuestionnaires;
export const campagneInscriptions = chosen.campagneInscriptions;
export const suivis = chosen.suivis;
export const suiviStats = chosen.suiviStats;
export const suiviCalibrationStats = chosen.suiviCalibrationStats;
export const evenements = chosen.evenements;
export const evenementDepartements = chosen.evenementDepartements;
export const inscriptions = chosen.inscriptions;
export const evenementEnd = chosen.evenementEnd;
export const resultLevelOnly = chosen.resultLevelOnly;
export const contains = chosen.contains;
export const demandesByName = chosen.demandesByName;
export const jobLeases = chosen.jobLeases;
export const rateLimitCounters = chosen.rateLimitCounters;
