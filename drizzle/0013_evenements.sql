CREATE TABLE `evenement_departements` (
	`evenement_id` integer NOT NULL,
	`departement_code` text NOT NULL,
	PRIMARY KEY(`evenement_id`, `departement_code`),
	FOREIGN KEY (`evenement_id`) REFERENCES `evenements`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `evenement_departements_departement` ON `evenement_departements` (`departement_code`,`evenement_id`);--> statement-breakpoint
CREATE TABLE `evenements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'brouillon' NOT NULL,
	`title_fr` text NOT NULL,
	`title_en` text,
	`description_fr` text DEFAULT '' NOT NULL,
	`description_en` text,
	`starts_at` integer NOT NULL,
	`duration_minutes` integer NOT NULL,
	`time_zone` text NOT NULL,
	`mode` text NOT NULL,
	`visio_url` text,
	`place` text,
	`address` text,
	`access` text,
	`accessibility` text,
	`capacity` integer NOT NULL,
	`registration_deadline` integer NOT NULL,
	`partners` text DEFAULT '[]' NOT NULL,
	`employers_allowed` integer DEFAULT false NOT NULL,
	`invitation_only` integer DEFAULT false NOT NULL,
	`invitation_code` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`published_at` integer,
	`cancelled_at` integer,
	`follow_up_sent_at` integer,
	`purged_at` integer,
	`stat_registered` integer,
	`stat_waitlisted` integer,
	`stat_present` integer,
	`stat_absent` integer,
	`stat_converted` integer,
	FOREIGN KEY (`created_by`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evenements_invitation_code_unique` ON `evenements` (`invitation_code`);--> statement-breakpoint
CREATE INDEX `evenements_status_starts` ON `evenements` (`status`,`starts_at`);--> statement-breakpoint
CREATE TABLE `inscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`evenement_id` integer NOT NULL,
	`status` text NOT NULL,
	`places` integer DEFAULT 1 NOT NULL,
	`participant_kind` text DEFAULT 'assure' NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`telephone` text,
	`locale` text DEFAULT 'fr' NOT NULL,
	`sms_refused` integer DEFAULT false NOT NULL,
	`contact_consent` integer DEFAULT false NOT NULL,
	`manage_token_hash` text NOT NULL,
	`request_key_hash` text NOT NULL,
	`source` text DEFAULT 'direct' NOT NULL,
	`attendance` text,
	`created_at` integer NOT NULL,
	`confirmed_at` integer,
	`cancelled_at` integer,
	FOREIGN KEY (`evenement_id`) REFERENCES `evenements`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inscriptions_manage_token_hash_unique` ON `inscriptions` (`manage_token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `inscriptions_request_key_hash_unique` ON `inscriptions` (`request_key_hash`);--> statement-breakpoint
CREATE INDEX `inscriptions_evenement_status` ON `inscriptions` (`evenement_id`,`status`,`id`);--> statement-breakpoint
ALTER TABLE `demandes` ADD `evenement_id` integer REFERENCES evenements(id) ON DELETE SET NULL;--> statement-breakpoint
CREATE INDEX `demandes_evenement` ON `demandes` (`evenement_id`,`created_at`);