CREATE TABLE `agenda_absences` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`agenda_id` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`agenda_id`) REFERENCES `agendas`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `agenda_openings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`agenda_id` integer NOT NULL,
	`date` text NOT NULL,
	`start` text NOT NULL,
	`end` text NOT NULL,
	FOREIGN KEY (`agenda_id`) REFERENCES `agendas`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `agendas` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`departement_code` text NOT NULL,
	`mode` text NOT NULL,
	`point_accueil_id` integer,
	`slot_minutes` integer DEFAULT 45 NOT NULL,
	`min_notice_days` integer DEFAULT 1 NOT NULL,
	`weekly` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`point_accueil_id`) REFERENCES `points_accueil`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `agendas_departement_mode` ON `agendas` (`departement_code`,`mode`);--> statement-breakpoint
CREATE TABLE `closures` (
	`departement_code` text NOT NULL,
	`date` text NOT NULL,
	PRIMARY KEY(`departement_code`, `date`)
);
--> statement-breakpoint
CREATE TABLE `demandes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'nouvelle' NOT NULL,
	`departement_code` text NOT NULL,
	`source` text NOT NULL,
	`nom` text NOT NULL,
	`prenom` text NOT NULL,
	`email` text,
	`telephone` text,
	`nir` text,
	`message` text,
	`sans_creneau` integer DEFAULT false NOT NULL,
	`share_result` integer DEFAULT false NOT NULL,
	`questionnaire_version` text,
	`profile` text,
	`answers` text,
	`result` text,
	`manage_token_hash` text NOT NULL,
	`locale` text DEFAULT 'fr' NOT NULL,
	`created_at` integer NOT NULL,
	`due_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `demandes_reference_unique` ON `demandes` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `demandes_manage_token_hash_unique` ON `demandes` (`manage_token_hash`);--> statement-breakpoint
CREATE INDEX `demandes_departement_created` ON `demandes` (`departement_code`,`created_at`);--> statement-breakpoint
CREATE TABLE `departement_settings` (
	`code` text PRIMARY KEY NOT NULL,
	`mailbox` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`demande_id` integer,
	`dedupe_key` text,
	`recipient` text NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`ics` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`sent_at` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`demande_id`) REFERENCES `demandes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_key_unique` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_pending` ON `outbox` (`sent_at`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `points_accueil` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`departement_code` text NOT NULL,
	`name` text NOT NULL,
	`address` text NOT NULL,
	`accessibility` text DEFAULT '' NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE INDEX `points_accueil_departement` ON `points_accueil` (`departement_code`);--> statement-breakpoint
CREATE TABLE `rendez_vous` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`demande_id` integer NOT NULL,
	`agenda_id` integer NOT NULL,
	`mode` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`status` text DEFAULT 'confirme' NOT NULL,
	`created_at` integer NOT NULL,
	`cancelled_at` integer,
	FOREIGN KEY (`demande_id`) REFERENCES `demandes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agenda_id`) REFERENCES `agendas`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rendez_vous_one_per_slot` ON `rendez_vous` (`agenda_id`,`starts_at`) WHERE status = 'confirme';--> statement-breakpoint
CREATE INDEX `rendez_vous_demande` ON `rendez_vous` (`demande_id`);