CREATE TABLE `demande_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`demande_id` integer NOT NULL,
	`at` integer NOT NULL,
	`user_id` integer,
	`type` text NOT NULL,
	`from` text,
	`to` text,
	`note` text,
	FOREIGN KEY (`demande_id`) REFERENCES `demandes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `staff_users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `demande_events_demande` ON `demande_events` (`demande_id`,`at`);--> statement-breakpoint
ALTER TABLE `demandes` ADD `assigned_to` integer REFERENCES staff_users(id) ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE `demandes` ADD `closed_at` integer;--> statement-breakpoint
ALTER TABLE `demandes` ADD `outcome` text;--> statement-breakpoint
ALTER TABLE `demandes` ADD `orienteur` text;--> statement-breakpoint
ALTER TABLE `demandes` ADD `anonymised_at` integer;--> statement-breakpoint
CREATE INDEX `demandes_status_due` ON `demandes` (`status`,`due_at`);--> statement-breakpoint
ALTER TABLE `rendez_vous` ADD `cancelled_by` text;--> statement-breakpoint
ALTER TABLE `rendez_vous` ADD `attendance` text;--> statement-breakpoint
ALTER TABLE `staff_setup_tokens` ADD `purpose` text DEFAULT 'activation' NOT NULL;--> statement-breakpoint
ALTER TABLE `staff_users` ADD `totp_last_step` integer;--> statement-breakpoint
UPDATE `rendez_vous` SET `cancelled_by` = 'assure' WHERE `status` = 'annule';
