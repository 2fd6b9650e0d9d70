CREATE TABLE `asset_buy_checks` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`receipt_no` varchar(30) NOT NULL,
	`unit_id` bigint unsigned NOT NULL,
	`user_id` bigint unsigned NOT NULL,
	`category` enum('furniture','computer','office_equipment','vehicle_parts','meeting_equipment','other') NOT NULL,
	`q` varchar(50),
	`match_count` int NOT NULL,
	`match_ids` json NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `asset_buy_checks_id` PRIMARY KEY(`id`),
	CONSTRAINT `asset_buy_checks_receipt_uq` UNIQUE(`receipt_no`)
);
--> statement-breakpoint
CREATE TABLE `asset_disposals` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`asset_id` bigint unsigned NOT NULL,
	`requested_by_user_id` bigint unsigned NOT NULL,
	`reason` varchar(200) NOT NULL,
	`status` enum('pending','approved','rejected') NOT NULL,
	`decided_by_user_id` bigint unsigned,
	`decided_at` datetime(3),
	`reject_reason` varchar(200),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `asset_disposals_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `asset_events` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`asset_id` bigint unsigned NOT NULL,
	`at` datetime(3) NOT NULL,
	`kind` varchar(30) NOT NULL,
	`text` varchar(300) NOT NULL,
	`actor_user_id` bigint unsigned,
	`unit_id` bigint unsigned,
	`original_value_fen` bigint,
	`residual_value_fen` bigint,
	CONSTRAINT `asset_events_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `asset_loan_days` (
	`asset_id` bigint unsigned NOT NULL,
	`day` varchar(10) NOT NULL,
	`loan_id` bigint unsigned NOT NULL,
	CONSTRAINT `asset_loan_days_asset_id_day_pk` PRIMARY KEY(`asset_id`,`day`)
);
--> statement-breakpoint
CREATE TABLE `asset_loan_reminders` (
	`loan_id` bigint unsigned NOT NULL,
	`step` enum('due_in_3','due_today','overdue_1','overdue_3','overdue_7') NOT NULL,
	`sent_at` datetime(3) NOT NULL,
	CONSTRAINT `asset_loan_reminders_loan_id_step_pk` PRIMARY KEY(`loan_id`,`step`)
);
--> statement-breakpoint
CREATE TABLE `asset_loans` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`asset_id` bigint unsigned NOT NULL,
	`owner_unit_id` bigint unsigned NOT NULL,
	`borrower_user_id` bigint unsigned NOT NULL,
	`borrower_unit_id` bigint unsigned,
	`start_date` varchar(10) NOT NULL,
	`end_date` varchar(10) NOT NULL,
	`purpose` varchar(100) NOT NULL,
	`status` enum('pending','approved','on_loan','returned','rejected','cancelled') NOT NULL,
	`decided_by_user_id` bigint unsigned,
	`decided_at` datetime(3),
	`reject_reason` varchar(200),
	`handed_over_by_user_id` bigint unsigned,
	`handed_over_at` datetime(3),
	`returned_by_user_id` bigint unsigned,
	`returned_at` datetime(3),
	`return_condition` enum('new','good','fair','needs_repair'),
	`return_note` varchar(200),
	`cancelled_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `asset_loans_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `asset_photos` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`asset_id` bigint unsigned NOT NULL,
	`type` varchar(20) NOT NULL,
	`bytes` mediumblob NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `asset_photos_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `asset_purchases` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`buy_check_id` bigint unsigned NOT NULL,
	`unit_id` bigint unsigned NOT NULL,
	`user_id` bigint unsigned NOT NULL,
	`category` enum('furniture','computer','office_equipment','vehicle_parts','meeting_equipment','other') NOT NULL,
	`name` varchar(50) NOT NULL,
	`quantity` int NOT NULL,
	`budget_fen` bigint NOT NULL,
	`why_not_reuse` varchar(200),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `asset_purchases_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `asset_stocktake_scans` (
	`stocktake_id` bigint unsigned NOT NULL,
	`asset_id` bigint unsigned NOT NULL,
	`other_unit` boolean NOT NULL,
	`scanned_by_user_id` bigint unsigned NOT NULL,
	`scanned_at` datetime(3) NOT NULL,
	CONSTRAINT `asset_stocktake_scans_stocktake_id_asset_id_pk` PRIMARY KEY(`stocktake_id`,`asset_id`)
);
--> statement-breakpoint
CREATE TABLE `asset_stocktakes` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`unit_id` bigint unsigned NOT NULL,
	`open_unit_id` bigint unsigned,
	`status` enum('open','finished') NOT NULL,
	`started_by_user_id` bigint unsigned NOT NULL,
	`started_at` datetime(3) NOT NULL,
	`finished_at` datetime(3),
	`result` json,
	CONSTRAINT `asset_stocktakes_id` PRIMARY KEY(`id`),
	CONSTRAINT `asset_stocktakes_open_uq` UNIQUE(`open_unit_id`)
);
--> statement-breakpoint
CREATE TABLE `asset_transfers` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`asset_id` bigint unsigned NOT NULL,
	`from_unit_id` bigint unsigned NOT NULL,
	`to_unit_id` bigint unsigned NOT NULL,
	`requested_by_user_id` bigint unsigned NOT NULL,
	`reason` varchar(200) NOT NULL,
	`status` enum('pending_owner','pending_centre','pending_receipt','done','rejected','cancelled') NOT NULL,
	`agreed_by_user_id` bigint unsigned,
	`agreed_at` datetime(3),
	`approved_by_user_id` bigint unsigned,
	`approved_at` datetime(3),
	`received_by_user_id` bigint unsigned,
	`received_at` datetime(3),
	`rejected_by_user_id` bigint unsigned,
	`rejected_at` datetime(3),
	`reject_reason` varchar(200),
	`cancelled_at` datetime(3),
	`slip_no` varchar(20),
	`original_value_fen` bigint,
	`residual_value_fen` bigint,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `asset_transfers_id` PRIMARY KEY(`id`),
	CONSTRAINT `asset_transfers_slip_no_uq` UNIQUE(`slip_no`)
);
--> statement-breakpoint
CREATE TABLE `assets` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`unit_id` bigint unsigned NOT NULL,
	`name` varchar(50) NOT NULL,
	`category` enum('furniture','computer','office_equipment','vehicle_parts','meeting_equipment','other') NOT NULL,
	`brand` varchar(30),
	`model` varchar(50),
	`condition` enum('new','good','fair','needs_repair') NOT NULL,
	`original_value_fen` bigint NOT NULL,
	`acquired_on` varchar(10) NOT NULL,
	`location` varchar(50) NOT NULL,
	`status` enum('idle','in_use','on_loan','disposed') NOT NULL,
	`registered_by_user_id` bigint unsigned NOT NULL,
	`listed_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `assets_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `user_roles` MODIFY COLUMN `role` enum('staff','approver','cashier','guard','dispatcher','driver','meeting_service','settlement','admin','unit_admin','asset_keeper','visitor') NOT NULL;--> statement-breakpoint
