CREATE TABLE `drivers` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`user_id` bigint unsigned NOT NULL,
	`on_duty` boolean NOT NULL DEFAULT true,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `drivers_id` PRIMARY KEY(`id`),
	CONSTRAINT `drivers_user_uq` UNIQUE(`user_id`)
);
--> statement-breakpoint
CREATE TABLE `vehicle_reports` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`vehicle_id` bigint unsigned NOT NULL,
	`text` varchar(500) NOT NULL,
	`photo` mediumblob,
	`photo_type` varchar(16),
	`lat` decimal(9,6),
	`lng` decimal(9,6),
	`task_at_report` json NOT NULL,
	`status` enum('open','resolved') NOT NULL DEFAULT 'open',
	`resolved_by_user_id` bigint unsigned,
	`resolution_note` varchar(200),
	`resolved_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `vehicle_reports_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `vehicle_request_history` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`request_id` bigint unsigned NOT NULL,
	`by_user_id` bigint unsigned NOT NULL,
	`action` varchar(32) NOT NULL,
	`changes` json NOT NULL,
	`reason` varchar(100),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `vehicle_request_history_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `vehicle_requests` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`status` enum('pending_approval','approved','dispatched','in_progress','completed','rejected','cancelled') NOT NULL,
	`requester_user_id` bigint unsigned NOT NULL,
	`unit_id` bigint unsigned,
	`purpose` varchar(200) NOT NULL,
	`origin` varchar(100) NOT NULL,
	`destination` varchar(100) NOT NULL,
	`start_at` datetime(3) NOT NULL,
	`end_at` datetime(3) NOT NULL,
	`passengers` smallint NOT NULL,
	`vehicle_type` enum('sedan','business','minibus','new_energy'),
	`note` varchar(200),
	`decided_by_user_id` bigint unsigned,
	`decided_at` datetime(3),
	`reject_reason` varchar(100),
	`vehicle_id` bigint unsigned,
	`driver_id` bigint unsigned,
	`dispatched_at` datetime(3),
	`dispatched_by_user_id` bigint unsigned,
	`cancelled_at` datetime(3),
	`rating_stars` tinyint,
	`rating_comment` varchar(200),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `vehicle_requests_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `vehicle_scans` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`vehicle_id` bigint unsigned NOT NULL,
	`user_id` bigint unsigned NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `vehicle_scans_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `vehicle_trips` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`request_id` bigint unsigned NOT NULL,
	`vehicle_id` bigint unsigned NOT NULL,
	`driver_id` bigint unsigned NOT NULL,
	`running_vehicle_id` bigint unsigned,
	`status` enum('in_progress','finished') NOT NULL,
	`started_at` datetime(3) NOT NULL,
	`start_odometer_km` int NOT NULL,
	`finished_at` datetime(3),
	`end_odometer_km` int,
	`toll_fen` int NOT NULL DEFAULT 0,
	`parking_fen` int NOT NULL DEFAULT 0,
	`fuel_fen` int NOT NULL DEFAULT 0,
	`energy_kwh` decimal(9,2),
	`fuel_litres` decimal(9,2),
	`charge_fen` int,
	CONSTRAINT `vehicle_trips_id` PRIMARY KEY(`id`),
	CONSTRAINT `vehicle_trips_request_uq` UNIQUE(`request_id`),
	CONSTRAINT `vehicle_trips_running_vehicle_uq` UNIQUE(`running_vehicle_id`)
);
--> statement-breakpoint
CREATE TABLE `vehicles` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`plate_no` varchar(12) NOT NULL,
	`type` enum('sedan','business','minibus','new_energy') NOT NULL,
	`seats` smallint NOT NULL,
	`energy` enum('fuel','electric') NOT NULL,
	`unit_id` bigint unsigned,
	`status` enum('active','maintenance','retired') NOT NULL DEFAULT 'active',
	`last_odometer_km` int NOT NULL DEFAULT 0,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `vehicles_id` PRIMARY KEY(`id`),
	CONSTRAINT `vehicles_plate_uq` UNIQUE(`plate_no`)
);
--> statement-breakpoint
ALTER TABLE `drivers` ADD CONSTRAINT `drivers_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `vehicle_reports` ADD CONSTRAINT `vehicle_reports_vehicle_id_vehicles_id_fk` FOREIGN KEY (`vehicle_id`) REFERENCES `vehicles`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `vehicle_reports` ADD CONSTRAINT `vehicle_reports_resolved_by_user_id_users_id_fk` FOREIGN KEY (`resolved_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `vehicle_request_history` ADD CONSTRAINT `vehicle_request_history_request_id_vehicle_requests_id_fk` FOREIGN KEY (`request_id`) REFERENCES `vehicle_requests`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `vehicle_request_history` ADD CONSTRAINT `vehicle_request_history_by_user_id_users_id_fk` FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `vehicle_requests` ADD CONSTRAINT `vehicle_requests_requester_user_id_users_id_fk` FOREIGN KEY (`requester_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `vehicle_requests` ADD CONSTRAINT `vehicle_requests_unit_id_units_id_fk` FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `vehicle_requests` ADD CONSTRAINT `vehicle_requests_decided_by_user_id_users_id_fk` FOREIGN KEY (`decided_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `vehicle_requests` ADD CONSTRAINT `vehicle_requests_vehicle_id_vehicles_id_fk` FOREIGN KEY (`vehicle_id`) REFERENCES `vehicles`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `vehicle_requests` ADD CONSTRAINT `vehicle_requests_driver_id_drivers_id_fk` FOREIGN KEY (`driver_id`) REFERENCES `drivers`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `vehicle_requests` ADD CONSTRAINT `vehicle_requests_dispatched_by_user_id_users_id_fk` FOREIGN KEY (`dispatched_by_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `vehicle_scans` ADD CONSTRAINT `vehicle_scans_vehicle_id_vehicles_id_fk` FOREIGN KEY (`vehicle_id`) REFERENCES `vehicles`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `vehicle_scans` ADD CONSTRAINT `vehicle_scans_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `vehicle_trips` ADD CONSTRAINT `vehicle_trips_request_id_vehicle_requests_id_fk` FOREIGN KEY (`request_id`) REFERENCES `vehicle_requests`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `vehicle_trips` ADD CONSTRAINT `vehicle_trips_vehicle_id_vehicles_id_fk` FOREIGN KEY (`vehicle_id`) REFERENCES `vehicles`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `vehicle_trips` ADD CONSTRAINT `vehicle_trips_driver_id_drivers_id_fk` FOREIGN KEY (`driver_id`) REFERENCES `drivers`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `vehicles` ADD CONSTRAINT `vehicles_unit_id_units_id_fk` FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `vehicle_reports_status_idx` ON `vehicle_reports` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `vehicle_reports_vehicle_idx` ON `vehicle_reports` (`vehicle_id`);--> statement-breakpoint
CREATE INDEX `vehicle_request_history_request_idx` ON `vehicle_request_history` (`request_id`,`id`);--> statement-breakpoint
CREATE INDEX `vehicle_requests_requester_idx` ON `vehicle_requests` (`requester_user_id`,`id`);--> statement-breakpoint
CREATE INDEX `vehicle_requests_unit_status_idx` ON `vehicle_requests` (`unit_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `vehicle_requests_status_start_idx` ON `vehicle_requests` (`status`,`start_at`);--> statement-breakpoint
CREATE INDEX `vehicle_requests_vehicle_window_idx` ON `vehicle_requests` (`vehicle_id`,`start_at`,`end_at`);--> statement-breakpoint
CREATE INDEX `vehicle_requests_driver_window_idx` ON `vehicle_requests` (`driver_id`,`start_at`,`end_at`);--> statement-breakpoint
CREATE INDEX `vehicle_scans_vehicle_idx` ON `vehicle_scans` (`vehicle_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `vehicle_trips_vehicle_idx` ON `vehicle_trips` (`vehicle_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `vehicle_trips_driver_idx` ON `vehicle_trips` (`driver_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `vehicle_trips_finished_idx` ON `vehicle_trips` (`finished_at`);