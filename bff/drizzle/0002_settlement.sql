CREATE TABLE `meal_statement_reviews` (
	`payment_id` bigint unsigned NOT NULL,
	`merchant_id` bigint unsigned NOT NULL,
	`review` enum('confirmed','disputed') NOT NULL,
	`note` varchar(200),
	`reviewed_by` bigint unsigned NOT NULL,
	`reviewed_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `meal_statement_reviews_payment_id` PRIMARY KEY(`payment_id`)
);
--> statement-breakpoint
ALTER TABLE `meal_statement_reviews` ADD CONSTRAINT `meal_statement_reviews_payment_id_meal_payments_id_fk` FOREIGN KEY (`payment_id`) REFERENCES `meal_payments`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_statement_reviews` ADD CONSTRAINT `meal_statement_reviews_merchant_id_merchants_id_fk` FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meal_statement_reviews` ADD CONSTRAINT `meal_statement_reviews_reviewed_by_users_id_fk` FOREIGN KEY (`reviewed_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `statement_reviews_merchant_idx` ON `meal_statement_reviews` (`merchant_id`);