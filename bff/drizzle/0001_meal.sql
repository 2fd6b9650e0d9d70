CREATE TABLE `journal_entries` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`kind` enum('payment','refund','topup','subsidy','voucher_issue') NOT NULL,
	`memo` varchar(200) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `journal_entries_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `postings` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`entry_id` bigint unsigned NOT NULL,
	`account` enum('meal_subsidy','meal_personal','merchant_receivable','unit_subsidy_funding','unit_voucher_funding','voucher','wechat_clearing') NOT NULL,
	`owner_id` bigint unsigned NOT NULL,
	`amount_fen` bigint NOT NULL,
	CONSTRAINT `postings_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `cashier_feed_events` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`merchant_id` bigint unsigned NOT NULL,
	`window_id` bigint unsigned NOT NULL,
	`payment_id` bigint unsigned NOT NULL,
	`kind` enum('paid','refunded') NOT NULL,
	`amount_fen` int NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `cashier_feed_events_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`user_id` bigint unsigned NOT NULL,
	`scope` varchar(40) NOT NULL,
	`idem_key` varchar(100) NOT NULL,
	`request_hash` char(64) NOT NULL,
	`status` smallint NOT NULL,
	`response` json NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `idempotency_keys_user_id_scope_idem_key_pk` PRIMARY KEY(`user_id`,`scope`,`idem_key`)
);
--> statement-breakpoint
CREATE TABLE `meal_accounts` (
	`user_id` bigint unsigned NOT NULL,
	`unit_id` bigint unsigned NOT NULL,
	`subsidy_fen` bigint NOT NULL DEFAULT 0,
	`personal_fen` bigint NOT NULL DEFAULT 0,
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `meal_accounts_user_id` PRIMARY KEY(`user_id`),
	CONSTRAINT `meal_accounts_non_negative` CHECK(`meal_accounts`.`subsidy_fen` >= 0 AND `meal_accounts`.`personal_fen` >= 0)
);
--> statement-breakpoint
CREATE TABLE `meal_payments` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`payer_user_id` bigint unsigned,
	`payer_unit_id` bigint unsigned,
	`merchant_id` bigint unsigned NOT NULL,
	`window_id` bigint unsigned NOT NULL,
	`period_name` varchar(20),
	`method` enum('account','wechat') NOT NULL,
	`official` boolean NOT NULL,
	`amount_fen` int NOT NULL,
	`subsidy_fen` int NOT NULL DEFAULT 0,
	`personal_fen` int NOT NULL DEFAULT 0,
	`refunded_fen` int NOT NULL DEFAULT 0,
	`status` enum('awaiting_payment','paid','closed') NOT NULL,
	`wechat_out_trade_no` varchar(32),
	`wechat_transaction_id` varchar(64),
	`wechat_openid` varchar(64),
	`entry_id` bigint unsigned,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`paid_at` datetime(3),
	CONSTRAINT `meal_payments_id` PRIMARY KEY(`id`),
	CONSTRAINT `meal_payments_out_trade_no_uq` UNIQUE(`wechat_out_trade_no`)
);
--> statement-breakpoint
CREATE TABLE `meal_periods` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`merchant_id` bigint unsigned NOT NULL,
	`name` varchar(20) NOT NULL,
	`start_minute` smallint NOT NULL,
	`end_minute` smallint NOT NULL,
	`official_cap_fen` int,
	CONSTRAINT `meal_periods_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `meal_refunds` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`payment_id` bigint unsigned NOT NULL,
	`amount_fen` int NOT NULL,
	`subsidy_fen` int NOT NULL DEFAULT 0,
	`personal_fen` int NOT NULL DEFAULT 0,
	`reason` varchar(200) NOT NULL,
	`operator_user_id` bigint unsigned NOT NULL,
	`status` enum('processing','succeeded','failed') NOT NULL,
	`out_refund_no` varchar(64) NOT NULL,
	`wechat_refund_id` varchar(64),
	`entry_id` bigint unsigned,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `meal_refunds_id` PRIMARY KEY(`id`),
	CONSTRAINT `meal_refunds_out_refund_no_uq` UNIQUE(`out_refund_no`)
);
--> statement-breakpoint
CREATE TABLE `meal_topups` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`user_id` bigint unsigned NOT NULL,
	`amount_fen` int NOT NULL,
	`status` enum('awaiting_payment','paid','closed') NOT NULL,
	`out_trade_no` varchar(32) NOT NULL,
	`wechat_transaction_id` varchar(64),
	`entry_id` bigint unsigned,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`paid_at` datetime(3),
	CONSTRAINT `meal_topups_id` PRIMARY KEY(`id`),
	CONSTRAINT `meal_topups_out_trade_no_uq` UNIQUE(`out_trade_no`)
);
--> statement-breakpoint
CREATE TABLE `meal_windows` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`merchant_id` bigint unsigned NOT NULL,
	`name` varchar(100) NOT NULL,
	`status` enum('active','disabled') NOT NULL DEFAULT 'active',
	CONSTRAINT `meal_windows_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `merchant_staff` (
	`user_id` bigint unsigned NOT NULL,
	`merchant_id` bigint unsigned NOT NULL,
	CONSTRAINT `merchant_staff_user_id_merchant_id_pk` PRIMARY KEY(`user_id`,`merchant_id`)
);
--> statement-breakpoint
CREATE TABLE `merchants` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`name` varchar(100) NOT NULL,
	`kind` enum('canteen','designated') NOT NULL,
	`over_cap_policy` enum('warn','refuse') NOT NULL DEFAULT 'warn',
	`max_payment_fen` int NOT NULL DEFAULT 100000,
	`status` enum('active','disabled') NOT NULL DEFAULT 'active',
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `merchants_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `subsidy_runs` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`unit_id` bigint unsigned NOT NULL,
	`month` char(7) NOT NULL,
	`amount_per_person_fen` int NOT NULL,
	`people` int NOT NULL,
	`entry_id` bigint unsigned,
	`created_by` bigint unsigned NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `subsidy_runs_id` PRIMARY KEY(`id`),
	CONSTRAINT `subsidy_runs_unit_month_uq` UNIQUE(`unit_id`,`month`)
);
--> statement-breakpoint
ALTER TABLE `postings` ADD CONSTRAINT `postings_entry_id_journal_entries_id_fk` FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_accounts` ADD CONSTRAINT `meal_accounts_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_accounts` ADD CONSTRAINT `meal_accounts_unit_id_units_id_fk` FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_payments` ADD CONSTRAINT `meal_payments_payer_user_id_users_id_fk` FOREIGN KEY (`payer_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_payments` ADD CONSTRAINT `meal_payments_payer_unit_id_units_id_fk` FOREIGN KEY (`payer_unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_payments` ADD CONSTRAINT `meal_payments_merchant_id_merchants_id_fk` FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_payments` ADD CONSTRAINT `meal_payments_window_id_meal_windows_id_fk` FOREIGN KEY (`window_id`) REFERENCES `meal_windows`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_payments` ADD CONSTRAINT `meal_payments_entry_id_journal_entries_id_fk` FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_periods` ADD CONSTRAINT `meal_periods_merchant_id_merchants_id_fk` FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_refunds` ADD CONSTRAINT `meal_refunds_payment_id_meal_payments_id_fk` FOREIGN KEY (`payment_id`) REFERENCES `meal_payments`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_refunds` ADD CONSTRAINT `meal_refunds_operator_user_id_users_id_fk` FOREIGN KEY (`operator_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_refunds` ADD CONSTRAINT `meal_refunds_entry_id_journal_entries_id_fk` FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_topups` ADD CONSTRAINT `meal_topups_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_topups` ADD CONSTRAINT `meal_topups_entry_id_journal_entries_id_fk` FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_windows` ADD CONSTRAINT `meal_windows_merchant_id_merchants_id_fk` FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `merchant_staff` ADD CONSTRAINT `merchant_staff_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `merchant_staff` ADD CONSTRAINT `merchant_staff_merchant_id_merchants_id_fk` FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `subsidy_runs` ADD CONSTRAINT `subsidy_runs_unit_id_units_id_fk` FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `subsidy_runs` ADD CONSTRAINT `subsidy_runs_entry_id_journal_entries_id_fk` FOREIGN KEY (`entry_id`) REFERENCES `journal_entries`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `subsidy_runs` ADD CONSTRAINT `subsidy_runs_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `postings_account_idx` ON `postings` (`account`,`owner_id`);--> statement-breakpoint
CREATE INDEX `postings_entry_idx` ON `postings` (`entry_id`);--> statement-breakpoint
CREATE INDEX `cashier_feed_merchant_idx` ON `cashier_feed_events` (`merchant_id`,`id`);--> statement-breakpoint
CREATE INDEX `cashier_feed_created_idx` ON `cashier_feed_events` (`created_at`);--> statement-breakpoint
CREATE INDEX `idempotency_created_idx` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE INDEX `meal_payments_payer_idx` ON `meal_payments` (`payer_user_id`,`id`);--> statement-breakpoint
CREATE INDEX `meal_payments_payer_window_idx` ON `meal_payments` (`payer_user_id`,`window_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `meal_payments_status_idx` ON `meal_payments` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `meal_payments_window_paid_idx` ON `meal_payments` (`window_id`,`paid_at`);--> statement-breakpoint
CREATE INDEX `meal_payments_merchant_paid_idx` ON `meal_payments` (`merchant_id`,`paid_at`);--> statement-breakpoint
CREATE INDEX `meal_periods_merchant_idx` ON `meal_periods` (`merchant_id`);--> statement-breakpoint
CREATE INDEX `meal_refunds_payment_idx` ON `meal_refunds` (`payment_id`);--> statement-breakpoint
CREATE INDEX `meal_topups_user_idx` ON `meal_topups` (`user_id`);--> statement-breakpoint
CREATE INDEX `meal_topups_status_idx` ON `meal_topups` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `meal_windows_merchant_idx` ON `meal_windows` (`merchant_id`);