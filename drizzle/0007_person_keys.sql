ALTER TABLE `demandes` ADD `email_key` text;--> statement-breakpoint
ALTER TABLE `demandes` ADD `phone_key` text;--> statement-breakpoint
CREATE INDEX `demandes_email_key` ON `demandes` (`email_key`);--> statement-breakpoint
CREATE INDEX `demandes_phone_key` ON `demandes` (`phone_key`);--> statement-breakpoint
CREATE INDEX `demandes_nir` ON `demandes` (`nir`);--> statement-breakpoint
-- Backfill (ADR 026): the same keys as src/lib/booking/identity.ts for the demandes booked before. Gmail dots are not removed here.
UPDATE `demandes` SET `email_key` = CASE WHEN instr(substr(lower(trim(`email`)), 1, instr(lower(trim(`email`)), '@') - 1), '+') > 1 THEN substr(lower(trim(`email`)), 1, instr(lower(trim(`email`)), '+') - 1) || substr(lower(trim(`email`)), instr(lower(trim(`email`)), '@')) ELSE lower(trim(`email`)) END WHERE `email` IS NOT NULL;--> statement-breakpoint
UPDATE `demandes` SET `phone_key` = CASE WHEN `telephone` GLOB '+33[1-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' THEN '0' || substr(`telephone`, 4) ELSE `telephone` END WHERE `telephone` IS NOT NULL;--> statement-breakpoint
UPDATE `demandes` SET `phone_key` = '+' || CASE substr(`phone_key`, 1, 4) WHEN '0262' THEN '262' WHEN '0263' THEN '262' WHEN '0692' THEN '262' WHEN '0693' THEN '262' WHEN '0269' THEN '262' WHEN '0639' THEN '262' WHEN '0590' THEN '590' WHEN '0690' THEN '590' WHEN '0691' THEN '590' WHEN '0594' THEN '594' WHEN '0694' THEN '594' WHEN '0596' THEN '596' WHEN '0696' THEN '596' WHEN '0697' THEN '596' WHEN '0508' THEN '508' ELSE '33' END || substr(`phone_key`, 2) WHERE `phone_key` GLOB '0[1-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]';
