CREATE TABLE `cockpit_daily` (
	`indicator_key` varchar(32) NOT NULL,
	`unit_id` bigint unsigned NOT NULL,
	`day` varchar(10) NOT NULL,
	`value` decimal(16,2),
	`light` enum('green','yellow','red') NOT NULL,
	`computed_at` datetime(3) NOT NULL,
	CONSTRAINT `cockpit_daily_indicator_key_unit_id_day_pk` PRIMARY KEY(`indicator_key`,`unit_id`,`day`)
);
--> statement-breakpoint
CREATE TABLE `cockpit_light_changes` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`indicator_key` varchar(32) NOT NULL,
	`unit_id` bigint unsigned NOT NULL,
	`day` varchar(10) NOT NULL,
	`from_light` enum('green','yellow','red') NOT NULL,
	`to_light` enum('green','yellow','red') NOT NULL,
	`value` decimal(16,2),
	`at` datetime(3) NOT NULL,
	CONSTRAINT `cockpit_light_changes_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `cockpit_lights` (
	`indicator_key` varchar(32) NOT NULL,
	`unit_id` bigint unsigned NOT NULL,
	`light` enum('green','yellow','red') NOT NULL,
	`since` datetime(3) NOT NULL,
	CONSTRAINT `cockpit_lights_indicator_key_unit_id_pk` PRIMARY KEY(`indicator_key`,`unit_id`)
);
--> statement-breakpoint
CREATE TABLE `cockpit_refreshes` (
	`day` varchar(10) NOT NULL,
	`computed_at` datetime(3) NOT NULL,
	CONSTRAINT `cockpit_refreshes_day` PRIMARY KEY(`day`)
);
--> statement-breakpoint
CREATE TABLE `cockpit_thresholds` (
	`indicator_key` varchar(32) NOT NULL,
	`yellow` decimal(16,2),
	`red` decimal(16,2),
	`direction` enum('higher_is_bad','lower_is_bad') NOT NULL,
	`reason` varchar(200) NOT NULL,
	`updated_by_user_id` bigint unsigned NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `cockpit_thresholds_indicator_key` PRIMARY KEY(`indicator_key`)
);
--> statement-breakpoint
CREATE TABLE `supervision_events` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`supervision_id` bigint unsigned NOT NULL,
	`kind` enum('opened','replied','returned','closed') NOT NULL,
	`at` datetime(3) NOT NULL,
	`actor_user_id` bigint unsigned,
	`text` varchar(500),
	CONSTRAINT `supervision_events_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `supervisions` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`indicator_key` varchar(32) NOT NULL,
	`unit_id` bigint unsigned NOT NULL,
	`status` enum('open','replied','closed') NOT NULL,
	`active` tinyint,
	`opened_at` datetime(3) NOT NULL,
	`opened_day` varchar(10) NOT NULL,
	`opened_value` decimal(16,2),
	`due_on` varchar(10) NOT NULL,
	`reply` varchar(500),
	`replied_by_user_id` bigint unsigned,
	`replied_at` datetime(3),
	`return_reason` varchar(200),
	`returned_count` int NOT NULL DEFAULT 0,
	`closed_by_user_id` bigint unsigned,
	`closed_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `supervisions_id` PRIMARY KEY(`id`),
	CONSTRAINT `supervisions_active_uq` UNIQUE(`indicator_key`,`unit_id`,`active`)
);
--> statement-breakpoint
ALTER TABLE `user_roles` MODIFY COLUMN `role` enum('staff','approver','cashier','guard','dispatcher','driver','meeting_service','settlement','admin','unit_admin','asset_keeper','repair_dispatcher','repair_worker','leader','visitor') NOT NULL;--> statement-breakpoint
ALTER TABLE `cockpit_thresholds` ADD CONSTRAINT `cockpit_thresholds_updated_by_user_id_users_id_fk` FOREIGN KEY (`updated_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `supervision_events` ADD CONSTRAINT `supervision_events_supervision_id_supervisions_id_fk` FOREIGN KEY (`supervision_id`) REFERENCES `supervisions`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `supervision_events` ADD CONSTRAINT `supervision_events_actor_user_id_users_id_fk` FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `supervisions` ADD CONSTRAINT `supervisions_unit_id_units_id_fk` FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `supervisions` ADD CONSTRAINT `supervisions_replied_by_user_id_users_id_fk` FOREIGN KEY (`replied_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `supervisions` ADD CONSTRAINT `supervisions_closed_by_user_id_users_id_fk` FOREIGN KEY (`closed_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `cockpit_daily_day_unit_idx` ON `cockpit_daily` (`day`,`unit_id`);--> statement-breakpoint
CREATE INDEX `cockpit_light_changes_scope_idx` ON `cockpit_light_changes` (`indicator_key`,`unit_id`,`id`);--> statement-breakpoint
CREATE INDEX `supervision_events_supervision_idx` ON `supervision_events` (`supervision_id`,`id`);--> statement-breakpoint
CREATE INDEX `supervisions_unit_status_idx` ON `supervisions` (`unit_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `supervisions_status_idx` ON `supervisions` (`status`,`id`);