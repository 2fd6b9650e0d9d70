ALTER TABLE `meal_vouchers` ADD `code_hash` char(64) NOT NULL;--> statement-breakpoint
ALTER TABLE `meal_vouchers` ADD `code_sealed` varchar(128);--> statement-breakpoint
ALTER TABLE `meal_vouchers` ADD `code_prefix` char(4) CHARACTER SET ascii COLLATE ascii_bin NOT NULL;--> statement-breakpoint
-- Existing vouchers keep working: their code's sha256 and its first 4 characters, computed here
-- before the plaintext goes. SQL cannot seal with the PII key, so code_sealed stays NULL for them:
-- they are shown masked and without a link (the holder's link they were given still works).
UPDATE `meal_vouchers` SET `code_hash` = SHA2(`code`, 256), `code_prefix` = LEFT(`code`, 4);--> statement-breakpoint
ALTER TABLE `meal_vouchers` ADD CONSTRAINT `meal_vouchers_code_hash_uq` UNIQUE(`code_hash`);--> statement-breakpoint
ALTER TABLE `meal_vouchers` DROP INDEX `meal_vouchers_code_uq`;--> statement-breakpoint
ALTER TABLE `meal_vouchers` DROP COLUMN `code`;
