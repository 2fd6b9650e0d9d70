ALTER TABLE `journal_entries` MODIFY COLUMN `kind` enum('payment','refund','topup','subsidy','voucher_issue','voucher_expiry') NOT NULL;--> statement-breakpoint
ALTER TABLE `meal_vouchers` MODIFY COLUMN `code` char(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL;--> statement-breakpoint
ALTER TABLE `meal_vouchers` MODIFY COLUMN `status` enum('issued','redeemed','expired') NOT NULL DEFAULT 'issued';--> statement-breakpoint
ALTER TABLE `meal_payments` ADD `voucher_unit_id` bigint unsigned;--> statement-breakpoint
ALTER TABLE `meal_payments` ADD CONSTRAINT `meal_payments_voucher_unit_id_units_id_fk` FOREIGN KEY (`voucher_unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;