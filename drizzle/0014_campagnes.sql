-- drizzle-kit writes the two ALTER TABLE … ADD below without their ON DELETE clause: added by hand (ADR 044).
CREATE TABLE `campagne_departements` (
	`campagne_id` integer NOT NULL,
	`departement_code` text NOT NULL,
	`letters_sent` integer,
	PRIMARY KEY(`campagne_id`, `departement_code`),
	FOREIGN KEY (`campagne_id`) REFERENCES `campagnes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `campagne_departements_departement` ON `campagne_departements` (`departement_code`);--> statement-breakpoint
CREATE TABLE `campagne_questionnaires` (
	`campagne_id` integer NOT NULL,
	`month` text NOT NULL,
	`departement` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`campagne_id`, `month`, `departement`),
	FOREIGN KEY (`campagne_id`) REFERENCES `campagnes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `campagne_visits` (
	`campagne_id` integer NOT NULL,
	`day` text NOT NULL,
	`departement` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`campagne_id`, `day`, `departement`),
	FOREIGN KEY (`campagne_id`) REFERENCES `campagnes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `campagnes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`target` text DEFAULT '' NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campagnes_code_unique` ON `campagnes` (`code`);--> statement-breakpoint
ALTER TABLE `demandes` ADD `campagne_id` integer REFERENCES campagnes(id) ON DELETE set null;--> statement-breakpoint
CREATE INDEX `demandes_campagne` ON `demandes` (`campagne_id`,`departement_code`);--> statement-breakpoint
ALTER TABLE `questionnaire_drafts` ADD `campagne_id` integer REFERENCES campagnes(id) ON DELETE set null;