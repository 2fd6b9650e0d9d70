CREATE TABLE `pii_access_log` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`viewer_user_id` bigint unsigned NOT NULL,
	`visit_id` bigint unsigned NOT NULL,
	`reason` varchar(100) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `pii_access_log_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `visit_blocklist` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`id_type` enum('id_card','passport','hk_macau_permit') NOT NULL,
	`id_number_hash` char(64) NOT NULL,
	`id_number_masked` varchar(32) NOT NULL,
	`name` varchar(32),
	`reason` varchar(100) NOT NULL,
	`created_by_user_id` bigint unsigned NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `visit_blocklist_id` PRIMARY KEY(`id`),
	CONSTRAINT `visit_blocklist_hash_uq` UNIQUE(`id_number_hash`)
);
--> statement-breakpoint
CREATE TABLE `visit_companions` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`visit_id` bigint unsigned NOT NULL,
	`name` varchar(32) NOT NULL,
	`id_type` enum('id_card','passport','hk_macau_permit') NOT NULL,
	`id_number_enc` varchar(160),
	`id_number_hash` char(64),
	`id_number_masked` varchar(32) NOT NULL,
	CONSTRAINT `visit_companions_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `visits` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`status` enum('invited','pending','approved','rejected','cancelled','checked_in','checked_out') NOT NULL,
	`source` enum('self','invitation','walk_in') NOT NULL,
	`visitor_user_id` bigint unsigned,
	`visitor_name` varchar(32) NOT NULL,
	`mobile_enc` varchar(160),
	`mobile_hash` char(64),
	`mobile_masked` varchar(32),
	`id_type` enum('id_card','passport','hk_macau_permit'),
	`id_number_enc` varchar(160),
	`id_number_hash` char(64),
	`id_number_masked` varchar(32),
	`company` varchar(64),
	`purpose` varchar(200) NOT NULL,
	`host_user_id` bigint unsigned NOT NULL,
	`host_unit_id` bigint unsigned,
	`start_at` datetime(3) NOT NULL,
	`end_at` datetime(3) NOT NULL,
	`plate_no` varchar(12),
	`escalated_at` datetime(3),
	`decided_by_user_id` bigint unsigned,
	`decided_at` datetime(3),
	`reject_reason` varchar(100),
	`cancelled_at` datetime(3),
	`invite_token_hash` char(64),
	`pass_nonce` char(32),
	`checked_in_at` datetime(3),
	`checked_in_by` bigint unsigned,
	`checked_out_at` datetime(3),
	`checked_out_by` bigint unsigned,
	`auto_checked_out` boolean NOT NULL DEFAULT false,
	`created_by_user_id` bigint unsigned,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`purged_at` datetime(3),
	CONSTRAINT `visits_id` PRIMARY KEY(`id`),
	CONSTRAINT `visits_invite_token_uq` UNIQUE(`invite_token_hash`)
);
--> statement-breakpoint
ALTER TABLE `pii_access_log` ADD CONSTRAINT `pii_access_log_viewer_user_id_users_id_fk` FOREIGN KEY (`viewer_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `pii_access_log` ADD CONSTRAINT `pii_access_log_visit_id_visits_id_fk` FOREIGN KEY (`visit_id`) REFERENCES `visits`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `visit_blocklist` ADD CONSTRAINT `visit_blocklist_created_by_user_id_users_id_fk` FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `visit_companions` ADD CONSTRAINT `visit_companions_visit_id_visits_id_fk` FOREIGN KEY (`visit_id`) REFERENCES `visits`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `visits` ADD CONSTRAINT `visits_visitor_user_id_users_id_fk` FOREIGN KEY (`visitor_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `visits` ADD CONSTRAINT `visits_host_user_id_users_id_fk` FOREIGN KEY (`host_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `visits` ADD CONSTRAINT `visits_host_unit_id_units_id_fk` FOREIGN KEY (`host_unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `visits` ADD CONSTRAINT `visits_decided_by_user_id_users_id_fk` FOREIGN KEY (`decided_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `visits` ADD CONSTRAINT `visits_checked_in_by_users_id_fk` FOREIGN KEY (`checked_in_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `visits` ADD CONSTRAINT `visits_checked_out_by_users_id_fk` FOREIGN KEY (`checked_out_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `visits` ADD CONSTRAINT `visits_created_by_user_id_users_id_fk` FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `pii_access_visit_idx` ON `pii_access_log` (`visit_id`);--> statement-breakpoint
CREATE INDEX `pii_access_created_idx` ON `pii_access_log` (`created_at`);--> statement-breakpoint
CREATE INDEX `visit_companions_visit_idx` ON `visit_companions` (`visit_id`);--> statement-breakpoint
CREATE INDEX `visit_companions_hash_idx` ON `visit_companions` (`id_number_hash`);--> statement-breakpoint
CREATE INDEX `visits_visitor_idx` ON `visits` (`visitor_user_id`,`id`);--> statement-breakpoint
CREATE INDEX `visits_host_idx` ON `visits` (`host_user_id`,`id`);--> statement-breakpoint
CREATE INDEX `visits_status_start_idx` ON `visits` (`status`,`start_at`);--> statement-breakpoint
CREATE INDEX `visits_start_idx` ON `visits` (`start_at`);--> statement-breakpoint
CREATE INDEX `visits_unit_start_idx` ON `visits` (`host_unit_id`,`start_at`);--> statement-breakpoint
CREATE INDEX `visits_id_number_hash_idx` ON `visits` (`id_number_hash`);--> statement-breakpoint
CREATE INDEX `visits_created_idx` ON `visits` (`created_at`);