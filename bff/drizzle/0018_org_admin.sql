CREATE TABLE `audit_log` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`actor_id` bigint unsigned,
	`actor_name` varchar(64) NOT NULL,
	`ip` varchar(45),
	`action` varchar(40) NOT NULL,
	`entity` varchar(40) NOT NULL,
	`entity_id` varchar(40) NOT NULL,
	`before` json,
	`after` json,
	`reason` varchar(200),
	CONSTRAINT `audit_log_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `directory_syncs` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`ran_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`ran_by` bigint unsigned,
	`status` enum('running','ready','applied','failed') NOT NULL,
	`error` varchar(200),
	`diff` json,
	`applied_at` datetime(3),
	`applied_by` bigint unsigned,
	CONSTRAINT `directory_syncs_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `user_roles` MODIFY COLUMN `role` enum('staff','approver','cashier','guard','dispatcher','driver','meeting_service','settlement','admin','unit_admin','visitor') NOT NULL;--> statement-breakpoint
ALTER TABLE `units` ADD `short_name` varchar(50);--> statement-breakpoint
ALTER TABLE `units` ADD `parent_id` bigint unsigned;--> statement-breakpoint
ALTER TABLE `units` ADD `credit_code` char(18);--> statement-breakpoint
ALTER TABLE `units` ADD `active` boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `position` varchar(64);--> statement-breakpoint
ALTER TABLE `users` ADD `access_changed_at` datetime(3);--> statement-breakpoint
ALTER TABLE `units` ADD CONSTRAINT `units_credit_code_unique` UNIQUE(`credit_code`);--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity`,`entity_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
ALTER TABLE `units` ADD CONSTRAINT `units_parent_id_units_id_fk` FOREIGN KEY (`parent_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `units_parent_idx` ON `units` (`parent_id`);--> statement-breakpoint
CREATE INDEX `users_name_idx` ON `users` (`name`);--> statement-breakpoint
CREATE INDEX `users_access_changed_idx` ON `users` (`access_changed_at`);