CREATE TABLE `job_runs` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`name` varchar(64) NOT NULL,
	`run_id` varchar(36) NOT NULL,
	`instance` varchar(100) NOT NULL,
	`started_at` datetime(3) NOT NULL,
	`finished_at` datetime(3),
	`period_ms` int NOT NULL,
	`error` varchar(300),
	CONSTRAINT `job_runs_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `job_schedule` ADD `run_id` varchar(36);--> statement-breakpoint
ALTER TABLE `job_schedule` ADD `lease_until` datetime(3);--> statement-breakpoint
CREATE INDEX `job_runs_name_started` ON `job_runs` (`name`,`started_at`);