ALTER TABLE `asset_buy_checks` ADD CONSTRAINT `asset_buy_checks_unit_id_units_id_fk` FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_buy_checks` ADD CONSTRAINT `asset_buy_checks_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_disposals` ADD CONSTRAINT `asset_disposals_asset_id_assets_id_fk` FOREIGN KEY (`asset_id`) REFERENCES `assets`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_disposals` ADD CONSTRAINT `asset_disposals_requested_by_user_id_users_id_fk` FOREIGN KEY (`requested_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_disposals` ADD CONSTRAINT `asset_disposals_decided_by_user_id_users_id_fk` FOREIGN KEY (`decided_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_events` ADD CONSTRAINT `asset_events_asset_id_assets_id_fk` FOREIGN KEY (`asset_id`) REFERENCES `assets`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_events` ADD CONSTRAINT `asset_events_actor_user_id_users_id_fk` FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_events` ADD CONSTRAINT `asset_events_unit_id_units_id_fk` FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_loan_reminders` ADD CONSTRAINT `asset_loan_reminders_loan_id_asset_loans_id_fk` FOREIGN KEY (`loan_id`) REFERENCES `asset_loans`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_loans` ADD CONSTRAINT `asset_loans_asset_id_assets_id_fk` FOREIGN KEY (`asset_id`) REFERENCES `assets`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_loans` ADD CONSTRAINT `asset_loans_owner_unit_id_units_id_fk` FOREIGN KEY (`owner_unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_loans` ADD CONSTRAINT `asset_loans_borrower_user_id_users_id_fk` FOREIGN KEY (`borrower_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_loans` ADD CONSTRAINT `asset_loans_borrower_unit_id_units_id_fk` FOREIGN KEY (`borrower_unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_loans` ADD CONSTRAINT `asset_loans_decided_by_user_id_users_id_fk` FOREIGN KEY (`decided_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_loans` ADD CONSTRAINT `asset_loans_handed_over_by_user_id_users_id_fk` FOREIGN KEY (`handed_over_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_loans` ADD CONSTRAINT `asset_loans_returned_by_user_id_users_id_fk` FOREIGN KEY (`returned_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_photos` ADD CONSTRAINT `asset_photos_asset_id_assets_id_fk` FOREIGN KEY (`asset_id`) REFERENCES `assets`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_purchases` ADD CONSTRAINT `asset_purchases_buy_check_id_asset_buy_checks_id_fk` FOREIGN KEY (`buy_check_id`) REFERENCES `asset_buy_checks`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_purchases` ADD CONSTRAINT `asset_purchases_unit_id_units_id_fk` FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_purchases` ADD CONSTRAINT `asset_purchases_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_stocktake_scans` ADD CONSTRAINT `asset_stocktake_scans_stocktake_id_asset_stocktakes_id_fk` FOREIGN KEY (`stocktake_id`) REFERENCES `asset_stocktakes`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_stocktake_scans` ADD CONSTRAINT `asset_stocktake_scans_asset_id_assets_id_fk` FOREIGN KEY (`asset_id`) REFERENCES `assets`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_stocktake_scans` ADD CONSTRAINT `asset_stocktake_scans_scanned_by_user_id_users_id_fk` FOREIGN KEY (`scanned_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_stocktakes` ADD CONSTRAINT `asset_stocktakes_unit_id_units_id_fk` FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_stocktakes` ADD CONSTRAINT `asset_stocktakes_started_by_user_id_users_id_fk` FOREIGN KEY (`started_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_transfers` ADD CONSTRAINT `asset_transfers_asset_id_assets_id_fk` FOREIGN KEY (`asset_id`) REFERENCES `assets`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_transfers` ADD CONSTRAINT `asset_transfers_from_unit_id_units_id_fk` FOREIGN KEY (`from_unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_transfers` ADD CONSTRAINT `asset_transfers_to_unit_id_units_id_fk` FOREIGN KEY (`to_unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_transfers` ADD CONSTRAINT `asset_transfers_requested_by_user_id_users_id_fk` FOREIGN KEY (`requested_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_transfers` ADD CONSTRAINT `asset_transfers_agreed_by_user_id_users_id_fk` FOREIGN KEY (`agreed_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_transfers` ADD CONSTRAINT `asset_transfers_approved_by_user_id_users_id_fk` FOREIGN KEY (`approved_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_transfers` ADD CONSTRAINT `asset_transfers_received_by_user_id_users_id_fk` FOREIGN KEY (`received_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `asset_transfers` ADD CONSTRAINT `asset_transfers_rejected_by_user_id_users_id_fk` FOREIGN KEY (`rejected_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `assets` ADD CONSTRAINT `assets_unit_id_units_id_fk` FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `assets` ADD CONSTRAINT `assets_registered_by_user_id_users_id_fk` FOREIGN KEY (`registered_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `asset_buy_checks_unit_idx` ON `asset_buy_checks` (`unit_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `asset_disposals_status_idx` ON `asset_disposals` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `asset_disposals_asset_idx` ON `asset_disposals` (`asset_id`,`status`);--> statement-breakpoint
CREATE INDEX `asset_events_asset_idx` ON `asset_events` (`asset_id`,`id`);--> statement-breakpoint
CREATE INDEX `asset_events_kind_at_idx` ON `asset_events` (`kind`,`at`);--> statement-breakpoint
CREATE INDEX `asset_loan_days_loan_idx` ON `asset_loan_days` (`loan_id`);--> statement-breakpoint
CREATE INDEX `asset_loans_asset_start_idx` ON `asset_loans` (`asset_id`,`start_date`);--> statement-breakpoint
CREATE INDEX `asset_loans_borrower_idx` ON `asset_loans` (`borrower_user_id`,`id`);--> statement-breakpoint
CREATE INDEX `asset_loans_owner_status_idx` ON `asset_loans` (`owner_unit_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `asset_loans_status_end_idx` ON `asset_loans` (`status`,`end_date`);--> statement-breakpoint
CREATE INDEX `asset_photos_asset_idx` ON `asset_photos` (`asset_id`,`id`);--> statement-breakpoint
CREATE INDEX `asset_purchases_unit_idx` ON `asset_purchases` (`unit_id`,`id`);--> statement-breakpoint
CREATE INDEX `asset_stocktakes_unit_idx` ON `asset_stocktakes` (`unit_id`,`id`);--> statement-breakpoint
CREATE INDEX `asset_transfers_asset_idx` ON `asset_transfers` (`asset_id`,`status`);--> statement-breakpoint
CREATE INDEX `asset_transfers_to_unit_idx` ON `asset_transfers` (`to_unit_id`,`id`);--> statement-breakpoint
CREATE INDEX `asset_transfers_from_unit_idx` ON `asset_transfers` (`from_unit_id`,`id`);--> statement-breakpoint
CREATE INDEX `asset_transfers_status_idx` ON `asset_transfers` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `assets_status_category_idx` ON `assets` (`status`,`category`,`id`);--> statement-breakpoint
CREATE INDEX `assets_unit_status_idx` ON `assets` (`unit_id`,`status`,`id`);