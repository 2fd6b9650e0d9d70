CREATE TABLE `meal_menu_dishes` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`merchant_id` bigint unsigned NOT NULL,
	`date` char(10) NOT NULL,
	`period_id` bigint unsigned NOT NULL,
	`name` varchar(40) NOT NULL,
	`photo_url` varchar(300),
	`price_fen` int NOT NULL,
	`tag` enum('meat','veg','staple','soup') NOT NULL,
	`portions_limit` int,
	`booked` int NOT NULL DEFAULT 0,
	`allergens` json NOT NULL,
	`sort` smallint NOT NULL DEFAULT 0,
	`status` enum('active','withdrawn') NOT NULL DEFAULT 'active',
	CONSTRAINT `meal_menu_dishes_id` PRIMARY KEY(`id`),
	CONSTRAINT `meal_menu_dishes_within_limit` CHECK(`meal_menu_dishes`.`booked` >= 0 AND (`meal_menu_dishes`.`portions_limit` IS NULL OR `meal_menu_dishes`.`booked` <= `meal_menu_dishes`.`portions_limit`))
);
--> statement-breakpoint
CREATE TABLE `meal_menus` (
	`merchant_id` bigint unsigned NOT NULL,
	`date` char(10) NOT NULL,
	`period_id` bigint unsigned NOT NULL,
	`cutoff_at` datetime(3) NOT NULL,
	`published_by` bigint unsigned NOT NULL,
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `meal_menus_merchant_id_date_period_id_pk` PRIMARY KEY(`merchant_id`,`date`,`period_id`)
);
--> statement-breakpoint
CREATE TABLE `meal_order_items` (
	`order_id` bigint unsigned NOT NULL,
	`dish_id` bigint unsigned NOT NULL,
	`qty` smallint NOT NULL,
	`price_fen` int NOT NULL,
	CONSTRAINT `meal_order_items_order_id_dish_id_pk` PRIMARY KEY(`order_id`,`dish_id`)
);
--> statement-breakpoint
CREATE TABLE `meal_orders` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`user_id` bigint unsigned NOT NULL,
	`guest_name` varchar(64),
	`voucher_id` bigint unsigned,
	`merchant_id` bigint unsigned NOT NULL,
	`date` char(10) NOT NULL,
	`period_id` bigint unsigned NOT NULL,
	`status` enum('booked','picked_up','cancelled','no_show') NOT NULL DEFAULT 'booked',
	`pay` enum('hold','on_pickup','voucher') NOT NULL,
	`amount_fen` int NOT NULL,
	`hold_subsidy_fen` int NOT NULL DEFAULT 0,
	`hold_personal_fen` int NOT NULL DEFAULT 0,
	`hold_entry_id` bigint unsigned,
	`payment_id` bigint unsigned,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`closed_at` datetime(3),
	CONSTRAINT `meal_orders_id` PRIMARY KEY(`id`),
	CONSTRAINT `meal_orders_hold_split` CHECK(`meal_orders`.`hold_subsidy_fen` >= 0 AND `meal_orders`.`hold_personal_fen` >= 0 AND (`meal_orders`.`pay` <> 'hold' OR `meal_orders`.`hold_subsidy_fen` + `meal_orders`.`hold_personal_fen` = `meal_orders`.`amount_fen`))
);
--> statement-breakpoint
CREATE TABLE `meal_waste` (
	`merchant_id` bigint unsigned NOT NULL,
	`date` char(10) NOT NULL,
	`period_id` bigint unsigned NOT NULL,
	`kg` decimal(7,2) NOT NULL,
	`recorded_by` bigint unsigned NOT NULL,
	`recorded_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `meal_waste_merchant_id_date_period_id_pk` PRIMARY KEY(`merchant_id`,`date`,`period_id`)
);
--> statement-breakpoint
ALTER TABLE `user_roles` MODIFY COLUMN `role` enum('staff','approver','cashier','guard','dispatcher','driver','meeting_service','settlement','admin','unit_admin','asset_keeper','repair_dispatcher','repair_worker','canteen_manager','leader','visitor') NOT NULL;--> statement-breakpoint
ALTER TABLE `journal_entries` MODIFY COLUMN `kind` enum('payment','refund','topup','subsidy','voucher_issue','voucher_expiry','meal_hold','meal_hold_release') NOT NULL;--> statement-breakpoint
ALTER TABLE `postings` MODIFY COLUMN `account` enum('meal_subsidy','meal_personal','meal_hold','merchant_receivable','unit_subsidy_funding','unit_voucher_funding','voucher','wechat_clearing') NOT NULL;--> statement-breakpoint
ALTER TABLE `meal_periods` ADD `booking_cutoff_minute` smallint;--> statement-breakpoint
ALTER TABLE `meal_periods` ADD `no_show_rule` enum('charge','release') DEFAULT 'charge' NOT NULL;--> statement-breakpoint
ALTER TABLE `meal_menu_dishes` ADD CONSTRAINT `meal_menu_dishes_merchant_id_merchants_id_fk` FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_menu_dishes` ADD CONSTRAINT `meal_menu_dishes_period_id_meal_periods_id_fk` FOREIGN KEY (`period_id`) REFERENCES `meal_periods`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_menus` ADD CONSTRAINT `meal_menus_merchant_id_merchants_id_fk` FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_menus` ADD CONSTRAINT `meal_menus_period_id_meal_periods_id_fk` FOREIGN KEY (`period_id`) REFERENCES `meal_periods`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_menus` ADD CONSTRAINT `meal_menus_published_by_users_id_fk` FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_order_items` ADD CONSTRAINT `meal_order_items_order_id_meal_orders_id_fk` FOREIGN KEY (`order_id`) REFERENCES `meal_orders`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_order_items` ADD CONSTRAINT `meal_order_items_dish_id_meal_menu_dishes_id_fk` FOREIGN KEY (`dish_id`) REFERENCES `meal_menu_dishes`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_orders` ADD CONSTRAINT `meal_orders_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_orders` ADD CONSTRAINT `meal_orders_voucher_id_meal_vouchers_id_fk` FOREIGN KEY (`voucher_id`) REFERENCES `meal_vouchers`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_orders` ADD CONSTRAINT `meal_orders_merchant_id_merchants_id_fk` FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_orders` ADD CONSTRAINT `meal_orders_period_id_meal_periods_id_fk` FOREIGN KEY (`period_id`) REFERENCES `meal_periods`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_orders` ADD CONSTRAINT `meal_orders_hold_entry_id_journal_entries_id_fk` FOREIGN KEY (`hold_entry_id`) REFERENCES `journal_entries`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_orders` ADD CONSTRAINT `meal_orders_payment_id_meal_payments_id_fk` FOREIGN KEY (`payment_id`) REFERENCES `meal_payments`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_waste` ADD CONSTRAINT `meal_waste_merchant_id_merchants_id_fk` FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_waste` ADD CONSTRAINT `meal_waste_period_id_meal_periods_id_fk` FOREIGN KEY (`period_id`) REFERENCES `meal_periods`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_waste` ADD CONSTRAINT `meal_waste_recorded_by_users_id_fk` FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `meal_menu_dishes_menu_idx` ON `meal_menu_dishes` (`merchant_id`,`date`,`period_id`,`sort`);--> statement-breakpoint
CREATE INDEX `meal_order_items_dish_idx` ON `meal_order_items` (`dish_id`);--> statement-breakpoint
CREATE INDEX `meal_orders_kitchen_idx` ON `meal_orders` (`merchant_id`,`date`,`period_id`,`status`);--> statement-breakpoint
CREATE INDEX `meal_orders_user_idx` ON `meal_orders` (`user_id`,`date`);--> statement-breakpoint
CREATE INDEX `meal_orders_open_idx` ON `meal_orders` (`status`,`date`);