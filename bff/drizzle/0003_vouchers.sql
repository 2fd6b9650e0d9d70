CREATE TABLE `meal_vouchers` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`code` char(20) NOT NULL,
	`unit_id` bigint unsigned NOT NULL,
	`amount_fen` int NOT NULL,
	`purpose` varchar(100) NOT NULL,
	`holder_name` varchar(64),
	`status` enum('issued','redeemed') NOT NULL DEFAULT 'issued',
	`payment_id` bigint unsigned,
	`expires_at` datetime(3) NOT NULL,
	`created_by` bigint unsigned NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `meal_vouchers_id` PRIMARY KEY(`id`),
	CONSTRAINT `meal_vouchers_code_uq` UNIQUE(`code`)
);
--> statement-breakpoint
ALTER TABLE `meal_payments` MODIFY COLUMN `method` enum('account','wechat','voucher') NOT NULL;--> statement-breakpoint
ALTER TABLE `meal_vouchers` ADD CONSTRAINT `meal_vouchers_unit_id_units_id_fk` FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_vouchers` ADD CONSTRAINT `meal_vouchers_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `meal_vouchers_unit_idx` ON `meal_vouchers` (`unit_id`);