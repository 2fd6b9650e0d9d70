-- Messages already sent with links to pages that never existed (issue 16): room bookings, room
-- approvals and 会务 tasks, and trip messages that opened the new-request form instead of the
-- request. New links come from shared/src/routes.ts; these rewrite the stored ones to the same pages.
UPDATE `notifications` SET `link` = REPLACE(`link`, '/packages/room/pages/booking/index?', '/packages/room/pages/detail/index?') WHERE `link` LIKE '/packages/room/pages/booking/index?%';--> statement-breakpoint
UPDATE `notifications` SET `link` = '/packages/room/pages/mine/index?as=approver' WHERE `link` = '/packages/room/pages/approvals/index';--> statement-breakpoint
UPDATE `notifications` SET `link` = '/packages/meeting-service/pages/tasks/index' WHERE `link` = '/packages/room/pages/tasks/index';--> statement-breakpoint
UPDATE `notifications` SET `link` = REPLACE(`link`, '/packages/vehicle/pages/request/index?', '/packages/vehicle/pages/detail/index?') WHERE `link` LIKE '/packages/vehicle/pages/request/index?id=%';
