-- The follow-up of a registration to an évènement, the registration's consent, and the version
-- of the follow-up's questions in the kept counts (ADR 045 addendum). Existing counts were all
-- made with the questions 'suivi-2026-1' (SUIVI_VERSION); no registration had a follow-up.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_suivi_calibration_stats` (
	`departement` text NOT NULL,
	`questionnaire_version` text NOT NULL,
	`item` text NOT NULL,
	`value` text NOT NULL,
	`category` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`suivi_version` text NOT NULL,
	PRIMARY KEY(`departement`, `questionnaire_version`, `item`, `value`, `category`, `suivi_version`)
);
--> statement-breakpoint
INSERT INTO `__new_suivi_calibration_stats`("departement", "questionnaire_version", "item", "value", "category", "count", "suivi_version") SELECT "departement", "questionnaire_version", "item", "value", "category", "count", 'suivi-2026-1' FROM `suivi_calibration_stats`;--> statement-breakpoint
DROP TABLE `suivi_calibration_stats`;--> statement-breakpoint
ALTER TABLE `__new_suivi_calibration_stats` RENAME TO `suivi_calibration_stats`;--> statement-breakpoint
CREATE TABLE `__new_suivi_stats` (
	`month` text NOT NULL,
	`outcome` text NOT NULL,
	`departement` text NOT NULL,
	`source` text NOT NULL,
	`questionnaire_version` text NOT NULL,
	`level` text NOT NULL,
	`category` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`suivi_version` text NOT NULL,
	PRIMARY KEY(`month`, `outcome`, `departement`, `source`, `questionnaire_version`, `level`, `category`, `suivi_version`)
);
--> statement-breakpoint
INSERT INTO `__new_suivi_stats`("month", "outcome", "departement", "source", "questionnaire_version", "level", "category", "count", "suivi_version") SELECT "month", "outcome", "departement", "source", "questionnaire_version", "level", "category", "count", 'suivi-2026-1' FROM `suivi_stats`;--> statement-breakpoint
DROP TABLE `suivi_stats`;--> statement-breakpoint
ALTER TABLE `__new_suivi_stats` RENAME TO `suivi_stats`;--> statement-breakpoint
CREATE TABLE `__new_suivis` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`demande_id` integer,
	`inscription_id` integer,
	`token_hash` text,
	`sealed_token` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`reminded_at` integer,
	`expires_at` integer,
	`answered_at` integer,
	`channel` text,
	`recorded_by` integer,
	`version` text,
	`arret` text,
	`emploi` text,
	`formation` text,
	`recherche` text,
	`invalidite` text,
	`retraite` integer,
	`autre` integer,
	`comment` text,
	`wants_callback` integer,
	`callback_demande_id` integer,
	FOREIGN KEY (`demande_id`) REFERENCES `demandes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`inscription_id`) REFERENCES `inscriptions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`callback_demande_id`) REFERENCES `demandes`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "suivis_one_owner" CHECK((demande_id is null) <> (inscription_id is null))
);
--> statement-breakpoint
INSERT INTO `__new_suivis`("id", "demande_id", "inscription_id", "token_hash", "sealed_token", "created_at", "sent_at", "reminded_at", "expires_at", "answered_at", "channel", "recorded_by", "version", "arret", "emploi", "formation", "recherche", "invalidite", "retraite", "autre", "comment", "wants_callback", "callback_demande_id") SELECT "id", "demande_id", NULL, "token_hash", "sealed_token", "created_at", "sent_at", "reminded_at", "expires_at", "answered_at", "channel", "recorded_by", "version", "arret", "emploi", "formation", "recherche", "invalidite", "retraite", "autre", "comment", "wants_callback", "callback_demande_id" FROM `suivis`;--> statement-breakpoint
DROP TABLE `suivis`;--> statement-breakpoint
ALTER TABLE `__new_suivis` RENAME TO `suivis`;--> statement-breakpoint
CREATE UNIQUE INDEX `suivis_demande_id_unique` ON `suivis` (`demande_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `suivis_inscription_id_unique` ON `suivis` (`inscription_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `suivis_token_hash_unique` ON `suivis` (`token_hash`);--> statement-breakpoint
CREATE INDEX `suivis_pending` ON `suivis` (`answered_at`,`sent_at`);--> statement-breakpoint
ALTER TABLE `inscriptions` ADD `suivi_consent_at` integer;--> statement-breakpoint
ALTER TABLE `inscriptions` ADD `suivi_consent_version` text;--> statement-breakpoint
ALTER TABLE `inscriptions` ADD `suivi_consent_withdrawn_at` integer;--> statement-breakpoint
PRAGMA foreign_keys=ON;