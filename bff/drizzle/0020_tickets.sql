CREATE TABLE `locations` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`building` varchar(30) NOT NULL,
	`floor` varchar(10) NOT NULL,
	`spot` varchar(30) NOT NULL,
	`active` boolean NOT NULL DEFAULT true,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `locations_id` PRIMARY KEY(`id`),
	CONSTRAINT `locations_place_uq` UNIQUE(`building`,`floor`,`spot`)
);
--> statement-breakpoint
CREATE TABLE `repair_firms` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`name` varchar(50) NOT NULL,
	`contact_name` varchar(20) NOT NULL,
	`contact_mobile` varchar(128) NOT NULL,
	`categories` json NOT NULL,
	`active` boolean NOT NULL DEFAULT true,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `repair_firms_id` PRIMARY KEY(`id`),
	CONSTRAINT `repair_firms_name_uq` UNIQUE(`name`)
);
--> statement-breakpoint
CREATE TABLE `sla_targets` (
	`category` varchar(20) NOT NULL,
	`urgency` enum('normal','urgent') NOT NULL,
	`accept_minutes` int NOT NULL,
	`finish_minutes` int NOT NULL,
	CONSTRAINT `sla_targets_category_urgency_pk` PRIMARY KEY(`category`,`urgency`)
);
--> statement-breakpoint
CREATE TABLE `ticket_events` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`ticket_id` bigint unsigned NOT NULL,
	`at` datetime(3) NOT NULL,
	`kind` varchar(20) NOT NULL,
	`text` varchar(600) NOT NULL,
	`actor_user_id` bigint unsigned,
	`actor_name` varchar(50),
	CONSTRAINT `ticket_events_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `ticket_photos` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`ticket_id` bigint unsigned NOT NULL,
	`stage` enum('report','info','finish') NOT NULL,
	`type` varchar(20) NOT NULL,
	`bytes` mediumblob NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `ticket_photos_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `ticket_reminders` (
	`ticket_id` bigint unsigned NOT NULL,
	`clock` enum('accept','finish') NOT NULL,
	`level` enum('warn','breach','escalate') NOT NULL,
	`cycle` int NOT NULL,
	`sent_at` datetime(3) NOT NULL,
	CONSTRAINT `ticket_reminders_ticket_id_clock_level_cycle_pk` PRIMARY KEY(`ticket_id`,`clock`,`level`,`cycle`)
);
--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`kind` enum('repair','suggestion','complaint','question') NOT NULL,
	`category` enum('water_power','hvac','door_lock','network_phone','furniture','elevator','other'),
	`urgency` enum('normal','urgent') NOT NULL,
	`status` enum('submitted','assigned','accepted','in_progress','paused','finished','closed','cancelled') NOT NULL,
	`description` varchar(500) NOT NULL,
	`reporter_user_id` bigint unsigned NOT NULL,
	`unit_id` bigint unsigned,
	`location_id` bigint unsigned,
	`room_id` bigint unsigned,
	`asset_id` bigint unsigned,
	`place` varchar(120),
	`worker_user_id` bigint unsigned,
	`firm_id` bigint unsigned,
	`assignment` int NOT NULL DEFAULT 0,
	`clock_started_at` datetime(3) NOT NULL,
	`accept_target_minutes` int NOT NULL,
	`finish_target_minutes` int NOT NULL,
	`accept_by` datetime(3) NOT NULL,
	`finish_by` datetime(3) NOT NULL,
	`accepted_at` datetime(3),
	`paused_at` datetime(3),
	`pause_reason` enum('parts','reporter','outsourcing'),
	`paused_minutes` int NOT NULL DEFAULT 0,
	`finished_at` datetime(3),
	`finish_note` varchar(500),
	`parts` varchar(200),
	`cost_fen` int,
	`reply` varchar(1000),
	`rating` int,
	`rating_comment` varchar(300),
	`closed_at` datetime(3),
	`reopen_count` int NOT NULL DEFAULT 0,
	`repeat_of_id` bigint unsigned,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `tickets_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `work_calendar_days` (
	`day` date NOT NULL,
	`kind` enum('holiday','workday') NOT NULL,
	`name` varchar(20) NOT NULL,
	CONSTRAINT `work_calendar_days_day` PRIMARY KEY(`day`)
);
--> statement-breakpoint
CREATE TABLE `work_hours` (
	`id` int NOT NULL,
	`weekdays` json NOT NULL,
	`spans` json NOT NULL,
	CONSTRAINT `work_hours_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `user_roles` MODIFY COLUMN `role` enum('staff','approver','cashier','guard','dispatcher','driver','meeting_service','settlement','admin','unit_admin','asset_keeper','repair_dispatcher','repair_worker','visitor') NOT NULL;--> statement-breakpoint
