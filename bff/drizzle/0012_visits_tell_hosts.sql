ALTER TABLE `visits` ADD `tell_host_in` boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `visits` ADD `tell_host_out` boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `visits_tell_host_in_idx` ON `visits` (`tell_host_in`);--> statement-breakpoint
CREATE INDEX `visits_tell_host_out_idx` ON `visits` (`tell_host_out`);