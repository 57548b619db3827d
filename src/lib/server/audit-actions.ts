/**
 * Every action the audit log records (ADR 030): `audit()` accepts only these, so a typo or a
 * new action without a journal label does not compile. The journal filters and labels them
 * (backoffice:journal.actions.<action>, FR and EN).
 */
export const auditActions = [
	'demande_read',
	'inbox_list',
	'demande_prise_en_charge',
	'demande_assignation',
	'demande_tentative_contact',
	'demande_rdv_honore',
	'demande_rdv_absent',
	'demande_rdv_annule',
	'demande_note',
	'demande_lien_envoye',
	'demande_cloture',
	'demande_reouverture',
	'journal_view',
	'login_success',
	'login_failure',
	'logout',
	'logout_all',
	'password_set',
	'password_changed',
	'password_change_failure',
	'totp_enabled',
	'totp_disabled',
	'demande_erased',
	'stats_view',
	'stats_export',
	'agenda_create',
	'agenda_update',
	'agenda_activate',
	'agenda_deactivate',
	'agenda_opening_add',
	'agenda_opening_remove',
	'agenda_absence_add',
	'agenda_absence_remove',
	'point_accueil_create',
	'point_accueil_update',
	'point_accueil_activate',
	'point_accueil_deactivate',
	'closure_add',
	'closure_remove',
	'staff_created',
	'staff_disabled',
	'staff_enabled',
	'password_reset_requested',
	'password_reset_link_sent'
] as const;

export type AuditAction = (typeof auditActions)[number];