ALTER TABLE `notification_deliveries` MODIFY COLUMN `channel` enum('wechat','dingtalk','sms') NOT NULL;--> statement-breakpoint
ALTER TABLE `notification_deliveries` MODIFY COLUMN `recipient` varchar(128) NOT NULL;--> statement-breakpoint
ALTER TABLE `notifications` MODIFY COLUMN `user_id` bigint unsigned;--> statement-breakpoint
ALTER TABLE `ticket_events` ADD CONSTRAINT `ticket_events_ticket_id_tickets_id_fk` FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ticket_events` ADD CONSTRAINT `ticket_events_actor_user_id_users_id_fk` FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ticket_photos` ADD CONSTRAINT `ticket_photos_ticket_id_tickets_id_fk` FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `ticket_reminders` ADD CONSTRAINT `ticket_reminders_ticket_id_tickets_id_fk` FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tickets` ADD CONSTRAINT `tickets_reporter_user_id_users_id_fk` FOREIGN KEY (`reporter_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tickets` ADD CONSTRAINT `tickets_unit_id_units_id_fk` FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tickets` ADD CONSTRAINT `tickets_location_id_locations_id_fk` FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tickets` ADD CONSTRAINT `tickets_room_id_rooms_id_fk` FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tickets` ADD CONSTRAINT `tickets_asset_id_assets_id_fk` FOREIGN KEY (`asset_id`) REFERENCES `assets`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tickets` ADD CONSTRAINT `tickets_worker_user_id_users_id_fk` FOREIGN KEY (`worker_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tickets` ADD CONSTRAINT `tickets_firm_id_repair_firms_id_fk` FOREIGN KEY (`firm_id`) REFERENCES `repair_firms`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `ticket_events_ticket_idx` ON `ticket_events` (`ticket_id`,`id`);--> statement-breakpoint
CREATE INDEX `ticket_photos_ticket_idx` ON `ticket_photos` (`ticket_id`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_reporter_idx` ON `tickets` (`reporter_user_id`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_status_finish_idx` ON `tickets` (`status`,`finish_by`);--> statement-breakpoint
CREATE INDEX `tickets_worker_status_idx` ON `tickets` (`worker_user_id`,`status`);--> statement-breakpoint
CREATE INDEX `tickets_firm_idx` ON `tickets` (`firm_id`,`status`);--> statement-breakpoint
CREATE INDEX `tickets_location_idx` ON `tickets` (`location_id`,`category`,`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_room_idx` ON `tickets` (`room_id`,`category`,`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_asset_idx` ON `tickets` (`asset_id`,`category`,`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_created_idx` ON `tickets` (`created_at`);--> statement-breakpoint
INSERT INTO `work_calendar_days` (`day`, `kind`, `name`) VALUES
('2026-01-01','holiday','元旦'),('2026-01-02','holiday','元旦'),('2026-01-03','holiday','元旦'),('2026-01-04','workday','元旦调休'),
('2026-02-14','workday','春节调休'),('2026-02-15','holiday','春节'),('2026-02-16','holiday','春节'),('2026-02-17','holiday','春节'),('2026-02-18','holiday','春节'),('2026-02-19','holiday','春节'),('2026-02-20','holiday','春节'),('2026-02-21','holiday','春节'),('2026-02-22','holiday','春节'),('2026-02-23','holiday','春节'),('2026-02-28','workday','春节调休'),
('2026-04-04','holiday','清明节'),('2026-04-05','holiday','清明节'),('2026-04-06','holiday','清明节'),
('2026-05-01','holiday','劳动节'),('2026-05-02','holiday','劳动节'),('2026-05-03','holiday','劳动节'),('2026-05-04','holiday','劳动节'),('2026-05-05','holiday','劳动节'),('2026-05-09','workday','劳动节调休'),
('2026-06-19','holiday','端午节'),('2026-06-20','holiday','端午节'),('2026-06-21','holiday','端午节'),
('2026-09-20','workday','国庆节调休'),('2026-09-25','holiday','中秋节'),('2026-09-26','holiday','中秋节'),('2026-09-27','holiday','中秋节'),
('2026-10-01','holiday','国庆节'),('2026-10-02','holiday','国庆节'),('2026-10-03','holiday','国庆节'),('2026-10-04','holiday','国庆节'),('2026-10-05','holiday','国庆节'),('2026-10-06','holiday','国庆节'),('2026-10-07','holiday','国庆节'),('2026-10-10','workday','国庆节调休');
