CREATE TABLE `questionnaire_drafts` (
	`id` text PRIMARY KEY NOT NULL,
	`questionnaire_version` text NOT NULL,
	`profile` text NOT NULL,
	`answers` text NOT NULL,
	`result` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`completed_at` integer,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `questionnaire_stats` (
	`month` text NOT NULL,
	`questionnaire_version` text NOT NULL,
	`level` text NOT NULL,
	`statut_group` text NOT NULL,
	`arret` text NOT NULL,
	`source` text NOT NULL,
	`departement` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`month`, `questionnaire_version`, `level`, `statut_group`, `arret`, `source`, `departement`)
);
