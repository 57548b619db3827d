CREATE TABLE `slot_generation` (
	`id` integer PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
-- The one row of the counter (ADR 023).
INSERT INTO `slot_generation` (`id`, `value`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `slot_generation_agendas_insert` AFTER INSERT ON `agendas` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `slot_generation_agendas_update` AFTER UPDATE ON `agendas` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `slot_generation_agendas_delete` AFTER DELETE ON `agendas` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `slot_generation_agenda_openings_insert` AFTER INSERT ON `agenda_openings` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `slot_generation_agenda_openings_update` AFTER UPDATE ON `agenda_openings` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `slot_generation_agenda_openings_delete` AFTER DELETE ON `agenda_openings` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `slot_generation_agenda_absences_insert` AFTER INSERT ON `agenda_absences` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `slot_generation_agenda_absences_update` AFTER UPDATE ON `agenda_absences` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `slot_generation_agenda_absences_delete` AFTER DELETE ON `agenda_absences` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `slot_generation_points_accueil_insert` AFTER INSERT ON `points_accueil` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `slot_generation_points_accueil_update` AFTER UPDATE ON `points_accueil` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `slot_generation_points_accueil_delete` AFTER DELETE ON `points_accueil` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `slot_generation_closures_insert` AFTER INSERT ON `closures` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `slot_generation_closures_update` AFTER UPDATE ON `closures` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `slot_generation_closures_delete` AFTER DELETE ON `closures` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `slot_generation_rendez_vous_insert` AFTER INSERT ON `rendez_vous` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `slot_generation_rendez_vous_update` AFTER UPDATE ON `rendez_vous` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `slot_generation_rendez_vous_delete` AFTER DELETE ON `rendez_vous` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
