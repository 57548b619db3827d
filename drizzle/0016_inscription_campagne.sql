-- drizzle-kit writes the ALTER TABLE … ADD below without its ON DELETE clause: added by hand (ADR 044).
CREATE TABLE `campagne_inscriptions` (
	`campagne_id` integer NOT NULL,
	`month` text NOT NULL,
	`departement` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`campagne_id`, `month`, `departement`),
	FOREIGN KEY (`campagne_id`) REFERENCES `campagnes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `inscriptions` ADD `campagne_id` integer REFERENCES campagnes(id) ON DELETE set null;