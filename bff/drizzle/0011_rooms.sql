CREATE TABLE `meeting_task_done` (
	`booking_id` bigint unsigned NOT NULL,
	`kind` enum('prepare_room','tea','nameplates','banner','av','meals') NOT NULL,
	`done_by_user_id` bigint unsigned NOT NULL,
	`done_at` datetime(3) NOT NULL,
	CONSTRAINT `meeting_task_done_booking_id_kind_pk` PRIMARY KEY(`booking_id`,`kind`)
);
--> statement-breakpoint
CREATE TABLE `room_bookings` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`room_id` bigint unsigned NOT NULL,
	`series_id` bigint unsigned,
	`organiser_user_id` bigint unsigned NOT NULL,
	`organiser_unit_id` bigint unsigned,
	`title` varchar(100) NOT NULL,
	`start_at` datetime(3) NOT NULL,
	`end_at` datetime(3) NOT NULL,
	`attendee_count` int NOT NULL,
	`services` json NOT NULL,
	`status` enum('pending_approval','confirmed','rejected','cancelled','released','ended') NOT NULL,
	`detached` boolean NOT NULL DEFAULT false,
	`checked_in_at` datetime(3),
	`ended_at` datetime(3),
	`no_show` boolean NOT NULL DEFAULT false,
	`decided_by_user_id` bigint unsigned,
	`decided_at` datetime(3),
	`reject_reason` varchar(100),
	`cancelled_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `room_bookings_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `room_series` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`room_id` bigint unsigned NOT NULL,
	`organiser_user_id` bigint unsigned NOT NULL,
	`weekly_until` varchar(10) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `room_series_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `room_slots` (
	`room_id` bigint unsigned NOT NULL,
	`slot_start` datetime(3) NOT NULL,
	`booking_id` bigint unsigned NOT NULL,
	CONSTRAINT `room_slots_room_id_slot_start_pk` PRIMARY KEY(`room_id`,`slot_start`)
);
--> statement-breakpoint
CREATE TABLE `rooms` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`name` varchar(50) NOT NULL,
	`building` varchar(50) NOT NULL,
	`floor` varchar(20) NOT NULL,
	`capacity` int NOT NULL,
	`equipment` json NOT NULL,
	`photos` json NOT NULL,
	`open_from_minute` smallint NOT NULL DEFAULT 480,
	`open_to_minute` smallint NOT NULL DEFAULT 1080,
	`requires_approval` boolean NOT NULL DEFAULT false,
	`horizon_days` smallint NOT NULL DEFAULT 60,
	`status` enum('active','disabled') NOT NULL DEFAULT 'active',
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `rooms_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `meeting_task_done` ADD CONSTRAINT `meeting_task_done_booking_id_room_bookings_id_fk` FOREIGN KEY (`booking_id`) REFERENCES `room_bookings`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `meeting_task_done` ADD CONSTRAINT `meeting_task_done_done_by_user_id_users_id_fk` FOREIGN KEY (`done_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `room_bookings` ADD CONSTRAINT `room_bookings_room_id_rooms_id_fk` FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `room_bookings` ADD CONSTRAINT `room_bookings_series_id_room_series_id_fk` FOREIGN KEY (`series_id`) REFERENCES `room_series`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `room_bookings` ADD CONSTRAINT `room_bookings_organiser_user_id_users_id_fk` FOREIGN KEY (`organiser_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `room_bookings` ADD CONSTRAINT `room_bookings_organiser_unit_id_units_id_fk` FOREIGN KEY (`organiser_unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `room_bookings` ADD CONSTRAINT `room_bookings_decided_by_user_id_users_id_fk` FOREIGN KEY (`decided_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `room_series` ADD CONSTRAINT `room_series_room_id_rooms_id_fk` FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `room_series` ADD CONSTRAINT `room_series_organiser_user_id_users_id_fk` FOREIGN KEY (`organiser_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `room_bookings_room_start_idx` ON `room_bookings` (`room_id`,`start_at`);--> statement-breakpoint
CREATE INDEX `room_bookings_organiser_idx` ON `room_bookings` (`organiser_user_id`,`id`);--> statement-breakpoint
CREATE INDEX `room_bookings_status_start_idx` ON `room_bookings` (`status`,`start_at`);--> statement-breakpoint
CREATE INDEX `room_bookings_series_idx` ON `room_bookings` (`series_id`,`start_at`);--> statement-breakpoint
CREATE INDEX `room_slots_booking_idx` ON `room_slots` (`booking_id`);--> statement-breakpoint
CREATE INDEX `rooms_status_idx` ON `rooms` (`status`);