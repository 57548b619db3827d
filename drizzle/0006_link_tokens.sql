ALTER TABLE `demandes` ADD `request_key_hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `demandes_request_key_hash_unique` ON `demandes` (`request_key_hash`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `sealed_token` text;--> statement-breakpoint
-- ADR 024: the idempotency key of existing demandes is their former manage token. An
-- orientation's former manage token was the professional's form key: it gets a new, unknown
-- one, so that the professional's copy stops working.
UPDATE `demandes` SET `request_key_hash` = `manage_token_hash`;--> statement-breakpoint
UPDATE `demandes` SET `manage_token_hash` = lower(hex(randomblob(32))) WHERE `orienteur` IS NOT NULL;--> statement-breakpoint
-- ADR 025: sent mails whose text holds a working link are not kept.
DELETE FROM `outbox` WHERE `sent_at` IS NOT NULL AND (`text` LIKE '%/rendez-vous/gerer/%' OR `text` LIKE '%/espace-pro/activation/%');
