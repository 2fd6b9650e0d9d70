CREATE TABLE `platform_tokens` (
	`name` varchar(64) NOT NULL,
	`token` varchar(512),
	`expires_at` datetime(3),
	`refreshing_until` datetime(3),
	CONSTRAINT `platform_tokens_name` PRIMARY KEY(`name`)
);
--> statement-breakpoint
CREATE TABLE `wechat_subscriptions` (
	`user_id` bigint unsigned NOT NULL,
	`template_id` varchar(64) NOT NULL,
	`remaining` int NOT NULL DEFAULT 0,
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `wechat_subscriptions_user_id_template_id_pk` PRIMARY KEY(`user_id`,`template_id`)
);
--> statement-breakpoint
ALTER TABLE `sessions` MODIFY COLUMN `channel` enum('dev','wechat','dingtalk','zzd') NOT NULL;--> statement-breakpoint
ALTER TABLE `notification_deliveries` MODIFY COLUMN `channel` enum('wechat','dingtalk','zzd','sms') NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `zzd_account_id` varchar(64);--> statement-breakpoint
ALTER TABLE `users` ADD `zzd_employee_code` varchar(64);--> statement-breakpoint
ALTER TABLE `users` ADD CONSTRAINT `users_zzd_account_id_unique` UNIQUE(`zzd_account_id`);--> statement-breakpoint
ALTER TABLE `users` ADD CONSTRAINT `users_zzd_employee_code_unique` UNIQUE(`zzd_employee_code`);--> statement-breakpoint
ALTER TABLE `wechat_subscriptions` ADD CONSTRAINT `wechat_subscriptions_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;