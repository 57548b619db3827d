DROP INDEX `demandes_departement_created`;--> statement-breakpoint
DROP INDEX `demandes_inbox`;--> statement-breakpoint
CREATE INDEX `demandes_inbox` ON `demandes` (`departement_code`,`created_at`,`status`,`priority`,`assigned_to`,`due_at`,`kind`,`source`,`sans_creneau`,`outcome`,(case when "share_result" = 1 then json_extract("result", '$.level') end));--> statement-breakpoint
DROP INDEX `rendez_vous_demande`;--> statement-breakpoint
DROP INDEX `rendez_vous_demande_latest`;--> statement-breakpoint
CREATE INDEX `rendez_vous_demande_latest` ON `rendez_vous` (`demande_id`,`id`,`mode`,`starts_at`,`status`,`attendance`,`reminder_channel`);--> statement-breakpoint
DROP INDEX `demande_events_demande`;--> statement-breakpoint
CREATE INDEX `demande_events_demande` ON `demande_events` (`demande_id`,`at`,`id`,`type`,`to`);