CREATE TABLE `suivi_calibration_stats` (
	`departement` text NOT NULL,
	`questionnaire_version` text NOT NULL,
	`item` text NOT NULL,
	`value` text NOT NULL,
	`category` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`departement`, `questionnaire_version`, `item`, `value`, `category`)
);
--> statement-breakpoint
CREATE TABLE `suivi_stats` (
	`month` text NOT NULL,
	`outcome` text NOT NULL,
	`departement` text NOT NULL,
	`source` text NOT NULL,
	`questionnaire_version` text NOT NULL,
	`level` text NOT NULL,
	`category` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`month`, `outcome`, `departement`, `source`, `questionnaire_version`, `level`, `category`)
);
--> statement-breakpoint
CREATE TABLE `suivis` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`demande_id` integer NOT NULL,
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
	FOREIGN KEY (`recorded_by`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`callback_demande_id`) REFERENCES `demandes`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `suivis_demande_id_unique` ON `suivis` (`demande_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `suivis_token_hash_unique` ON `suivis` (`token_hash`);--> statement-breakpoint
CREATE INDEX `suivis_pending` ON `suivis` (`answered_at`,`sent_at`);--> statement-breakpoint
ALTER TABLE `demandes` ADD `suivi_consent_at` integer;--> statement-breakpoint
ALTER TABLE `demandes` ADD `suivi_consent_version` text;--> statement-breakpoint
ALTER TABLE `demandes` ADD `suivi_consent_withdrawn_at` integer;