ALTER TABLE `demandes` ADD `sms_refused` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `channel` text DEFAULT 'email' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `gateway_message_id` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `delivery_status` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `delivered_at` integer;--> statement-breakpoint
CREATE INDEX `outbox_gateway_message` ON `outbox` (`gateway_message_id`);--> statement-breakpoint
ALTER TABLE `rendez_vous` ADD `reminder_channel` text;