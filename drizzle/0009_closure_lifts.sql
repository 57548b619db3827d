CREATE TABLE `closure_lifts` (
	`departement_code` text NOT NULL,
	`holiday` text NOT NULL,
	PRIMARY KEY(`departement_code`, `holiday`)
);
-- Lifting or restoring a default closure changes the slots: bump the counter (ADR 023, ADR 038).
--> statement-breakpoint
CREATE TRIGGER `slot_generation_closure_lifts_insert` AFTER INSERT ON `closure_lifts` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `slot_generation_closure_lifts_update` AFTER UPDATE ON `closure_lifts` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `slot_generation_closure_lifts_delete` AFTER DELETE ON `closure_lifts` BEGIN UPDATE `slot_generation` SET `value` = `value` + 1 WHERE `id` = 1; END;
